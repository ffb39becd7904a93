"""Probes: `/heartbeat` (liveness, readiness, ALB; never calls a backend) and `/heartbeat/dependencies`."""

from __future__ import annotations

import orjson
from flask import Flask, Response, abort

from monoql import __version__
from monoql.clients.health import probe_dependencies
from monoql.config import Settings


def init_app(app: Flask, settings: Settings) -> None:
    def heartbeat() -> Response:
        body = orjson.dumps({"status": "ok", "version": __version__})
        return Response(body, content_type="application/json", headers={"Cache-Control": "no-store"})

    def dependencies() -> Response:
        if not settings.heartbeat.dependencies:
            abort(404)
        report = probe_dependencies(settings, timeout=settings.heartbeat.timeout)
        all_up = all(entry.get("up") for entry in report.values())
        body = {"status": "ok" if all_up else "degraded", "version": __version__, "dependencies": report}
        return Response(
            orjson.dumps(body),
            status=200 if all_up else 503,
            content_type="application/json",
            headers={"Cache-Control": "no-store"},
        )

    app.add_url_rule("/heartbeat", "heartbeat", heartbeat, methods=["GET", "HEAD"])
    app.add_url_rule("/heartbeat/dependencies", "heartbeat_dependencies", dependencies, methods=["GET"])
