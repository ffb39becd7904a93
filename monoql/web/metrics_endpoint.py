"""`/metrics`: the exporter's endpoint, serving every worker's metrics as one page (monoql.metrics_page)."""

from __future__ import annotations

from flask import Flask

from monoql.web.http_metrics import exporter

PATH = "/metrics"


def init_app(app: Flask) -> None:
    """Register `/metrics` on `app`; scrapes are not counted in the HTTP metrics."""
    exporter().register_endpoint(PATH, app)
