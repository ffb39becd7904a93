"""Entries-service answers shaped as `CampaignEntry`, `Eligibility` and `EligibleCounts`."""

from __future__ import annotations

from typing import Any


def to_entry(doc: Any) -> dict[str, Any] | None:
    """Map an entries answer onto `CampaignEntry`; anything but an object is no entry."""
    if not isinstance(doc, dict):
        return None
    return {"date": doc.get("date"), "attributes": doc.get("attributes"), "fields": doc.get("fields")}


def to_eligible_counts(answer: Any) -> dict[str, Any] | None:
    """Map an entries eligibility answer onto `EligibleCounts`."""
    if not isinstance(answer, dict):
        return None
    by_market = []
    for market in answer.get("byMarket") or []:
        if not isinstance(market, dict):
            continue
        ranks = [
            {"rank": rank.get("rank"), "count": rank.get("count")}
            for rank in market.get("countsByPreferenceRank") or []
            if isinstance(rank, dict)
        ]
        by_market.append(
            {
                "marketId": market.get("marketId"),
                "count": market.get("count"),
                "countsByPreferenceRank": ranks,
            }
        )
    return {"count": answer.get("count"), "byMarket": by_market}


def to_eligibility(answer: Any) -> dict[str, Any]:
    """Map a registrationEligibility answer onto `Eligibility` (isEligible, falling back to eligible)."""
    doc = answer if isinstance(answer, dict) else {}
    is_eligible = doc.get("isEligible")
    if is_eligible is None:
        is_eligible = doc.get("eligible")
    return {"isEligible": bool(is_eligible), "reason": doc.get("reason")}
