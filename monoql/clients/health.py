"""Dependency probes: ``GET /heartbeat`` of every backend, concurrently, for ``/heartbeat/dependencies``.

Probes bypass the circuit breakers (they observe the backend itself) but report each breaker's state,
and they set ``monoql_upstream_up``.
"""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from monoql.clients.base import user_agent
from monoql.clients.http_session import get_session
from monoql.clients.observability import set_up
from monoql.clients.options import SERVICES, service_options
from monoql.clients.resilience import breaker_states
from monoql.errors import MonoqlError

HEARTBEAT = "/heartbeat"


def _probe(settings: Any, service: str, timeout: float, request_id: str) -> dict[str, Any]:
    started = time.perf_counter()
    error: str | None = None
    try:
        options = service_options(settings, service)
        response = get_session(settings).get(
            options.url + HEARTBEAT,
            headers={"X-Correlation-ID": request_id, "User-Agent": user_agent(),
                     "Accept": "application/json"},
            timeout=(min(options.connect_timeout, timeout), timeout),
            allow_redirects=False,
        )
        if response.status_code != 200:
            error = f"HTTP {response.status_code}"
    except requests.Timeout:
        error = "timeout"
    except requests.RequestException as exc:
        error = f"unreachable ({type(exc).__name__})"
    except MonoqlError as exc:
        error = exc.message
    up = error is None
    set_up(service, up)
    return {"up": up, "latencyMs": round((time.perf_counter() - started) * 1000.0, 3), "error": error}


def probe_dependencies(settings: Any, timeout: float = 2.0, *,
                       request_id: str | None = None) -> dict[str, dict[str, Any]]:
    """``{service: {"up", "latencyMs", "error", "circuit"}}`` for the seven backends, probed concurrently."""
    rid = request_id or str(uuid.uuid4())
    with ThreadPoolExecutor(max_workers=len(SERVICES), thread_name_prefix="monoql-heartbeat") as pool:
        futures = {name: pool.submit(_probe, settings, name, timeout, rid) for name in SERVICES}
        results = {name: future.result() for name, future in futures.items()}
    states = breaker_states()
    for name, result in results.items():
        result["circuit"] = states[name]
    return results
