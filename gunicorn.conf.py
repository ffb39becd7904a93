"""gunicorn settings for monoql: sync workers sized from the container's CPU limit, JSON logs,
Prometheus multiprocess metrics, and shutdown inside Kubernetes' 30 s termination grace."""

from __future__ import annotations

import gc
import math
import os
import sys
from pathlib import Path

from monoql import metrics_dir, spare_workers
from monoql.config import ConfigError, load_settings
from monoql.config.sites import warn_about_cookie_sites
from monoql.errors import LogFileError
from monoql.logging import gunicorn_logconfig, start_rotation

try:
    _settings = load_settings()
except ConfigError as _error:
    sys.stderr.write(f"monoql: {_error}\n")
    raise SystemExit(2) from None


def cpu_limit(cgroup_root: str = "/sys/fs/cgroup") -> int:
    """CPUs the container may use: cgroup v2 `cpu.max`, else v1 quota/period, else the machine's count."""
    root = Path(cgroup_root)
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        if quota != "max":
            return max(1, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        pass
    try:
        quota_us = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period_us = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        if quota_us > 0 and period_us > 0:
            return max(1, math.ceil(quota_us / period_us))
    except (OSError, ValueError):
        pass
    return os.cpu_count() or 1


# The pod's loopback behind the nginx sidecar (the chart sets MONOQL_HOST and MONOQL_PORT); the
# loopback for `make run`; every interface only where gunicorn serves clients itself.
bind = f"{_settings.host}:{_settings.port}"
# gunicorn's sync worker, answering the requests gunicorn cannot parse in JSON
# (monoql/gunicorn_worker.py).
worker_class = "monoql.gunicorn_worker.JsonErrorWorker"
# Read once: the worker count and the split between core and spare workers (pre_fork) follow the same count.
_cpus = cpu_limit()
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cpus + 1)
# Above the longest request deadline (uploads, 55 s) so a worker is never killed mid-request.
timeout = 65
# SIGTERM → finish in-flight requests within Kubernetes' 30 s termination grace.
graceful_timeout = 25
keepalive = 75
# The largest request line gunicorn accepts (its maximum). nginx's 8k header buffers cut a longer
# line first; without nginx the worker answers it with the same JSON 414.
limit_request_line = 8190
# Header lines as long as nginx passes (8,190 characters; gunicorn counts the CRLF too), and as many
# headers as gunicorn allows, far more than nginx's header buffers carry: nginx answers those limits.
limit_request_field_size = 8192
limit_request_fields = 32768
# Workers are recycled as a backstop only: `make soak` holds worker memory flat with recycling off. A new
# worker imports the app again (about 0.5 s of CPU) and starts with cold caches, so recycling every
# 5,000 requests cost about 5 % of a worker's CPU at fan-landing rates; the jitter keeps workers from
# being recycled together.
max_requests = 50000
max_requests_jitter = 5000
control_socket_disable = True
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108  # read-only root fs
# No gunicorn access log: the app writes one line per request (monoql.access, with the request id,
# route and operation; /heartbeat and /metrics at DEBUG), and a second line per request only doubled
# the log volume. gunicorn still writes access lines when a logconfig_dict is set, so its access
# logger is silenced there too (monoql.logging); the format stays safe should it ever be turned on.
accesslog = None
# gunicorn's logger, which skips gathering an access line's fields while its access logger is silenced.
logger_class = "monoql.gunicorn_worker.QuietAccessLogger"
# Method and path only: a query string may carry GraphQL variables (passwords) and must never be logged.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
try:
    logconfig_dict = gunicorn_logconfig(_settings.logging.level, _settings.logging.file)
except LogFileError as _error:
    sys.stderr.write(f"monoql: {_error}\n")
    raise SystemExit(2) from None


_metrics_dir: metrics_dir.MetricsDir | None = None


def on_starting(server: object) -> None:
    """Choose this instance's metrics directory (before any worker imports prometheus_client) and
    empty it: values of a previous run must not be counted again."""
    global _metrics_dir
    _metrics_dir = metrics_dir.choose()
    metrics_dir.empty(_metrics_dir)


def on_exit(server: object) -> None:
    if _metrics_dir is not None:
        metrics_dir.remove_if_owned(_metrics_dir)


def when_ready(server: object) -> None:
    """The master keeps the log file bounded (nothing else in the pod rotates it) and says once which
    CORS origins get no cookie session under `session.sameSite`."""
    warn_about_cookie_sites(_settings)
    logs = _settings.logging
    start_rotation(logs.file, logs.max_bytes, logs.rotate_check_seconds)


def pre_fork(server: object, worker: object) -> None:
    """Number the worker's slot (a replacement takes the slot of the worker it replaces); the workers
    past the CPUs + 1 are spares, which rest while the CPUs are contended (monoql/spare_workers.py)."""
    live = server.WORKERS.values()  # type: ignore[attr-defined]
    slot = spare_workers.free_slot(getattr(other, "slot", 0) for other in live)
    worker.slot = slot  # type: ignore[attr-defined]
    worker.spare = slot >= spare_workers.core_workers(_cpus)  # type: ignore[attr-defined]


def post_worker_init(worker: object) -> None:
    """Move everything the worker built at start-up out of the garbage collector's view: those
    objects live as long as the worker, and rescanning them made large responses cost more per item."""
    gc.freeze()


def child_exit(server: object, worker: object) -> None:
    metrics_dir.mark_worker_dead(worker.pid)  # type: ignore[attr-defined]
