"""`/metrics`: Prometheus text aggregated over every gunicorn worker."""

from __future__ import annotations

from flask import Flask, Response
from prometheus_client import CONTENT_TYPE_LATEST

from monoql.metrics import render_metrics


def init_app(app: Flask) -> None:
    def metrics() -> Response:
        return Response(
            render_metrics(), content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"}
        )

    app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])
