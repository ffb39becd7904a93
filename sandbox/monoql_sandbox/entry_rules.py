"""Entry answer validation by preference type and registration gates (docs/services.md §3)."""

from typing import Any

from monoql_sandbox.accounts import E164, identifier
from monoql_sandbox.envelope import bad
from monoql_sandbox.state import Sandbox

GATE_KEYS = ("card", "inviteOnly", "linkedAccount", "campaignId", "linkedCampaign", "idv")


def _invalid(field: str, message: str):
    return bad("INVALID_ENTRY_FIELD", message, field=field)


def _scalar_ok(kind: str, value, campaign: dict[str, Any], extra: dict[str, Any]) -> bool:
    if kind == "email":
        return isinstance(value, str) and "@" in value
    if kind == "phone":
        intl = bool((campaign.get("options") or {}).get("allowIntlPhones"))
        return isinstance(value, str) and bool(E164.match(value)) and (intl or value.startswith("+1"))
    if kind == "name":
        if isinstance(value, dict):
            return all(isinstance(value.get(k), str) and value[k] for k in ("first", "last"))
        return isinstance(value, str) and bool(value.strip())
    if kind == "zip":
        return isinstance(value, str) and 3 <= len(value) <= 10
    if kind in ("opt_in", "boolean_select"):
        return isinstance(value, bool)
    if kind == "ticket_count":
        low, high = extra.get("min", 1), extra.get("max", 8)
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    if kind == "freeform_text":
        low, high = extra.get("minLength", 0), extra.get("maxLength", 1000)
        return isinstance(value, str) and low <= len(value) <= high
    if kind == "checklist":
        allowed = {item.get("id") for item in extra.get("items") or [] if isinstance(item, dict)}
        return isinstance(value, list) and all(v in allowed for v in value)
    return True


def check_answer(
    pref: dict[str, Any], value, campaign: dict[str, Any], merged: dict[str, Any], market_ids: set[str]
) -> None:
    """400 INVALID_ENTRY_FIELD (with field) when ``value`` does not fit the preference's type."""
    pid, kind = pref["id"], pref.get("type")
    if value is None and pref.get("is_optional"):
        return
    extra = pref.get("additional") or {}
    if kind == "market_select":
        ok = isinstance(value, str) and value in market_ids
    elif kind == "additional_markets_select":
        firsts = {
            merged.get(p["id"]) for p in campaign.get("preferences") or [] if p.get("type") == "market_select"
        }
        ok = (
            isinstance(value, list)
            and len(value) <= 3
            and len(set(value)) == len(value)
            and all(isinstance(v, str) and v in market_ids and v not in firsts for v in value)
        )
    else:
        ok = _scalar_ok(str(kind), value, campaign, extra)
    if not ok:
        raise _invalid(pid, f"The answer to {pid} is not valid for a {kind} preference.")


def has_gate(campaign: dict[str, Any]) -> bool:
    options = campaign.get("options") or {}
    gate = options.get("gate") or {}
    precheck = (options.get("requirePrecheck") or {}).get("pastCampaignId")
    return bool(precheck) or any(gate.get(key) for key in GATE_KEYS)


def _has_entry(sb: Sandbox, campaign_id: str, user_id: str) -> bool:
    return user_id in sb.store.entries.get(campaign_id, {})


def gate_reason(sb: Sandbox, campaign: dict[str, Any], user: dict[str, Any] | None) -> str | None:
    """The first gate the user fails (registrationEligibility order), None when eligible."""
    if not has_gate(campaign):
        return None
    if user is None:
        return "NOT_LOGGED_IN"
    options = campaign.get("options") or {}
    gate = options.get("gate") or {}
    past = (options.get("requirePrecheck") or {}).get("pastCampaignId")
    if past and not _has_entry(sb, past, user["id"]):
        return "NO_PAST_PARTICIPATION"
    for key in ("campaignId", "linkedCampaign"):
        if gate.get(key) and not _has_entry(sb, gate[key], user["id"]):
            return "NO_LINKED_CAMPAIGN_ENTRY"
    invite = gate.get("inviteOnly")
    if invite:
        kind = invite if isinstance(invite, str) else campaign.get("identifier") or "memberId"
        if identifier(user, kind) not in sb.store.invites.get(campaign["id"], set()):
            return "NOT_INVITED"
    if gate.get("card") and gate["card"] not in (user.get("cards") or []):
        return "CARD_REQUIRED"
    if gate.get("linkedAccount") and gate["linkedAccount"] not in (user.get("linkedAccounts") or []):
        return "LINKED_ACCOUNT_REQUIRED"
    if gate.get("idv") and user.get("idv") != gate["idv"]:
        return "IDV_REQUIRED"
    return None


def same_phone(left: str | None, right: str | None) -> bool:
    """Phones compare equal after treating +521 as +52 (Mexican mobile prefix)."""

    def norm(phone: str | None) -> str | None:
        return "+52" + phone[4:] if phone and phone.startswith("+521") else phone

    return left is not None and norm(left) == norm(right)
