"""Storage key rules of the scoring bucket: scored-file names, wave-prep keys, date keys."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from monoql.errors import BadUserInput

SCORED_ZONE = ZoneInfo("America/Los_Angeles")
_DATE_KEY = re.compile(r"^[0-9]{1,14}$")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")
WAVE_PREP_FOLDERS = {"markets": "data", "tmCodes": "tmCodes", "nonTmCodes": "nonTmCodes"}


def utc_now() -> datetime:
    """The upload clock; tests replace it."""
    return datetime.now(UTC)


def scored_file_name(campaign_id: str, campaign_name: str, when: datetime) -> str:
    """`<cid>.<alphanumeric name>.<YYYYMMDDHHmm in Los Angeles>.uploaded.csv`."""
    name = _NON_ALNUM.sub("", campaign_name or "") or "campaign"
    stamp = when.astimezone(SCORED_ZONE).strftime("%Y%m%d%H%M")
    return f"{campaign_id}.{name}.{stamp}.uploaded.csv"


def check_date_key(date_key: str | None) -> str:
    """A wave-prep date key is 1..14 digits."""
    if not isinstance(date_key, str) or not _DATE_KEY.match(date_key):
        raise BadUserInput("dateKey must be 1 to 14 digits.", reason="INVALID_DATE_KEY", field="dateKey")
    return date_key


def wave_prep_prefix(campaign_id: str, file_type: str) -> str:
    return f"wavePrep/{campaign_id}/{WAVE_PREP_FOLDERS[file_type]}"
