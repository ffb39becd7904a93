"""entries stand-in: job stats per campaign, market and date (docs/services.md §3 stats)."""

import copy
from typing import Any

from flask import request

from monoql_sandbox.auth import require_supreme
from monoql_sandbox.clock import iso
from monoql_sandbox.entries import bp
from monoql_sandbox.envelope import bad, json_body, reply
from monoql_sandbox.lifecycle import load_campaign
from monoql_sandbox.state import Sandbox, current

TYPES = ("filterList", "selection")
STATUSES = ("PENDING", "PROCESSING", "FINISHED", "FAILED")


def _check_type(stats_type: str) -> None:
    if stats_type not in TYPES:
        raise bad("INVALID_STATS_TYPE", "type is filterList or selection.", field="type")


@bp.get("/<campaign_id>/stats/<stats_type>")
def list_stats(campaign_id: str, stats_type: str):
    require_supreme()
    _check_type(stats_type)
    load_campaign(current(), campaign_id)
    market, date_id = request.args.get("marketId"), request.args.get("dateId")
    found = [
        s
        for (cid, mid, did, kind), s in current().store.stats.items()
        if cid == campaign_id
        and kind == stats_type
        and (not market or mid == market)
        and (not date_id or did == date_id)
    ]
    found.sort(key=lambda s: s["date"]["updated"], reverse=True)
    return reply(copy.deepcopy(found))


def upsert(
    sb: Sandbox, campaign_id: str, stats_type: str, body: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    """Insert or update the stat keyed (campaign, market, date, type); (stat, inserted)."""
    key = (campaign_id, body.get("marketId"), str(body["dateId"]), stats_type)
    stamp = iso(sb.now())
    stat: dict[str, Any] | None = sb.store.stats.get(key)
    inserted = stat is None
    if stat is None:
        stat = {
            "_id": {"campaignId": campaign_id, "marketId": key[1], "dateId": key[2], "type": stats_type},
            "count": None,
            "status": "PENDING",
            "meta": None,
            "errors": [],
            "date": {"created": stamp, "updated": stamp},
        }
        sb.store.stats[key] = stat
    for field in ("status", "meta", "count", "errors"):
        if field in body:
            stat[field] = copy.deepcopy(body[field])
    stat["date"]["updated"] = stamp
    return stat, inserted


@bp.post("/<campaign_id>/stats/<stats_type>")
def upsert_stat(campaign_id: str, stats_type: str):
    require_supreme()
    _check_type(stats_type)
    load_campaign(current(), campaign_id)
    body = json_body()
    if not body.get("dateId"):
        raise bad("MISSING_DATE_ID", "dateId is required.", field="dateId")
    if "status" in body and body["status"] not in STATUSES:
        raise bad("INVALID_STATS_STATUS", "Unknown stats status.", field="status")
    stat, inserted = upsert(current(), campaign_id, stats_type, body)
    return reply(copy.deepcopy(stat), 201 if inserted else 200)
