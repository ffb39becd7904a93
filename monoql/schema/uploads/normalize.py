"""Pure builders of listings made from stored objects: fan-list manifests and scored files
(docs/uploads.md §4)."""

from __future__ import annotations

from typing import Any

TRUTHY_VERDICTS = frozenset({"true", "1", "yes", "y"})
VERDICT_COLUMNS = ("verified", "verdict")


def manifest_key(campaign_id: str) -> str:
    return f"fanlist/uploaded/{campaign_id}/manifest.json"


def _newest_first(items: list[dict[str, Any]], date_key: str) -> list[dict[str, Any]]:
    dated = [i for i in items if i.get(date_key) is not None]
    undated = [i for i in items if i.get(date_key) is None]
    return sorted(dated, key=lambda i: str(i[date_key]), reverse=True) + undated


def to_fanlist_uploads(objects: Any, campaign_id: str) -> list[dict[str, Any]]:
    """The manifest's `content` array as `FanlistUpload` parents, newest first; [] without one."""
    key = manifest_key(campaign_id)
    for obj in objects if isinstance(objects, list) else []:
        if not isinstance(obj, dict) or obj.get("key") != key:
            continue
        content = obj.get("content")
        if not isinstance(content, list):
            return []
        uploads = [
            {
                "date": item.get("date"),
                "rows": item.get("rows"),
                "rowsIn": item.get("rowsIn"),
                "status": item.get("status"),
            }
            for item in content
            if isinstance(item, dict)
        ]
        return _newest_first(uploads, "date")
    return []


def _is_truthy(value: Any) -> bool:
    return str(value).strip().lower() in TRUTHY_VERDICTS if value is not None else False


def count_rows(rows: list[Any]) -> tuple[int, int]:
    """(rows, verified rows) of parsed CSV rows: `verified` or `verdict` column, any case."""
    verified = 0
    for row in rows:
        if not isinstance(row, dict):
            continue
        lowered = {str(k).strip().lower(): v for k, v in row.items()}
        if any(_is_truthy(lowered.get(column)) for column in VERDICT_COLUMNS):
            verified += 1
    return len(rows), verified


def to_scored(objects: Any) -> list[dict[str, Any]]:
    """`Scored` parents of the objects ending `.uploaded.csv`, newest first."""
    scored: list[dict[str, Any]] = []
    for obj in objects if isinstance(objects, list) else []:
        if not isinstance(obj, dict) or not str(obj.get("key", "")).endswith(".uploaded.csv"):
            continue
        count: int | None = None
        verified: int | None = None
        content = obj.get("content")
        if obj.get("error") is None and isinstance(content, list):
            count, verified = count_rows(content)
        scored.append(
            {
                "date": obj.get("lastModifiedDate"),
                "count": count,
                "verifiedCount": verified,
                "path": obj["key"],
            }
        )
    return _newest_first(scored, "date")
