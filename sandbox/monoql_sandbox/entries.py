"""entries stand-in (docs/services.md §3): the caller's entry, eligibility, phone confirm, attributes."""

import copy
from typing import Any

import jwt
from flask import Blueprint, request

from monoql_sandbox import accounts
from monoql_sandbox import entry_rules as rules
from monoql_sandbox.auth import caller, require_login
from monoql_sandbox.clock import epoch_ms, iso
from monoql_sandbox.entry_store import (
    CONTEXT_KEYS,
    REF_KEYS,
    entry_answer,
    entry_phone,
    new_record,
    sync_scoring,
)
from monoql_sandbox.envelope import ApiError, bad, json_body, not_found, reply
from monoql_sandbox.ids import new_id
from monoql_sandbox.lifecycle import load_campaign
from monoql_sandbox.state import current

bp = Blueprint("entries", __name__)
CARD_OF = {"card_citi": "CITI", "card_amex": "AMEX", "card_capitalone": "CAPITALONE"}


@bp.get("/heartbeat")
def heartbeat():
    return {"status": "ok"}


def user_of(user_id: str) -> dict[str, Any]:
    """The stored user behind a token; tokens minted for unknown ids get an empty profile."""
    store = current().store
    if user_id not in store.users:
        user = accounts.new_user(f"token:{user_id}", epoch_ms(current().now()))
        user["id"] = user_id
        store.users[user_id] = user
    result: dict[str, Any] = store.users[user_id]
    return result


def own_record(campaign_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    who = require_login()
    campaign = load_campaign(current(), campaign_id)
    record = current().store.entries.get(campaign_id, {}).get(who.user_id)
    if record is None:
        raise not_found("ENTRY_NOT_FOUND", "Entry not found.")
    return campaign, record


@bp.get("/<campaign_id>/entries")
def get_entry(campaign_id: str):
    return reply(entry_answer(own_record(campaign_id)[1]))


def _check_body(
    campaign: dict[str, Any], body: dict[str, Any], record: dict[str, Any] | None
) -> dict[str, Any]:
    prefs = {p["id"]: p for p in campaign.get("preferences") or [] if isinstance(p, dict) and p.get("id")}
    allowed = {*prefs, "locale", *CONTEXT_KEYS, *REF_KEYS}
    for key in body:
        if key not in allowed:
            raise bad("INVALID_ENTRY_FIELD", f"Unknown entry field {key}.", field=key)
    answers = {k: v for k, v in body.items() if k in prefs}
    merged = {**(record["entry"]["fields"] if record else {}), **answers}
    if record is None:
        missing = [pid for pid, p in prefs.items() if not p.get("is_optional") and merged.get(pid) is None]
        if missing:
            raise bad("MISSING_ENTRY_FIELDS", "Required answers are missing.", payload=",".join(missing))
    market_ids = {m["id"] for m in current().store.campaign_markets(campaign["id"])}
    for pid, value in answers.items():
        rules.check_answer(prefs[pid], value, campaign, merged, market_ids)
    return merged


def _fill_profile(
    user: dict[str, Any], campaign: dict[str, Any], fields: dict[str, Any], now_ms: int
) -> None:
    for pref in campaign.get("preferences") or []:
        value, kind = fields.get(pref.get("id")), pref.get("type")
        if value is None:
            continue
        if kind == "email" and not user.get("email"):
            accounts.set_email(user, value, now_ms)
        elif kind == "phone" and not user.get("phone"):
            accounts.set_phone(user, value, now_ms)
        elif kind == "zip" and not user.get("zip"):
            user["zip"] = value
        elif kind == "name" and not user.get("firstName") and not user.get("lastName"):
            parts = (
                [value.get("first"), value.get("last")]
                if isinstance(value, dict)
                else [*value.split(" ", 1), None]
            )
            first, last = parts[0], parts[1]
            user.update(firstName=first, lastName=last)


@bp.post("/<campaign_id>/entries")
def upsert_entry(campaign_id: str):
    who = require_login()
    sb = current()
    campaign = load_campaign(sb, campaign_id)
    if campaign.get("status") != "OPEN":
        raise bad(
            "INVALID_CAMPAIGN_STATUS", "The campaign is not open.", payload=campaign.get("status") or ""
        )
    user = user_of(who.user_id)
    reason = rules.gate_reason(sb, campaign, user)
    if reason:
        raise ApiError(403, reason, "The fan does not pass the campaign's gate.")
    body = json_body()
    entries = sb.store.campaign_entries(campaign_id)
    record: dict[str, Any] | None = entries.get(user["id"])
    merged = _check_body(campaign, body, record)
    now = sb.now()
    created = record is None
    if record is None:
        record = new_record(campaign, user, merged, now, body.get("locale"), "REF-" + new_id()[:6].upper())
        entries[user["id"]] = record
    else:
        if entry_phone(campaign, record) != entry_phone(campaign, {"entry": {"fields": merged}}):
            record["entry"]["date"]["phoneConfirmed"] = None
        record["entry"]["fields"] = merged
        record["entry"]["date"]["updated"] = iso(now)
        if body.get("locale"):
            record["entry"]["locale"] = body["locale"]
    record["context"] = {k: body[k] for k in CONTEXT_KEYS if k in body}
    record["refs"].update({k: body[k] for k in REF_KEYS if k in body})
    sync_scoring(record, campaign)
    _fill_profile(user, campaign, merged, epoch_ms(now))
    return reply(entry_answer(record), 201 if created else 200)


@bp.get("/<campaign_id>/entries/registrationEligibility")
def registration_eligibility(campaign_id: str):
    who = caller()
    sb = current()
    campaign = load_campaign(sb, campaign_id)
    reason = rules.gate_reason(sb, campaign, user_of(who.user_id) if who else None)
    return reply({"isEligible": reason is None, "eligible": reason is None, "reason": reason})


def _phone_from_jwt(token: object) -> str:
    if not isinstance(token, str):
        raise bad("INVALID_PHONE_JWT", "phoneJwt is not a JWT.", field="phoneJwt")
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise bad("INVALID_PHONE_JWT", "phoneJwt is not a JWT.", field="phoneJwt") from exc
    phone = claims.get("phone") if isinstance(claims, dict) else None
    if not isinstance(phone, str) or not phone:
        raise bad("INVALID_PHONE_JWT", "phoneJwt carries no phone.", field="phoneJwt")
    return phone


@bp.post("/<campaign_id>/entries/confirm")
def confirm_phone(campaign_id: str):
    campaign, record = own_record(campaign_id)
    phone = _phone_from_jwt(json_body().get("phoneJwt"))
    if not rules.same_phone(entry_phone(campaign, record), phone):
        raise bad("PHONE_MISMATCH", "The confirmed phone is not the entry's phone.", field="phoneJwt")
    if record["entry"]["date"].get("phoneConfirmed"):
        raise bad("PHONE_ALREADY_CONFIRMED", "The phone is already confirmed.")
    for other in current().store.entries.get(campaign_id, {}).values():
        if (
            other is not record
            and other["entry"]["date"].get("phoneConfirmed")
            and rules.same_phone(entry_phone(campaign, other), phone)
        ):
            raise bad("PHONE_ALREADY_USED", "The phone is confirmed on another entry.")
    record["entry"]["date"]["phoneConfirmed"] = iso(current().now())
    return reply(entry_answer(record))


@bp.get("/<campaign_id>/refreshattribute")
def refresh_attribute(campaign_id: str):
    kind = request.args.get("type")
    if kind not in CARD_OF:
        raise bad("INVALID_ATTRIBUTE_TYPE", "Unknown attribute type.", field="type")
    _campaign, record = own_record(campaign_id)
    user = user_of(record["entry"]["user_id"])
    record["entry"]["attributes"][kind] = CARD_OF[kind] in (user.get("cards") or [])
    return reply(entry_answer(record))


@bp.get("/users/<user_id>/entries")
def user_entries(user_id: str):
    who = require_login()
    if not who.is_supreme and who.user_id != user_id:
        raise ApiError(403, "SUPREME_USER_REQUIRED", "Only the user or a supreme user may do this.")
    found = [
        entry_answer(r)
        for entries in current().store.entries.values()
        for uid, r in entries.items()
        if uid == user_id
    ]
    return reply(copy.deepcopy(found))
