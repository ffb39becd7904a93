"""Metrics and the per-call log line of the client layer.

Metric objects are created at import (they open nothing); in Prometheus multiprocess mode each worker
writes its own files and ``/metrics`` aggregates them, so every gauge declares how workers combine.
Labels stay bounded: service name, route *template* (``/campaigns/:campaignId``), status class, kind.
"""

from __future__ import annotations

import logging

from prometheus_client import Counter, Gauge, Histogram

from monoql.clients.hooks import HOOKS
from monoql.metrics import labelled, recording
from monoql.per_process import PerProcess

log = logging.getLogger(__name__)

ERROR_KINDS = ("timeout", "unavailable", "bad_response", "http_4xx", "http_5xx", "circuit_open")

REQUEST_DURATION = Histogram(
    "monoql_upstream_request_duration_seconds",
    "Duration of backend calls (retries and cache hits included) by service, route template, status class",
    ["service", "route", "status_class"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
ERRORS = Counter(
    "monoql_upstream_errors_total",
    "Failed backend calls by service and kind (" + "|".join(ERROR_KINDS) + ")",
    ["service", "kind"],
)
CACHE = Counter(
    "monoql_upstream_cache_total",
    "Cacheable backend reads answered from the worker cache (hit) or the backend (miss)",
    ["service", "result"],
)
RETRIES = Counter(
    "monoql_upstream_retries_total",
    "Retries of idempotent backend calls",
    ["service"],
)
UP = Gauge(
    "monoql_upstream_up",
    "1 when the backend answered its last call or heartbeat probe, 0 when it could not be reached",
    ["service"],
    multiprocess_mode="livemostrecent",
)
CIRCUIT_OPEN = Gauge(
    "monoql_upstream_circuit_open",
    "1 while the circuit breaker of the backend is open or half-open in any live worker",
    ["service"],
    multiprocess_mode="livemax",
)


def status_class(status: int | None, kind: str | None) -> str:
    """``2xx``..``5xx`` for answers; the error kind (``timeout``, ``unavailable`` …) otherwise."""
    if status is not None:
        return f"{status // 100}xx"
    return kind or "error"


#: How long a worker's unchanged `monoql_upstream_up` may go without being written again.
UP_REWRITE_SECONDS = 1.0
# Per service: the value last written and when (HOOKS.clock).
_up_written: PerProcess[dict[str, tuple[bool, float]]] = PerProcess(dict)


def set_up(service: str, up: bool) -> None:
    """Note whether ``service`` answered. A change is written at once; an unchanged value again only
    once UP_REWRITE_SECONDS have passed. Every backend call notes it, and the write (a multiprocess
    file update) was about 2 % of a call. The gauge keeps each worker's most recent value across
    workers (``livemostrecent``): its time is at most that much older than the worker's last call."""
    written = _up_written.get()
    now = HOOKS.clock()
    last = written.get(service)
    if last is not None and last[0] is up and now - last[1] < UP_REWRITE_SECONDS:
        return
    written[service] = (up, now)
    with recording():
        labelled(UP, service).set(1 if up else 0)


def set_circuit_open(service: str, is_open: bool) -> None:
    with recording():
        CIRCUIT_OPEN.labels(service=service).set(1 if is_open else 0)


def count_retry(service: str) -> None:
    with recording():
        RETRIES.labels(service=service).inc()


def count_error(service: str, kind: str) -> None:
    with recording():
        ERRORS.labels(service=service, kind=kind).inc()


def record_call(
    *,
    service: str,
    method: str,
    route: str,
    status: int | None,
    kind: str | None,
    duration: float,
    cache_hit: bool | None,
    request_id: str,
    attempts: int,
) -> None:
    """One histogram sample, the error/cache counters and one DEBUG line per backend call.

    ``kind`` is the error kind when the call failed; ``cache_hit`` is None for calls that are not
    cacheable. Never logs tokens, URLs with query strings or bodies.
    """
    with recording():
        labelled(REQUEST_DURATION, service, route, status_class(status, kind)).observe(duration)
    if kind is not None:
        count_error(service, kind)
    if cache_hit is not None:
        with recording():
            labelled(CACHE, service, "hit" if cache_hit else "miss").inc()
    if not log.isEnabledFor(logging.DEBUG):
        return  # the line's fields cost more than the call's metrics; off in every environment but local
    log.debug(
        "upstream_call",
        extra={
            "request_id": request_id,
            "service": service,
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(duration * 1000.0, 3),
            "cache_hit": bool(cache_hit),
            "attempts": attempts,
            "error_kind": kind,
        },
    )
