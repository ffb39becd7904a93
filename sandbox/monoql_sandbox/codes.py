"""codes stand-in (docs/services.md §4): import from the scoring bucket, counts, reserve/assign/release."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, request

from monoql_sandbox.auth import require_supreme
from monoql_sandbox.clock import iso, parse_iso
from monoql_sandbox.envelope import bad, json_body, not_found, reply
from monoql_sandbox.lifecycle import load_campaign
from monoql_sandbox.state import current

bp = Blueprint("codes", __name__)
TYPES = ("tm", "external")
STATES = ("available", "reserved", "assigned")
RESERVATION = timedelta(hours=24)


@bp.get("/heartbeat")
def heartbeat():
    return {"status": "ok"}


def state_of(record: dict[str, Any], now: datetime) -> str:
    dates = record["date"]
    if dates.get("assigned"):
        return "assigned"
    reserved = parse_iso(dates.get("reserved"))
    return "reserved" if reserved is not None and now - reserved < RESERVATION else "available"


def _codes(campaign_id: str) -> dict[str, Any]:
    require_supreme()
    load_campaign(current(), campaign_id)
    result: dict[str, Any] = current().store.codes.setdefault(campaign_id, {})
    return result


@bp.post("/<campaign_id>/codes")
def import_codes(campaign_id: str):
    codes = _codes(campaign_id)
    key = json_body().get("fileKey")
    parts = key.split("/") if isinstance(key, str) else []
    if (
        len(parts) != 4
        or parts[0] != "codes"
        or parts[1] != campaign_id
        or parts[2] not in TYPES
        or not parts[3]
    ):
        raise bad(
            "INVALID_FILE_KEY", "fileKey must be codes/<campaignId>/<tm|external>/<file>.", field="fileKey"
        )
    sb = current()
    found = sb.store.objects.get((sb.scoring_bucket(), key))
    if found is None:
        raise not_found("FILE_NOT_FOUND", "The codes file does not exist.", key)
    read = [line.split(",")[0].strip() for line in found.data.decode("utf-8", "replace").splitlines()]
    read = [code for code in read if code]
    stamp, inserted, updated = iso(sb.now()), 0, 0
    for code in read:
        record = codes.get(code)
        if record is None:
            codes[code] = {
                "code": code,
                "type": parts[2],
                "campaign_id": campaign_id,
                "reserveId": None,
                "date": {"saved": stamp, "reserved": None, "assigned": None},
            }
            inserted += 1
        else:
            record["type"], record["date"]["saved"] = parts[2], stamp
            updated += 1
    return reply({"count": {"in": len(read), "inserted": inserted, "updated": updated}})


@bp.get("/<campaign_id>/codes/count")
def count_codes(campaign_id: str):
    codes = _codes(campaign_id)
    kind, status = request.args.get("type"), request.args.get("status")
    if not kind:
        raise bad("MISSING_CODE_TYPE", "type is required.", field="type")
    if kind not in TYPES:
        raise bad("INVALID_CODE_TYPE", "type is tm or external.", field="type")
    if status is not None and status not in STATES:
        raise bad("INVALID_CODE_STATUS", "status is available, reserved or assigned.", field="status")
    now = current().now()
    counts = dict.fromkeys(STATES, 0)
    for record in codes.values():
        if record["type"] == kind:
            counts[state_of(record, now)] += 1
    return reply({status: counts[status]} if status else counts)


@bp.get("/<campaign_id>/reserve")
def reserve(campaign_id: str):
    codes = _codes(campaign_id)
    raw, kind = request.args.get("count"), request.args.get("type")
    if not raw or not kind:
        raise bad("MISSING_RESERVE_PARAMS", "count and type are required.")
    if kind not in TYPES:
        raise bad("INVALID_CODE_TYPE", "type is tm or external.", field="type")
    if not raw.isdigit() or int(raw) < 1:
        raise bad("INVALID_COUNT", "count must be a positive integer.", field="count")
    now, reserve_id = current().now(), str(uuid.uuid4())
    picked = [
        r
        for r in sorted(codes.values(), key=lambda r: r["code"])
        if r["type"] == kind and state_of(r, now) == "available"
    ][: int(raw)]
    for record in picked:
        record["date"]["reserved"], record["reserveId"] = iso(now), reserve_id
    return reply({"codes": [r["code"] for r in picked], "reserveId": reserve_id})


def _listed(campaign_id: str) -> tuple[dict[str, Any], list[Any]]:
    codes = _codes(campaign_id)
    listed = json_body().get("codes")
    if not isinstance(listed, list) or not listed:
        raise bad("EMPTY_CODES", "codes must be a non-empty list.", field="codes")
    return codes, listed


@bp.post("/<campaign_id>/assign")
def assign(campaign_id: str):
    codes, listed = _listed(campaign_id)
    stamp, updated = iso(current().now()), 0
    for code in listed:
        record = codes.get(code)
        if record is not None and not record["date"].get("assigned"):
            record["date"]["assigned"] = stamp
            updated += 1
    return reply({"count": {"in": len(listed), "updated": updated}})


@bp.post("/<campaign_id>/release")
def release(campaign_id: str):
    codes, listed = _listed(campaign_id)
    now, updated = current().now(), 0
    for code in listed:
        record = codes.get(code)
        if record is not None and state_of(record, now) == "reserved":
            record["date"]["reserved"], record["reserveId"] = None, None
            updated += 1
    return reply({"count": {"in": len(listed), "updated": updated}})
