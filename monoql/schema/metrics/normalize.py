"""Entries-service counts shaped as `MarketPreferenceCounts` and `MarketEligibilityCount`."""

from __future__ import annotations

from typing import Any


def to_preference_counts(answer: Any) -> list[dict[str, Any]]:
    items = answer if isinstance(answer, list) else []
    return [{"id": i.get("id"), "counts": i.get("counts")} for i in items if isinstance(i, dict)]


def to_market_counts(answer: Any) -> list[dict[str, Any]]:
    items = answer if isinstance(answer, list) else []
    return [{"id": i.get("id"), "count": i.get("count")} for i in items if isinstance(i, dict)]
