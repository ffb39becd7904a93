"""Sandbox accounts and TM tokens (docs/sandbox.md §2) and the user documents behind them."""

import re
from typing import Any

from monoql_sandbox.clock import epoch_ms
from monoql_sandbox.state import Sandbox, derived_id

SUPREME, MANAGER, FAN = "sandbox-supreme", "sandbox-manager", "sandbox-fan"
FRESH_FAN = re.compile(r"^sandbox-fan-[A-Za-z0-9-]+$")
ALL_CARDS = ["VISA", "AMEX", "DISCOVER", "MASTERCARD", "CAPITALONE", "CITI", "CHASE", "BARCLAYS", "BOFA"]
ALL_LINKED = ["VERIZON", "CITI"]
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def split_token(token: str) -> tuple[str, str]:
    """(account name, tmSig): the text before the first ``.`` and after the last one."""
    return token.split(".", 1)[0], token.rsplit(".", 1)[-1]


def is_account_name(name: str) -> bool:
    return name in (SUPREME, MANAGER, FAN) or bool(FRESH_FAN.match(name))


def user_id_of(name: str) -> str:
    return derived_id(f"account:{name}")


def new_user(name: str, now_ms: int, *, supreme: bool = False) -> dict[str, Any]:
    """An empty profile for ``name`` with ids derived from it (stable across restarts)."""
    digest = derived_id(f"identity:{name}")
    return {
        "id": user_id_of(name),
        "account": name,
        "firstName": None,
        "lastName": None,
        "email": None,
        "phone": None,
        "zip": None,
        "doNotSell": False,
        "emailList": [],
        "phoneList": [],
        "tmId": f"TM-{digest[:8].upper()}",
        "memberId": f"M-{digest[8:16].upper()}",
        "globalUserId": f"G-{digest[16:24].upper()}",
        "isSupreme": supreme,
        "permissions": {},
        "permDates": {},
        "cards": [],
        "linkedAccounts": [],
        "idv": None,
        "tmuo": None,
        "date": {"created": now_ms, "updated": now_ms},
    }


def find_account(sb: Sandbox, name: str, *, create: bool = True) -> dict[str, Any] | None:
    """The user of a sandbox account; fresh fans are created on first use."""
    store = sb.store
    user_id = store.accounts.get(name)
    if user_id is not None:
        return store.users.get(user_id)
    if not create or not is_account_name(name):
        return None
    user = new_user(name, epoch_ms(sb.now()))
    store.users[user["id"]] = user
    store.accounts[name] = user["id"]
    return user


def set_email(user: dict[str, Any], email: str | None, now_ms: int) -> None:
    user["email"] = email
    if email and all(rec["account"] != email for rec in user["emailList"]):
        user["emailList"].append({"account": email, "date": {"added": now_ms, "updated": now_ms}})


def set_phone(user: dict[str, Any], phone: str | None, now_ms: int) -> None:
    user["phone"] = phone
    if phone and all(rec["account"] != phone for rec in user["phoneList"]):
        country = "US" if phone.startswith("+1") else ("MX" if phone.startswith("+52") else None)
        user["phoneList"].append(
            {
                "account": phone,
                "country": country,
                "type": "mobile",
                "date": {"added": now_ms, "updated": now_ms, "confirmed": None},
            }
        )


def identifier(user: dict[str, Any], kind: str) -> str | None:
    """The user's identifier of a kind (memberId, globalUserId, email, user_id)."""
    if kind == "user_id":
        result: str | None = user["id"]
        return result
    return user.get(kind)


def user_response(user: dict[str, Any], token: str | None) -> dict[str, Any]:
    """The user response of docs/services.md §1."""
    return {
        "id": user["id"],
        "_id": user["id"],
        "firstName": user["firstName"],
        "lastName": user["lastName"],
        "name": {"first": user["firstName"], "last": user["lastName"]},
        "email": user["email"],
        "phone": user["phone"],
        "zip": user["zip"],
        "doNotSell": bool(user.get("doNotSell")),
        "emailList": user["emailList"],
        "phoneList": user["phoneList"],
        "integrations": {
            "ticketmaster": {
                "id": user["tmId"],
                "globalUserId": user["globalUserId"],
                "member_id": user["memberId"],
                "email": user["email"],
                "origin": user.get("tmuo"),
            }
        },
        "auth": {"token": token},
        "date": dict(user["date"]),
    }
