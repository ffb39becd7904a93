"""Entry records: the entry, its withheld request context and its scoring record (4.1, 4.2)."""

import copy
from typing import Any

from monoql_sandbox.clock import iso

CONTEXT_KEYS = ("user_agent", "ip", "ip_country", "forwarded_for", "session_id")
REF_KEYS = ("ref_code", "ref_url", "ref_tag")


def pref_ids(campaign: dict[str, Any], kind: str) -> list[str]:
    return [
        p["id"] for p in campaign.get("preferences") or [] if isinstance(p, dict) and p.get("type") == kind
    ]


def ranking(campaign: dict[str, Any], fields: dict[str, Any]) -> list[str]:
    """The fan's market ranking: market_select answer, then additional_markets_select answers."""
    ranked: list[str] = []
    for pid in pref_ids(campaign, "market_select"):
        if isinstance(fields.get(pid), str):
            ranked.append(fields[pid])
    for pid in pref_ids(campaign, "additional_markets_select"):
        for value in fields.get(pid) or []:
            if isinstance(value, str) and value not in ranked:
                ranked.append(value)
    return ranked[:4]


def new_scoring(user: dict[str, Any], campaign: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "user_id": user["id"],
        "memberId": user.get("memberId"),
        "globalUserId": user.get("globalUserId"),
        "email": user.get("email"),
        "phone": user.get("phone"),
        "marketIds": ranking(campaign, fields),
        "score": None,
        "randomScore": None,
        "verdict": None,
        "tags": {},
        "codes": [],
    }


def sync_scoring(record: dict[str, Any], campaign: dict[str, Any]) -> None:
    """Keep the scoring record's contact and ranking in step with the entry's answers."""
    fields, scoring = record["entry"]["fields"], record["scoring"]
    scoring["marketIds"] = ranking(campaign, fields)
    for kind in ("email", "phone"):
        for pid in pref_ids(campaign, kind):
            if isinstance(fields.get(pid), str):
                scoring[kind] = fields[pid]


def new_record(
    campaign: dict[str, Any],
    user: dict[str, Any],
    fields: dict[str, Any],
    when,
    locale: str | None,
    code: str,
) -> dict[str, Any]:
    stamp = iso(when)
    entry = {
        "campaign_id": campaign["id"],
        "user_id": user["id"],
        "date": {"created": stamp, "updated": stamp, "phoneConfirmed": None},
        "fields": fields,
        "attributes": {},
        "locale": locale,
        "code": code,
    }
    return {"entry": entry, "context": {}, "refs": {}, "scoring": new_scoring(user, campaign, fields)}


def entry_answer(record: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(record["entry"])


def entry_phone(campaign: dict[str, Any], record: dict[str, Any]) -> str | None:
    for pid in pref_ids(campaign, "phone"):
        value = record["entry"]["fields"].get(pid)
        if isinstance(value, str):
            return value
    return None
