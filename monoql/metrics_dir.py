"""The multiprocess metrics directory of one gunicorn instance: chosen, emptied at start, tidied at exit.

gunicorn's master calls these from gunicorn.conf.py. Without PROMETHEUS_MULTIPROC_DIR (a laptop, a
second instance on the same host) each instance makes its own private directory, so starting one
never wipes another's values; the chart and the image set the variable to their mounted directory.
Nothing here may fail the master: a directory that cannot be prepared is logged and the gateway
serves without metrics (monoql.metrics.recording).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import MutableMapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

ENV = "PROMETHEUS_MULTIPROC_DIR"


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


def empty(directory: MetricsDir) -> None:
    """Create the directory or remove what a previous run left in it (its values must not count again).

    The directory itself stays: in the pod it is a mounted volume.
    """
    try:
        os.makedirs(directory.path, exist_ok=True)
        entries = list(os.scandir(directory.path))
    except OSError as exc:
        _unusable(directory.path, exc)
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.remove(entry.path)
        except OSError as exc:
            _unusable(directory.path, exc)
            return


def mark_worker_dead(pid: int) -> None:
    """Drop an exited worker's live gauges (the exporter's call for gunicorn's `child_exit`)."""
    try:
        from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics

        GunicornInternalPrometheusMetrics.mark_process_dead_on_child_exit(pid)
    except Exception as exc:  # the master keeps running whatever the directory's state
        log.warning("exited worker not marked in the metrics", extra={"worker_pid": pid, "error": str(exc)})


def remove_if_owned(directory: MetricsDir) -> None:
    if directory.owned:
        shutil.rmtree(directory.path, ignore_errors=True)


def _unusable(path: str, exc: OSError) -> None:
    log.error(
        "metrics directory unusable",
        extra={"metrics_dir": path, "error": f"{type(exc).__name__}: {exc}"},
    )
