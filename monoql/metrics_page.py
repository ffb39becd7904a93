"""The `/metrics` page: every worker's families merged into one exposition, plus CPU, memory and build.

Under gunicorn (PROMETHEUS_MULTIPROC_DIR set) the page is built per scrape from the multiprocess files
of all workers, live and dead, as prometheus_client requires; CPU and memory of the master and each
live worker are read from /proc. In a single process (tests, scripts) it is the default registry.
A directory that cannot be read leaves the page with the process and build families, never an error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from monoql import __version__
from monoql.metrics import report_failure
from monoql.metrics_dir import folding_lock


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


class _Guarded(Collector):
    """Another collector whose failure (an unreadable metrics directory) drops its families, not the page."""

    def __init__(self, inner: Collector) -> None:
        self.inner = inner

    def collect(self) -> Iterator[Metric]:
        try:
            families = list(self.inner.collect())
        except Exception as exc:  # the page must still answer
            report_failure(exc)
            return iter(())
        return iter(families)


class _DefaultRegistry(Collector):
    """The process's own registry, for single-process use (tests, scripts) without a multiprocess dir."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def page_registry(names: Iterable[str] = ()) -> CollectorRegistry:
    """A registry holding everything `/metrics` shows, built for one scrape; with `names` (the
    exporter's `name[]` parameter), only the families with a sample of one of those names."""
    directory = multiprocess_dir()
    collectors: list[Collector] = [
        _Guarded(_MultiProcess(directory)) if directory else _DefaultRegistry(),
        ProcessCollector(os.getppid() if directory else os.getpid()),
        BuildInfoCollector(),
    ]
    registry = CollectorRegistry(auto_describe=False)
    wanted = frozenset(names)
    for collector in collectors:
        registry.register(_Only(collector, wanted) if wanted else collector)
    return registry


class _Only(Collector):
    def __init__(self, inner: Collector, names: frozenset[str]) -> None:
        self.inner, self.names = inner, names

    def collect(self) -> Iterator[Metric]:
        for family in self.inner.collect():
            if family.name in self.names or any(s.name in self.names for s in family.samples):
                yield family


class _MultiProcess(Collector):
    """prometheus_client's merge of the multiprocess files, built at collect time so that a directory
    that went missing fails inside the guard rather than while the page is assembled."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def collect(self) -> Iterator[Metric]:
        collector = MultiProcessCollector(None, path=self.directory)  # type: ignore[no-untyped-call]
        with folding_lock(self.directory, exclusive=False):  # not while a dead worker is folded
            return iter(list(collector.collect()))  # type: ignore[no-untyped-call]
