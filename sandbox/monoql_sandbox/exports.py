"""exports stand-in (docs/services.md §7): schedule, read and list exports with REPORT permission."""

from typing import Any

from flask import Blueprint, request

from monoql_sandbox import export_jobs as jobs
from monoql_sandbox.auth import require_campaign
from monoql_sandbox.clock import iso
from monoql_sandbox.envelope import bad, json_body, reply
from monoql_sandbox.ids import new_id
from monoql_sandbox.lifecycle import load_campaign
from monoql_sandbox.state import current

bp = Blueprint("exports", __name__)
TYPES = (
    "entries",
    "codes",
    "scoring",
    "codeAssignments",
    "artistOptIn",
    "artistSmsOptIn",
    "livenationOptIn",
    "verifiedEntries",
    "codeWaves",
    "fanlist",
    "waitlist",
    "reminderEmail",
    "reminderEmailSample",
    "autoReminderEmail",
    "promoterEmailOptIn",
)


@bp.get("/heartbeat")
def heartbeat():
    return {"status": "ok"}


def _allowed(campaign_id: str):
    who = require_campaign(campaign_id, "REPORT", code="MISSING_PERMISSIONS")
    return who, load_campaign(current(), campaign_id)


def _check(campaign: dict[str, Any], body: dict[str, Any]) -> None:
    kind, date_key = body.get("exportType"), body.get("dateKey")
    if kind not in TYPES:
        raise bad("INVALID_EXPORT_TYPE", "Unknown exportType.", field="exportType")
    if kind == "codeWaves" and date_key in (None, ""):
        raise bad("MISSING_DATE_KEY", "codeWaves exports need a dateKey.", field="dateKey")
    if date_key not in (None, "") and not str(date_key).isdigit():
        raise bad("INVALID_DATE_KEY", "dateKey must be digits.", field="dateKey")
    if kind == "entries" and not current().store.campaign_markets(campaign["id"]):
        raise bad("NO_MARKETS_FOUND", "The campaign has no markets.", field="exportType")


@bp.post("/campaigns/<campaign_id>/exports")
def schedule(campaign_id: str):
    who, campaign = _allowed(campaign_id)
    body = json_body()
    _check(campaign, body)
    sb = current()
    date_key = str(body["dateKey"]) if body.get("dateKey") not in (None, "") else None
    for export in sb.store.exports.values():
        if (
            export["campaignId"] == campaign_id
            and export["exportType"] == body["exportType"]
            and export.get("dateKey") == date_key
            and jobs.advance(sb, export)["status"] in ("PENDING", "TRIGGERED")
        ):
            return reply(jobs.present(sb, export))
    stamp = iso(sb.now())
    export = {
        "id": new_id(),
        "campaignId": campaign_id,
        "campaignName": campaign.get("name"),
        "exportType": body["exportType"],
        "status": "PENDING",
        "requesterUserId": who.user_id,
        "date": {"created": stamp, "pending": stamp},
        "count": None,
        "path": None,
        "key": None,
        "dateKey": date_key,
        "includeAllMarkets": bool(body.get("includeAllMarkets")),
        "error": None,
    }
    sb.store.exports[export["id"]] = export
    return reply(jobs.present(sb, export), 201)


@bp.get("/campaigns/<campaign_id>/exports/<export_id>")
def get_export(campaign_id: str, export_id: str):
    _allowed(campaign_id)
    sb = current()
    export = jobs.find(sb, export_id)
    if export["campaignId"] != campaign_id:
        jobs.find(sb, "")  # another campaign's export reads as missing
    return reply(jobs.present(sb, export))


def _int(name: str, default: int, low: int, high: int | None) -> int:
    raw = request.args.get(name)
    value = default if raw in (None, "") else (int(raw) if raw.lstrip("-").isdigit() else None)
    if value is None or value < low or (high is not None and value > high):
        raise bad("INVALID_PAGINATION", f"{name} is out of range.", field=name)
    return value


@bp.get("/campaigns/<campaign_id>/exports")
def list_exports(campaign_id: str):
    _allowed(campaign_id)
    limit, offset = _int("limit", 100, 1, 1000), _int("offset", 0, 0, None)
    kind = request.args.get("exportType")
    sb = current()
    found = [
        e
        for e in sb.store.exports.values()
        if e["campaignId"] == campaign_id and (not kind or e["exportType"] == kind)
    ]
    found.sort(key=lambda e: e["id"])
    found.sort(key=jobs.created_at, reverse=True)
    return reply([jobs.present(sb, e) for e in found[offset : offset + limit]])
