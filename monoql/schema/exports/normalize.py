"""Mapping of exports-service documents onto the `Export` type (docs/exports.md)."""

from __future__ import annotations

from typing import Any

_DATE_KEYS = ("created", "started", "triggered", "pending", "finished", "failed", "expired")
_ERROR_KEYS = ("message", "payload", "stack")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def to_export(doc: Any) -> dict[str, Any] | None:
    """One export document → `Export` parent; non-objects give null."""
    if not isinstance(doc, dict):
        return None
    raw_date = doc.get("date")
    date: dict[str, Any] = raw_date if isinstance(raw_date, dict) else {}
    error = doc.get("error")
    return {
        "id": doc.get("id") or doc.get("_id"),
        "campaignId": doc.get("campaignId"),
        "exportType": doc.get("exportType"),
        "date": {key: _text(date.get(key)) for key in _DATE_KEYS},
        "status": doc.get("status"),
        "count": doc.get("count"),
        "requesterUserId": doc.get("requesterUserId"),
        "error": {key: _text(error.get(key)) for key in _ERROR_KEYS} if isinstance(error, dict) else None,
        "path": doc.get("path") or doc.get("key"),
        "dateKey": doc.get("dateKey"),
    }


def to_exports(answer: Any) -> list[dict[str, Any] | None]:
    """A list answer → list of `Export` parents."""
    if not isinstance(answer, list):
        return []
    return [to_export(doc) for doc in answer]
