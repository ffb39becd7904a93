"""Counts the requests the buffering proxy cut off for slowness (docs/hostile-traffic.md §1).

A request nginx times out (header or body too slow) never reaches gunicorn, and nginx keeps no
metrics of its own, so nginx appends one two-byte mark ("1\\n") per such request to a file
(`proxy.timeoutMarks`, charts/monoql/files/nginx/nginx.conf). Each `/metrics` scrape moves the marks
into the multiprocess counter `monoql_proxy_request_timeouts_total` and empties the file, so the
file stays small and the count survives worker recycling like every other counter. A mark nginx
appends between the read and the truncation is lost: a window of microseconds per scrape.
"""

from __future__ import annotations

import logging
import os

from prometheus_client import Counter

from monoql.metrics import recording
from monoql.per_process import on_reset

logger = logging.getLogger(__name__)

MARK_BYTES = 2
_failure_logged = False


def _counter() -> Counter | None:
    """The counter, or None while it cannot be made. Without labels it opens its multiprocess file
    when it is created: in an unwritable metrics directory that must cost a log line (and a retry at
    the next scrape), not the worker's start."""
    with recording():
        return Counter(
            "monoql_proxy_request_timeouts_total",
            "Requests the buffering proxy cut off because the client sent its headers or body too slowly.",
        )
    return None


PROXY_TIMEOUTS = _counter()


@on_reset
def forget_logged_failure() -> None:
    """Log the next unreadable marks file again, as a new worker would."""
    global _failure_logged
    _failure_logged = False


def drain(path: str | None) -> int:
    """Count the marks in `path` and empty it; returns how many were counted. Never raises."""
    global _failure_logged, PROXY_TIMEOUTS
    if not path:
        return 0
    try:
        with open(path, "r+b") as marks:
            size = os.fstat(marks.fileno()).st_size
            if size < MARK_BYTES:
                return 0
            marks.truncate(0)
    except FileNotFoundError:
        return 0  # nginx creates the file at the first timeout
    except OSError as error:
        if not _failure_logged:
            _failure_logged = True
            logger.warning("proxy timeout marks unreadable", extra={"path": path, "error": str(error)})
        return 0
    count = size // MARK_BYTES
    PROXY_TIMEOUTS = PROXY_TIMEOUTS or _counter()
    if PROXY_TIMEOUTS is not None:
        with recording():
            PROXY_TIMEOUTS.inc(count)
    return count
