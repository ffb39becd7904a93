"""Codes-service counts shaped as `CodeCount`."""

from __future__ import annotations

from typing import Any


def to_code_count(answer: Any) -> dict[str, Any]:
    """Passed through; keys not in the answer (another status was asked for) are null."""
    doc = answer if isinstance(answer, dict) else {}
    return {key: doc.get(key) for key in ("available", "assigned", "reserved")}
