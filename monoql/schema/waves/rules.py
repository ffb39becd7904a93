"""Pure SMS-wave rules (docs/waves.md §2, §3 and §4): names, notify dates, storage keys and config → Wave."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from monoql.errors import BadUserInput

ROOT = "smsWaves/"
CSV_PREFIX = "smsWaves/csv"
CONFIG_FOLDERS = ("uploaded", "scheduled", "triggered", "failed")
_WAVE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_CSV_SUFFIX = re.compile(r"\.csv$", re.IGNORECASE)
_CANCEL_SUFFIX = re.compile(r"(_csv\.json|\.csv)$", re.IGNORECASE)
_STATUS_BY_FOLDER = {"uploaded": "processing", "scheduled": "scheduled", "failed": "failed"}


def utc_now() -> datetime:
    """The waves clock; tests replace it."""
    return datetime.now(UTC)


def iso_utc(when: datetime) -> str:
    """`YYYY-MM-DDTHH:MM:SS.sssZ`, the storage form of every wave time."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def wave_name(file_name: str) -> str:
    """The wave name of an upload: `fileName` without a trailing `.csv`, checked against the name rule."""
    name = _CSV_SUFFIX.sub("", file_name or "")
    if not _WAVE_NAME.match(name):
        raise BadUserInput(
            "fileName must start with a letter or digit and use only letters, digits, '.', '_' and '-'.",
            reason="INVALID_FILE_NAME",
            field="fileName",
        )
    return name


def cancel_name(file_name: str) -> str:
    """The wave name named by `cancelWave`: without a trailing `_csv.json` or `.csv`."""
    return _CANCEL_SUFFIX.sub("", file_name or "")


def parse_notify_date(value: str, now: datetime) -> str:
    """An ISO date-time with a zone, or a date (midnight UTC), not before `now`; answered in UTC."""
    when = _parse_iso(value)
    if when is None:
        raise BadUserInput(
            "notifyDate must be an ISO 8601 date-time with a time zone, or a date.",
            reason="INVALID_NOTIFY_DATE",
            field="notifyDate",
        )
    if when < now:
        raise BadUserInput(
            "notifyDate must not be in the past.", reason="INVALID_NOTIFY_DATE", field="notifyDate"
        )
    return iso_utc(when)


def _parse_iso(value: str) -> datetime | None:
    text = (value or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def config_key(folder: str, name: str) -> str:
    return f"{ROOT}{folder}/{name}_csv.json"


def csv_key(name: str) -> str:
    return f"{CSV_PREFIX}/{name}.csv"


def normalized_key(name: str) -> str:
    return f"{ROOT}configs/{name}.normalized.json"


def folder_of(key: str) -> str | None:
    """The config folder of a `smsWaves/<folder>/…` key."""
    parts = key.split("/")
    return parts[1] if len(parts) == 3 and parts[0] == ROOT.rstrip("/") else None


def wave_status(folder: str, config: dict[str, Any]) -> str | None:
    if folder == "triggered":
        return "completed" if config.get("result") else "triggered"
    return _STATUS_BY_FOLDER.get(folder)


def to_wave(folder: str, key: str, config: dict[str, Any]) -> dict[str, Any]:
    """A stored wave config → `Wave` parent."""
    base = key.rsplit("/", 1)[-1]
    name = config.get("waveName") or (base[: -len("_csv.json")] if base.endswith("_csv.json") else base)
    category = config.get("categoryId")
    return {
        "name": name,
        "status": wave_status(folder, config),
        "date": {
            "scheduled": config.get("dateScheduled"),
            "notify": config.get("notifyDate"),
            "begin": config.get("beginDate"),
            "end": config.get("endDate"),
        },
        "totalLimit": config.get("totalLimit"),
        "generateOfferCode": config.get("generateOfferCode"),
        "tiedToAccount": config.get("tiedToAccount"),
        "singleUse": config.get("singleUse"),
        "categoryId": None if category is None else str(category),
        "campaignId": config.get("campaignId"),
    }


def to_waves(folder_objects: list[tuple[str, Any]], campaign_id: str | None) -> list[dict[str, Any]]:
    """Waves of the four folders' object listings: newest notify date first, then by name."""
    waves: list[dict[str, Any]] = []
    for folder, objects in folder_objects:
        for obj in objects if isinstance(objects, list) else []:
            if not isinstance(obj, dict) or not str(obj.get("key", "")).endswith(".json"):
                continue
            config = obj.get("content")
            if not isinstance(config, dict):
                continue
            if campaign_id is not None and str(config.get("campaignId")) != str(campaign_id):
                continue
            waves.append(to_wave(folder, str(obj["key"]), config))
    # Newest notify first: sort ascending by name, then stably descending by notify date.
    waves.sort(key=lambda w: str(w["name"] or ""))
    dated = sorted(
        (w for w in waves if w["date"]["notify"] is not None),
        key=lambda w: str(w["date"]["notify"]),
        reverse=True,
    )
    return dated + [w for w in waves if w["date"]["notify"] is None]
