"""The sandbox clock: real time, optionally frozen or shifted, and ISO 8601 helpers."""

import threading
from datetime import UTC, datetime, timedelta
from typing import Any


def iso(value: datetime | None) -> str | None:
    """Format a datetime as ``2030-01-05T15:00:00.000Z`` (UTC)."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def parse_iso(text: object) -> datetime | None:
    """Parse an ISO 8601 time (``Z`` or offset; a bare date is midnight UTC); None when invalid."""
    if not isinstance(text, str) or not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def epoch_ms(value: datetime) -> int:
    return int(value.timestamp() * 1000)


class Clock:
    """One clock for every time rule of the sandbox; JWTs never use it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen: datetime | None = None
        self._offset = 0.0

    def now(self) -> datetime:
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            return datetime.now(UTC) + timedelta(seconds=self._offset)

    def freeze(self, when: datetime) -> None:
        with self._lock:
            self._frozen, self._offset = when, 0.0

    def shift(self, seconds: float) -> None:
        with self._lock:
            self._frozen, self._offset = None, float(seconds)

    def real(self) -> None:
        self.shift(0)

    def state(self) -> dict[str, Any]:
        with self._lock:
            frozen, offset = self._frozen is not None, self._offset
        return {"now": iso(self.now()), "frozen": frozen, "offsetSeconds": offset}
