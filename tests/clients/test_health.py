"""Dependency probes: every backend's GET /heartbeat, concurrently, with the circuit state."""

from __future__ import annotations

from typing import Any

import requests
from prometheus_client import REGISTRY

from monoql.clients.health import probe_dependencies
from monoql.clients.resilience import breaker_for

SERVICES = ("users", "campaigns", "entries", "codes", "uploads", "waves", "exports")


def test_probe_every_service(mocked: Any, settings: Any) -> None:
    for name in SERVICES:
        url = f"http://localhost:8090/{name}/heartbeat"
        if name == "campaigns":
            mocked.add("GET", url, status=503, json={"message": "down"})
        elif name == "entries":
            mocked.add("GET", url, body=requests.exceptions.ConnectionError("refused"))
        elif name == "codes":
            mocked.add("GET", url, body=requests.exceptions.ReadTimeout("slow"))
        else:
            mocked.add("GET", url, json={"status": "ok"})
    breaker_for("waves", settings).record_failure()
    for _ in range(5):
        breaker_for("exports", settings).record_failure()

    result = probe_dependencies(settings, timeout=1.5, request_id="probe-1")

    assert set(result) == set(SERVICES)
    assert {name for name, r in result.items() if r["up"]} == {"users", "uploads", "waves", "exports"}
    assert result["campaigns"]["error"] == "HTTP 503"
    assert result["entries"]["error"].startswith("unreachable")
    assert result["codes"]["error"] == "timeout"
    assert result["users"]["error"] is None
    assert result["exports"]["circuit"] == "open"  # probes bypass the breaker but report it
    assert result["waves"]["circuit"] == "closed"
    for entry in result.values():
        assert set(entry) == {"up", "latencyMs", "error", "circuit"}
        assert entry["latencyMs"] >= 0
    assert len(mocked.calls) == 7
    for call in mocked.calls:
        assert "Authorization" not in call.request.headers
        assert call.request.headers["X-Correlation-ID"] == "probe-1"
        assert call.request.req_kwargs["timeout"] == (1.5, 1.5)
    assert REGISTRY.get_sample_value("monoql_upstream_up", {"service": "campaigns"}) == 0.0
    assert REGISTRY.get_sample_value("monoql_upstream_up", {"service": "users"}) == 1.0


def test_probes_are_not_cached(mocked: Any, settings: Any) -> None:
    for name in SERVICES:
        mocked.add("GET", f"http://localhost:8090/{name}/heartbeat", json={"status": "ok"})
    probe_dependencies(settings)
    probe_dependencies(settings)
    assert len(mocked.calls) == 14
