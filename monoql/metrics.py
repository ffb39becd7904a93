"""Prometheus metrics of the HTTP surface and GraphQL operations, aggregated over every gunicorn worker.

Metric values live in the multiprocess directory (PROMETHEUS_MULTIPROC_DIR, set by gunicorn.conf.py
before anything imports prometheus_client); `/metrics` merges them, then adds CPU and memory of the
master and every worker read from /proc, and the build info.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from monoql import __version__

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

HTTP_REQUESTS = Counter("monoql_http_requests_total", "HTTP requests served.", ["method", "route", "status"])
HTTP_DURATION = Histogram(
    "monoql_http_request_duration_seconds",
    "Time to serve an HTTP request.",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
HTTP_ERRORS = Counter(
    "monoql_http_errors_total", "HTTP responses with a 4xx or 5xx status.", ["route", "status_class"]
)
OPERATIONS = Counter(
    "monoql_graphql_operations_total",
    "GraphQL operations executed.",
    ["operation_type", "operation_name", "outcome"],
)
OPERATION_DURATION = Histogram(
    "monoql_graphql_operation_duration_seconds",
    "Time to execute a GraphQL operation.",
    ["operation_type", "operation_name"],
    buckets=LATENCY_BUCKETS,
)

CAMPAIGN_PASSWORD_FAILURES = Counter(
    "monoql_campaign_password_failures_total",
    "Campaign passwords the campaigns service refused; source: argument (a guess) or cookie (remembered).",
    ["source"],
)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_OPERATION_NAMES = 200
_known_names: set[str] = set()
_names_lock = threading.Lock()


def operation_label(name: str | None) -> str:
    """A bounded label: the first names seen in this worker, then `other`."""
    if not name or not _NAME.match(name):
        return "anonymous" if not name else "other"
    with _names_lock:
        if name in _known_names:
            return name
        if len(_known_names) < MAX_OPERATION_NAMES:
            _known_names.add(name)
            return name
    return "other"


def observe_operation(operation_type: str, name: str | None, seconds: float, had_errors: bool) -> None:
    label = operation_label(name)
    OPERATIONS.labels(operation_type, label, "error" if had_errors else "ok").inc()
    OPERATION_DURATION.labels(operation_type, label).observe(seconds)


def count_campaign_password_failure(source: str) -> None:
    """One refused campaign password; `source` is `argument` or `cookie` (a closed set)."""
    CAMPAIGN_PASSWORD_FAILURES.labels("cookie" if source == "cookie" else "argument").inc()


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_DURATION.labels(method, route, str(status)).observe(seconds)
    if status >= 400:
        HTTP_ERRORS.labels(route, f"{status // 100}xx").inc()


class ProcessCollector(Collector):
    """CPU seconds and resident memory of the gunicorn master and each of its workers, from /proc."""

    def __init__(self, master_pid: int) -> None:
        self.master_pid = master_pid
        self.ticks = os.sysconf("SC_CLK_TCK")
        self.page_size = os.sysconf("SC_PAGE_SIZE")

    def collect(self) -> Iterator[Metric]:
        cpu = CounterMetricFamily(
            "monoql_process_cpu_seconds", "CPU time of a monoql process.", labels=["pid", "role"]
        )
        rss = GaugeMetricFamily(
            "monoql_process_resident_memory_bytes",
            "Resident memory of a monoql process.",
            labels=["pid", "role"],
        )
        for pid, role in self._processes():
            stat = _read_stat(pid)
            if stat is None:
                continue
            utime, stime, rss_pages = stat
            cpu.add_metric([str(pid), role], (utime + stime) / self.ticks)
            rss.add_metric([str(pid), role], rss_pages * self.page_size)
        yield cpu
        yield rss

    def _processes(self) -> list[tuple[int, str]]:
        found = [(self.master_pid, "master")]
        for entry in Path("/proc").iterdir():
            if (
                entry.name.isdigit()
                and int(entry.name) != self.master_pid
                and _parent(entry) == self.master_pid
            ):
                found.append((int(entry.name), "worker"))
        return found


def _parent(entry: Path) -> int | None:
    stat = _stat_fields(int(entry.name))
    return int(stat[1]) if stat else None


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces and parentheses: the fields start after the last ')'.
    return raw[raw.rindex(")") + 2 :].split()


def _read_stat(pid: int) -> tuple[int, int, int] | None:
    fields = _stat_fields(pid)
    if fields is None:
        return None
    return int(fields[11]), int(fields[12]), int(fields[21])


class BuildInfoCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily("monoql_build_info", "Version of the running monoql.", labels=["version"])
        info.add_metric([__version__], 1)
        yield info


class _DefaultRegistry(Collector):
    """The process's own registry, for single-process use (tests, scripts) without a multiprocess dir."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def render_metrics() -> bytes:
    """The Prometheus text exposition of every worker's metrics plus process and build info."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        master = os.getppid()
    else:
        registry.register(_DefaultRegistry())
        master = os.getpid()
    registry.register(ProcessCollector(master))
    registry.register(BuildInfoCollector())
    return generate_latest(registry)
