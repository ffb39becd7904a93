"""Campaign lifecycle of docs/services.md §2, applied on every read and write with the sandbox clock."""

from datetime import datetime, timedelta
from typing import Any

from monoql_sandbox.clock import iso, parse_iso
from monoql_sandbox.envelope import not_found
from monoql_sandbox.state import Sandbox

INACTIVE_AFTER = timedelta(days=30)


def advance(campaign: dict[str, Any], now: datetime) -> list[str]:
    """Move one campaign along its lifecycle; the transitions made (opened/closed/deactivated)."""
    done: list[str] = []
    dates = campaign.setdefault("date", {})
    status = campaign.get("status")
    opening = parse_iso(dates.get("open"))
    if status in ("DRAFT", "PREVIEW") and opening is not None and opening <= now:
        campaign["status"] = status = "OPEN"
        dates["opened"], dates["open"] = iso(now), None
        if isinstance(campaign.get("domain"), dict):
            campaign["domain"]["preview"] = None
        done.append("opened")
    closing = parse_iso(dates.get("close"))
    if status == "OPEN" and closing is not None and closing <= now:
        campaign["status"] = status = "CLOSED"
        dates["closed"] = iso(now)
        done.append("closed")
    closed = parse_iso(dates.get("closed"))
    if status == "CLOSED" and closed is not None and closed + INACTIVE_AFTER <= now:
        campaign["status"] = "INACTIVE"
        dates["inactivated"] = iso(now)
        if isinstance(campaign.get("domain"), dict):
            campaign["domain"].pop("site", None)
        done.append("deactivated")
    return done


def load_campaign(sb: Sandbox, campaign_id: str) -> dict[str, Any]:
    """The stored campaign after the lifecycle ran; 404 CAMPAIGN_NOT_FOUND."""
    campaign = sb.store.campaigns.get(campaign_id)
    if campaign is None:
        raise not_found("CAMPAIGN_NOT_FOUND", "Campaign not found.", "campaignId")
    advance(campaign, sb.now())
    result: dict[str, Any] = campaign
    return result


def refresh_all(sb: Sandbox) -> dict[str, Any]:
    counts = {"opened": 0, "closed": 0, "deactivated": 0}
    now = sb.now()
    for campaign in sb.store.campaigns.values():
        for change in advance(campaign, now):
            counts[change] += 1
    return counts
