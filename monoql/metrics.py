"""monoql's own metric families, their bounded label values, and recording that never fails a request.

Every family is defined on prometheus_client's default registry, as are the HTTP families the
exporter creates (`monoql.web.http_metrics`) and the client layer's upstream families. Under gunicorn
each worker writes its values to files in PROMETHEUS_MULTIPROC_DIR and `/metrics` aggregates them
(`monoql.metrics_page`).

To add a family: define it here with labels whose values come from a closed set, and record it inside
`recording()` so that a metrics directory that cannot be written costs one log line, not a request.
Give every family at least one label: a family without labels opens its file when it is created (at
import), where no `recording()` can protect it.
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any

from prometheus_client import Counter, Histogram
from prometheus_client.metrics import MetricWrapperBase

from monoql.metric_values import use_fork_aware_pid
from monoql.metrics_dir import UNUSABLE_ENV
from monoql.operation_names import OperationNames
from monoql.per_process import on_reset

log = logging.getLogger(__name__)

# Before the first family below: their values are made with the class chosen here.
use_fork_aware_pid()

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

#: Methods that keep their own `method` label value; any other token is counted as `other`.
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})
OTHER = "other"

OPERATIONS = Counter(
    "monoql_graphql_operations_total",
    "GraphQL operations executed.",
    ["operation_type", "operation_name", "outcome"],
)
# By type only: a histogram is 16 series per label set, and 200 client-chosen names on it would make
# /metrics exceed 1 MB. The counter carries the names; the access log has each operation's duration.
OPERATION_DURATION = Histogram(
    "monoql_graphql_operation_duration_seconds",
    "Time to execute a GraphQL operation.",
    ["operation_type"],
    buckets=LATENCY_BUCKETS,
)

ANSWER_MEMO = Counter(
    "monoql_answer_memo_total",
    "Query answers looked up among the remembered ones; result: hit (served without executing), changed "
    "(a backend answered differently: executed again), miss (none remembered) or skipped (not rememberable).",
    ["result"],
)

CAMPAIGN_PASSWORD_FAILURES = Counter(
    "monoql_campaign_password_failures_total",
    "Campaign passwords the campaigns service refused; source: argument (a guess) or cookie (remembered).",
    ["source"],
)

OPERATION_NAMES = OperationNames()
on_reset(OPERATION_NAMES.forget)

_failure_reported = False
_failure_lock = threading.Lock()


@on_reset
def forget_reported_failure() -> None:
    """Log the next metrics failure again, as a new worker would."""
    global _failure_reported
    with _failure_lock:
        _failure_reported = False


class _Recording(AbstractContextManager[None]):
    """What `recording()` returns. It keeps no state, so one instance serves every use (a generator
    context manager would be built for each of the several metric updates of every request)."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> bool:
        if isinstance(exc, Exception):  # any failure of the metrics machinery, by design
            report_failure(exc)
            return True
        return False


_RECORDING = _Recording()

# Label values are bounded by design (services, route templates, status classes, operation names
# admitted by `OPERATION_NAMES`); the bound only guards a mistake.
_MAX_CHILDREN = 4096
_children: dict[tuple[MetricWrapperBase, tuple[str, ...]], Any] = {}


def labelled(metric: MetricWrapperBase, *values: str) -> Any:
    """``metric.labels(*values)``, remembered: prometheus_client checks and converts the values and
    takes the metric's lock on every call, a few times per backend call and per request, only to
    find the same child again. It keeps the child itself, so this one is the same object."""
    key = (metric, values)
    child = _children.get(key)
    if child is None:
        if len(_children) >= _MAX_CHILDREN:
            _children.clear()
        child = _children[key] = metric.labels(*values)
    return child


def recording() -> AbstractContextManager[None]:
    """Run metric updates; a failure (an unwritable metrics directory, a full disk) is logged once per
    process and swallowed, so that telemetry never fails a request or a probe."""
    return _RECORDING


def report_failure(exc: BaseException) -> None:
    """Log the first metrics failure of this process; later ones are not repeated.

    At ERROR, unless gunicorn's master already logged at start that the directory is unusable
    (monoql.metrics_dir): then the pod's one ERROR line is the master's and each worker's is DEBUG.
    """
    global _failure_reported
    with _failure_lock:
        if _failure_reported:
            return
        _failure_reported = True
    level = logging.DEBUG if os.environ.get(UNUSABLE_ENV) else logging.ERROR
    log.log(
        level,
        "metrics not recorded",
        extra={"error": f"{type(exc).__name__}: {exc}", "note": "further metrics failures are not logged"},
    )


def method_label(method: str) -> str:
    """The `method` label: a standard HTTP method, else `other` (made-up tokens are unbounded)."""
    return method if method in HTTP_METHODS else OTHER


def operation_label(name: str | None) -> str:
    """The `operation_name` label: `anonymous`, one of the pod's first 200 names, or `other`."""
    return OPERATION_NAMES.label(name)


def observe_operation(operation_type: str, name: str | None, seconds: float, had_errors: bool) -> None:
    with recording():
        label = operation_label(name)
        labelled(OPERATIONS, operation_type, label, "error" if had_errors else "ok").inc()
        labelled(OPERATION_DURATION, operation_type).observe(seconds)


def count_campaign_password_failure(source: str) -> None:
    """One refused campaign password; `source` is `argument` or `cookie` (a closed set)."""
    with recording():
        CAMPAIGN_PASSWORD_FAILURES.labels("cookie" if source == "cookie" else "argument").inc()


def count_answer_memo(result: str) -> None:
    """One look-up among the remembered answers: `hit`, `changed`, `miss` or `skipped`."""
    with recording():
        labelled(ANSWER_MEMO, result).inc()
