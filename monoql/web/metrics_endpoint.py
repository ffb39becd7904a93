"""`/metrics`: the exporter's endpoint, serving every worker's metrics as one page (monoql.metrics_page)."""

from __future__ import annotations

from flask import Flask, request

from monoql.config import Settings
from monoql.web import proxy_timeouts
from monoql.web.http_metrics import exporter

PATH = "/metrics"


def init_app(app: Flask, settings: Settings) -> None:
    """Register `/metrics` on `app`; scrapes are not counted in the HTTP metrics."""
    exporter().register_endpoint(PATH, app)
    marks = settings.proxy.timeout_marks
    if marks:

        @app.before_request
        def _count_proxy_timeouts() -> None:
            # Each scrape first moves the proxy's timeout marks into their counter.
            if request.path == PATH:
                proxy_timeouts.drain(marks)
