"""entries client: answers it passes through as they are (its calls are in `tables/entries.py`)."""

from __future__ import annotations

from typing import Any

from tests.clients.tables.entries import CASES


def test_upsert_stat_returns_whatever_the_service_answered(verify: Any) -> None:
    case = dict(CASES[-1], answer=["not", "a", "stat"])
    assert verify(case, form="bare") == ["not", "a", "stat"]
