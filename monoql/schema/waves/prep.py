"""Assembly of `wavePrepList` from the scoring bucket's status, data and prepped objects
(docs/waves.md §5)."""

from __future__ import annotations

from typing import Any

UNREADABLE = "Status unreadable"


def prefixes(campaign_id: str) -> tuple[str, str, str]:
    """(status, data, prepped) prefixes of a campaign's wave-prep objects."""
    root = f"wavePrep/{campaign_id}"
    return f"{root}/status/", f"{root}/data/", f"{root}/prepped/"


def prepped_key(campaign_id: str, date_key: str) -> str:
    return f"wavePrep/{campaign_id}/prepped/prepped.{date_key}.zip"


def _keys(listing: Any) -> set[str]:
    return (
        {str(o["key"]) for o in listing if isinstance(o, dict) and "key" in o}
        if isinstance(listing, list)
        else set()
    )


def _base(key: str, suffix: str) -> str | None:
    name = key.rsplit("/", 1)[-1]
    return name[: -len(suffix)] if name.endswith(suffix) and len(name) > len(suffix) else None


def to_count(value: Any) -> dict[str, Any] | None:
    """A stored count tree → `WavePrepCount`, recursively."""
    if not isinstance(value, dict):
        return None
    markets = value.get("markets")
    return {
        "name": value.get("name"),
        "eligible": value.get("eligible"),
        "selected": value.get("selected"),
        "waitlisted": value.get("waitlisted"),
        "markets": [to_count(m) for m in markets] if isinstance(markets, list) else None,
    }


def _from_status(
    campaign_id: str, date_key: str, status: dict[str, Any], prepped: set[str]
) -> dict[str, Any]:
    raw_dates = status.get("date")
    dates: dict[str, Any] = raw_dates if isinstance(raw_dates, dict) else {}
    error = status.get("error")
    path = status.get("path")
    if not path and prepped_key(campaign_id, date_key) in prepped:
        path = prepped_key(campaign_id, date_key)
    return {
        "dateKey": str(status.get("dateKey") or date_key),
        "status": str(status.get("status") or "UNKNOWN"),
        "date": {"started": dates.get("started"), "finished": dates.get("finished")},
        "error": {"message": error.get("message")} if isinstance(error, dict) else None,
        "path": path,
        "count": to_count(status.get("count")),
    }


def _blank(date_key: str, status: str, message: str | None = None) -> dict[str, Any]:
    return {
        "dateKey": date_key,
        "status": status,
        "date": None,
        "error": {"message": message} if message else None,
        "path": None,
        "count": None,
    }


def _order(date_key: str) -> tuple[int, str]:
    # Date keys are digit strings of varying length: compare them as numbers.
    return (int(date_key), date_key) if date_key.isdigit() else (-1, date_key)


def to_wave_preps(
    campaign_id: str, status_objects: Any, data_listing: Any, prepped_listing: Any
) -> list[Any]:
    """One `WavePrep` per status object, plus `UPLOADED` per markets file without one; highest key first."""
    prepped = _keys(prepped_listing)
    preps: dict[str, dict[str, Any]] = {}
    for obj in status_objects if isinstance(status_objects, list) else []:
        date_key = _base(str(obj.get("key", "")), ".json") if isinstance(obj, dict) else None
        if date_key is None:
            continue
        content = obj.get("content")
        if obj.get("error") is None and isinstance(content, dict):
            preps[date_key] = _from_status(campaign_id, date_key, content, prepped)
        else:
            preps[date_key] = _blank(date_key, "FAILED", UNREADABLE)
    for key in _keys(data_listing):
        date_key = _base(key, ".csv")
        if date_key is not None and date_key not in preps and key.count("/") == 3:
            preps[date_key] = _blank(date_key, "UPLOADED")
    return sorted(preps.values(), key=lambda p: _order(p["dateKey"]), reverse=True)
