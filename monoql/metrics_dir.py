"""The multiprocess metrics directory of one gunicorn instance: chosen, emptied at start, tidied at exit.

gunicorn's master calls these from gunicorn.conf.py. Without PROMETHEUS_MULTIPROC_DIR (a laptop, a
second instance on the same host) each instance makes its own private directory, so starting one
never wipes another's values; the chart and the image set the variable to their mounted directory.
Nothing here may fail the master: a directory that cannot be prepared is logged and the gateway
serves without metrics (monoql.metrics.recording).

Workers are recycled (`max_requests`), and prometheus_client keeps every dead worker's files: the
directory (a memory-backed volume in the pod) would grow for as long as the pod lives and each scrape
would read more files. When a worker exits its counter and histogram values are added into one
archive file per type, which the scrape merges like any other, and its files are removed. The fold
holds an exclusive lock that each scrape takes shared, so no scrape sees a value twice or not at all.
"""

from __future__ import annotations

import fcntl
import glob
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger(__name__)

ENV = "PROMETHEUS_MULTIPROC_DIR"
#: Set by the master for its workers when it found the directory unusable and said so.
UNUSABLE_ENV = "PROMETHEUS_MULTIPROC_DIR_UNUSABLE"
#: Value files whose samples are sums over workers, so a dead worker's values can be added up.
SUMMED_KINDS = ("counter", "histogram", "summary")
ARCHIVE = "archive"  # in place of a pid in the file name
LOCK_FILE = "fold.lock"


@dataclass(frozen=True)
class MetricsDir:
    path: str
    owned: bool  # made by this instance, removed when it exits


def choose(environ: MutableMapping[str, str] = os.environ) -> MetricsDir:
    """The configured directory, else a new one for this instance; exported to the workers' environment."""
    configured = environ.get(ENV)
    if configured:
        return MetricsDir(configured, owned=False)
    path = tempfile.mkdtemp(prefix="monoql-metrics-")
    environ[ENV] = path
    return MetricsDir(path, owned=True)


def empty(directory: MetricsDir, environ: MutableMapping[str, str] = os.environ) -> None:
    """Create the directory or remove what a previous run left in it (its values must not count again),
    and check that it can be written.

    The directory itself stays: in the pod it is a mounted volume. A directory that cannot be used is
    logged here, once for the instance, and the workers are told so (UNUSABLE_ENV) and log their own
    failures to record at DEBUG only.
    """
    try:
        os.makedirs(directory.path, exist_ok=True)
        for entry in list(os.scandir(directory.path)):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.remove(entry.path)
        probe = os.path.join(directory.path, ".writable")
        with open(probe, "w"):
            pass
        os.remove(probe)
    except OSError as exc:
        environ[UNUSABLE_ENV] = "1"
        _unusable(directory.path, exc)


def mark_worker_dead(pid: int) -> None:
    """Drop an exited worker's live gauges (the exporter's call for gunicorn's `child_exit`) and fold its
    counters and histograms into the archive."""
    try:
        from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics

        GunicornInternalPrometheusMetrics.mark_process_dead_on_child_exit(pid)
        directory = os.environ.get(ENV)
        if directory:
            fold_into_archive(directory, pid)
    except Exception as exc:  # the master keeps running whatever the directory's state
        log.warning("exited worker not marked in the metrics", extra={"worker_pid": pid, "error": str(exc)})


@contextmanager
def folding_lock(directory: str, *, exclusive: bool) -> Iterator[None]:
    """Exclusive while a dead worker's values move into the archive, shared while a scrape reads.

    A directory where the lock file cannot be made cannot be folded into either: no lock is needed.
    """
    try:
        file = open(os.path.join(directory, LOCK_FILE), "a")  # noqa: SIM115  # closed below
    except OSError:
        yield
        return
    try:
        fcntl.flock(file, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        file.close()  # releases the lock


def fold_into_archive(directory: str, pid: int) -> None:
    """Add a dead worker's summed values to `<type>_archive.db` and remove its files.

    Its remaining gauges (non-live modes: the exporter's info gauge) are removed: the live workers
    still report them.
    """
    with folding_lock(directory, exclusive=True):
        _fold(directory, pid)


def _fold(directory: str, pid: int) -> None:
    from prometheus_client.mmap_dict import MmapedDict

    for kind in SUMMED_KINDS:
        dead = os.path.join(directory, f"{kind}_{pid}.db")
        if not os.path.exists(dead):
            continue
        archive = MmapedDict(os.path.join(directory, f"{kind}_{ARCHIVE}.db"))  # type: ignore[no-untyped-call]
        try:
            for key, value, timestamp, _ in MmapedDict.read_all_values_from_file(dead):  # type: ignore[no-untyped-call]
                total, _ = archive.read_value(key)  # type: ignore[no-untyped-call]
                archive.write_value(key, total + value, timestamp)  # type: ignore[no-untyped-call]
        finally:
            archive.close()  # type: ignore[no-untyped-call]
        os.remove(dead)
    for gauge in glob.glob(os.path.join(directory, f"gauge_*_{pid}.db")):
        os.remove(gauge)


def remove_if_owned(directory: MetricsDir) -> None:
    if directory.owned:
        shutil.rmtree(directory.path, ignore_errors=True)


def _unusable(path: str, exc: OSError) -> None:
    log.error(
        "metrics directory unusable: no metrics are recorded",
        extra={"metrics_dir": path, "error": f"{type(exc).__name__}: {exc}"},
    )
