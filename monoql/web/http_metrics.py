"""HTTP metrics by prometheus-flask-exporter, hooked into every app built in the process.

The exporter counts requests and times them per method, route template and status
(`monoql_http_request_duration_seconds`, `monoql_http_request_total`,
`monoql_http_request_exceptions_total`, `monoql_exporter_info`). Under gunicorn it is the library's
`GunicornInternalPrometheusMetrics` (multiprocess files, `/metrics` served by the app itself); in a
single process (tests, scripts) its plain `PrometheusMetrics` on the default registry.

What monoql adds around it:
- The exporter creates its metric families once per process, and a second `export_defaults` returns
  early without hooking the app (the family names are taken). The app factory runs many times in one
  process (the tests do), so the exporter is created once and the request hooks it registers are
  recorded and attached to every app.
- Label values stay in closed sets (`docs/hostile-traffic.md` §5): `route` is the matched route
  template or `other`, and the hooks see `method` as a standard method or `other` while they record.
- A failure to record (an unwritable metrics directory) is logged once and never fails the request.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, Request, Response, make_response, request
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.exposition import choose_encoder
from prometheus_flask_exporter import PrometheusMetrics
from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics

from monoql.metrics import LATENCY_BUCKETS, OTHER, method_label, recording, report_failure
from monoql.metrics_page import multiprocess_dir, page_registry

Hook = Callable[..., Any]


class _MonoqlExporter(PrometheusMetrics):  # type: ignore[misc]
    """The exporter's behaviour with monoql's page and failure handling."""

    def info(self, *args: Any, **kwargs: Any) -> Any:
        # `monoql_exporter_info` is written when the defaults are exported, before the request hooks are
        # registered: a failure there must not leave the app without HTTP metrics.
        with recording():
            return super().info(*args, **kwargs)
        return None

    def generate_metrics(self, accept_header: str | None = None, names: list[str] | None = None) -> Any:
        """The one aggregated page: every worker's families plus process and build (monoql.metrics_page)."""
        registry = page_registry(names or ())
        generate_latest, content_type = choose_encoder(accept_header or "")
        return generate_latest(registry).decode("utf-8"), content_type


class MultiprocessExporter(_MonoqlExporter, GunicornInternalPrometheusMetrics):  # type: ignore[misc]
    """gunicorn: values in PROMETHEUS_MULTIPROC_DIR, dead workers marked by gunicorn.conf.py's child_exit."""


class SingleProcessExporter(_MonoqlExporter):
    """One process without a multiprocess directory: the families live on the default registry."""


def _not_cached(view: Hook) -> Hook:
    """The `/metrics` view answers `Cache-Control: no-store`: every scrape reads the current values."""

    @functools.wraps(view)
    def metrics(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return metrics


def route(req: Request) -> str:
    """The `route` label (the exporter names the label after this function): a template or `other`."""
    rule = req.url_rule
    return rule.rule if rule is not None else OTHER


class _RecordedHooks:
    """Stands in for the app while the exporter exports its defaults, keeping the hooks it registers."""

    def __init__(self) -> None:
        self.before: list[Hook] = []
        self.after: list[Hook] = []
        self.teardown: list[Hook] = []

    def before_request(self, hook: Hook) -> Hook:
        self.before.append(hook)
        return hook

    def after_request(self, hook: Hook) -> Hook:
        self.after.append(hook)
        return hook

    def teardown_request(self, hook: Hook) -> Hook:
        self.teardown.append(hook)
        return hook


_lock = threading.Lock()
_exporter: _MonoqlExporter | None = None
_hooks = _RecordedHooks()


def exporter() -> _MonoqlExporter:
    """The process's exporter, created (and its default metrics exported) on first use."""
    global _exporter
    with _lock:
        if _exporter is None:
            _exporter = _create(_hooks)
        return _exporter


def _create(hooks: _RecordedHooks) -> _MonoqlExporter:
    options: dict[str, Any] = {
        "path": None,  # monoql.web.metrics_endpoint registers /metrics on each app
        "defaults_prefix": "monoql",
        "group_by": route,
        "buckets": LATENCY_BUCKETS,
        "metrics_decorator": _not_cached,
    }
    created: _MonoqlExporter
    if multiprocess_dir():
        try:
            created = MultiprocessExporter(app=None, **options)
        except ValueError as exc:  # the directory is missing: record nothing, serve everything
            report_failure(exc)
            created = SingleProcessExporter(app=None, registry=CollectorRegistry(), **options)
    else:
        created = SingleProcessExporter(app=None, registry=REGISTRY, **options)
    created.init_app(hooks)
    return created


def init_app(app: Flask) -> None:
    """Hook the exporter's HTTP metrics into `app`; call before other request hooks so every request,
    including one answered by an earlier hook (a CORS preflight), is timed."""
    app.extensions["prometheus_metrics"] = exporter()
    for hook in _hooks.before:
        app.before_request(_guard_before(hook))
    for hook in _hooks.after:
        app.after_request(_guard_after(hook))
    for hook in _hooks.teardown:
        app.teardown_request(_guard_teardown(hook))


# The exporter's hooks run inside `recording()`, so a failure of the metrics machinery is reported,
# never raised. The exporter labels with `request.method`: while it records, it is shown a bounded value.


def _guard_before(hook: Hook) -> Hook:
    def before() -> None:
        with recording():
            hook()

    return before


def _guard_after(hook: Hook) -> Hook:
    def after(response: Response) -> Response:
        _record_with_bounded_method(hook, response)
        return response

    return after


def _guard_teardown(hook: Hook) -> Hook:
    def teardown(exception: BaseException | None = None) -> None:
        _record_with_bounded_method(hook, exception)

    return teardown


def _record_with_bounded_method(hook: Hook, argument: Any) -> None:
    req: Request = request._get_current_object()  # type: ignore[attr-defined]  # once, not per use
    original = req.method
    with recording():
        try:
            req.method = method_label(original)
            hook(argument)
        finally:
            req.method = original
