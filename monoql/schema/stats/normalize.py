"""Flattening of entries stat documents onto `Stat` (docs/entries.md §3)."""

from __future__ import annotations

from typing import Any

STATUSES = frozenset({"PENDING", "PROCESSING", "FINISHED", "FAILED"})
TYPES = frozenset({"filterList", "selection"})
_ID_KEYS = ("campaignId", "marketId", "dateId", "type")


def is_stat_doc(doc: Any) -> bool:
    """Whether an answer is a stat document (rather than, say, a write acknowledgement)."""
    if not isinstance(doc, dict):
        return False
    ident = doc.get("_id")
    source = ident if isinstance(ident, dict) else doc
    return source.get("dateId") is not None and source.get("campaignId") is not None


def _error(item: Any) -> dict[str, Any]:
    return {
        "message": item.get("message") if isinstance(item, dict) else (None if item is None else str(item))
    }


def flatten_stat(doc: Any, fallback_type: str | None = None) -> dict[str, Any] | None:
    """Identity from `_id` (or the top level without one), then date, meta, count, errors, status."""
    if not isinstance(doc, dict):
        return None
    ident = doc.get("_id")
    source: dict[str, Any] = ident if isinstance(ident, dict) else doc
    flat: dict[str, Any] = {key: source.get(key) for key in _ID_KEYS}
    if flat["type"] not in TYPES:
        flat["type"] = fallback_type
    date = doc.get("date")
    errors = doc.get("errors")
    status = doc.get("status")
    flat.update(
        {
            "date": {"created": date.get("created"), "updated": date.get("updated")}
            if isinstance(date, dict)
            else None,
            "meta": doc.get("meta"),
            "count": doc.get("count"),
            "errors": [_error(e) for e in errors] if isinstance(errors, list) else None,
            # An unknown status would fail the whole object on serialisation: show it as null instead.
            "status": status if status in STATUSES else None,
        }
    )
    return flat


def flatten_stats(answer: Any, fallback_type: str | None = None) -> list[dict[str, Any] | None]:
    return [flatten_stat(doc, fallback_type) for doc in answer] if isinstance(answer, list) else []


def pick_stat(
    stats: list[dict[str, Any] | None], market_id: str | None, date_id: str
) -> dict[str, Any] | None:
    """The stat of exactly this market (or no market) and date among a read-back answer."""
    for stat in stats:
        if stat is not None and stat.get("marketId") == market_id and stat.get("dateId") == date_id:
            return stat
    return None
