"""users stand-in (docs/services.md §1): login with sandbox TM tokens, profile, permissions, supremes."""

from typing import Any

from flask import Blueprint, request

from monoql_sandbox import accounts
from monoql_sandbox.auth import caller, mint, require_login, require_supreme, user_claims
from monoql_sandbox.clock import epoch_ms
from monoql_sandbox.envelope import ApiError, bad, json_body, not_found, reply
from monoql_sandbox.state import current

bp = Blueprint("users", __name__)
ACTIONS = ("VIEW", "EDIT", "REPORT", "INVITE")
PROFILE_KEYS = ("first_name", "last_name", "email", "phone", "zip")


@bp.get("/heartbeat")
def heartbeat():
    return {"status": "ok"}


LOGIN_VERSION = "v2"


@bp.post("/auth")
def login():
    """Log in (docs/services.md §1). Stricter than a service needs to be, so that a gateway bug shows:
    a login that carries `Authorization` or a `version` other than "v2" is refused with 401."""
    if "Authorization" in request.headers:
        message = "POST /auth takes no Authorization header."
        raise ApiError(401, "AUTHORIZATION_NOT_ALLOWED", message, payload="Authorization")
    body = json_body()
    token = body.get("tm_token")
    if not isinstance(token, str) or not token:
        raise bad("MISSING_TM_TOKEN", "A Ticketmaster token is required.", field="tm_token")
    if body.get("version") != LOGIN_VERSION:
        message = f'Only login version "{LOGIN_VERSION}" is accepted.'
        raise ApiError(401, "UNSUPPORTED_LOGIN_VERSION", message, field="version")
    name, tm_sig = accounts.split_token(token)
    user = accounts.find_account(current(), name)
    if user is None:
        raise ApiError(401, "INVALID_TM_TOKEN", "The Ticketmaster token was rejected.")
    if isinstance(body.get("tmuo"), str):
        user["tmuo"] = body["tmuo"]
    return reply(accounts.user_response(user, mint(user_claims(user, tm_sig))))


def _me() -> tuple[dict[str, Any], dict[str, Any]]:
    who = require_login()
    user = current().store.users.get(who.user_id)
    if user is None:
        raise not_found("USER_NOT_FOUND", "User not found.", "userId")
    return user, who.claims


@bp.get("/me")
def get_me():
    user, claims = _me()
    tm_sig = claims["user"].get("tmSig") or ""
    return reply(accounts.user_response(user, mint(user_claims(user, tm_sig))))


@bp.post("/me")
def update_me():
    user, claims = _me()
    body = json_body()
    _validate_profile(body)
    now_ms = epoch_ms(current().now())
    names = {"first_name": "firstName", "last_name": "lastName", "zip": "zip"}
    for key, attr in names.items():
        if key in body:
            user[attr] = body[key]
    if "email" in body:
        accounts.set_email(user, body["email"], now_ms)
    if "phone" in body:
        accounts.set_phone(user, body["phone"], now_ms)
    user["date"]["updated"] = now_ms
    tm_sig = claims["user"].get("tmSig") or ""
    return reply(accounts.user_response(user, mint(user_claims(user, tm_sig))))


def _validate_profile(body: dict[str, Any]) -> None:
    for key, value in body.items():
        if key not in PROFILE_KEYS:
            raise bad("INVALID_USER_FIELD", f"Unknown profile field {key}.", field=key)
        if value is not None and not isinstance(value, str):
            raise bad("INVALID_USER_FIELD", f"{key} must be a string.", field=key)
    if body.get("email") is not None and "@" not in body["email"]:
        raise bad("INVALID_USER_FIELD", "The email address is invalid.", field="email")
    if body.get("phone") is not None and not accounts.E164.match(body["phone"]):
        raise bad("INVALID_USER_FIELD", "The phone number must be E.164.", field="phone")


def _user(user_id: str) -> dict[str, Any]:
    if user_id == "me":
        user_id = require_login().user_id
    user = current().store.users.get(user_id)
    if user is None:
        raise not_found("USER_NOT_FOUND", "User not found.", "userId")
    result: dict[str, Any] = user
    return result


def _records(user: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "user_id": user["id"],
            "campaign_id": cid,
            "actions": list(actions),
            "date": {"updated": user["permDates"].get(cid)},
        }
        for cid, actions in sorted(user["permissions"].items())
        if actions
    ]


@bp.get("/<user_id>/campaigns")
def list_permissions(user_id: str):
    require_login()
    return reply(_records(_user(user_id)))


@bp.post("/<user_id>/campaigns/<campaign_id>")
def set_permissions(user_id: str, campaign_id: str):
    who = require_login()
    if not who.may(campaign_id, "INVITE"):
        raise ApiError(403, "INVALID_CAMPAIGN_PERMISSIONS", "INVITE is required on the campaign.")
    user = _user(user_id)
    actions = json_body().get("actions")
    if not isinstance(actions, list) or not actions or any(a not in ACTIONS for a in actions):
        raise bad("INVALID_ACTIONS", "actions must be a non-empty list of campaign actions.", field="actions")
    user["permissions"][campaign_id] = list(dict.fromkeys(actions))
    user["permDates"][campaign_id] = epoch_ms(current().now())
    return reply(next(r for r in _records(user) if r["campaign_id"] == campaign_id))


@bp.get("/<user_id>/supremes")
def get_supreme(user_id: str):
    if caller() is None:
        require_login()
    user = _user(user_id)
    return reply({"user_id": user["id"], "isSupreme": bool(user["isSupreme"])})


@bp.post("/<user_id>/supremes")
def set_supreme(user_id: str):
    require_supreme()
    user = _user(user_id)
    disable = json_body().get("doDisable")
    if not isinstance(disable, bool):
        raise bad("INVALID_USER_FIELD", "doDisable must be a boolean.", field="doDisable")
    user["isSupreme"] = not disable
    return reply({"user_id": user["id"], "isSupreme": user["isSupreme"]})
