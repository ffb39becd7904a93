"""Fault injection per stand-in (docs/sandbox.md §4): latency, error rate, garbage, down.

Faults act in a WSGI middleware in front of the Flask app, so they never touch stored data.
"""

import contextlib
import errno
import json
import random
import socket
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from monoql_sandbox.clock import iso
from monoql_sandbox.envelope import WRAPPED, service_of_path

_KEYS = {"latencyMs", "errorRate", "status", "garbage", "down", "seed"}


class FaultError(ValueError):
    """A fault specification that cannot be applied."""


def validate(spec: object) -> dict[str, Any]:
    """A clean copy of a fault specification; FaultError on unknown keys or bad values."""
    if not isinstance(spec, dict):
        raise FaultError("faults must be a JSON object")
    unknown = set(spec) - _KEYS
    if unknown:
        raise FaultError(f"unknown fault keys: {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    try:
        if spec.get("latencyMs") is not None:
            out["latencyMs"] = max(0, int(spec["latencyMs"]))
        if spec.get("errorRate") is not None:
            out["errorRate"] = float(spec["errorRate"])
            if not 0 <= out["errorRate"] <= 1:
                raise FaultError("errorRate must be within 0..1")
        if spec.get("seed") is not None:
            out["seed"] = int(spec["seed"])
        if spec.get("status") is not None:
            out["status"] = int(spec["status"])
            if not 100 <= out["status"] <= 599:
                raise FaultError("status must be an HTTP status")
    except (TypeError, ValueError) as exc:
        raise FaultError(str(exc)) from exc
    for flag in ("garbage", "down"):
        if spec.get(flag) is not None:
            out[flag] = spec[flag] in (True, "true", "True", "1", 1)
    return out


def parse_fault_arg(text: str) -> tuple[str, dict[str, Any]]:
    """``entries:latencyMs=20,errorRate=0.5`` -> ("entries", {...})."""
    service, _, pairs = text.partition(":")
    if service not in WRAPPED:
        raise FaultError(f"unknown service {service!r}")
    spec: dict[str, Any] = {}
    for pair in filter(None, pairs.split(",")):
        key, sep, value = pair.partition("=")
        if not sep:
            value = "true"
        spec[key.strip()] = value.strip()
    return service, validate(spec)


class FaultRegistry:
    """The faults in force per stand-in, shared by every request thread."""

    def __init__(self, initial: dict[str, Any] | None = None) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, dict[str, Any]] = {}
        # A fault with a `seed` draws its error coin flips from its own generator: a test that sets
        # one sees the same sequence on every run.
        self._seeded: dict[str, random.Random] = {}
        for service, spec in (initial or {}).items():
            self.set(service, spec)

    def get(self, service: str) -> dict[str, Any]:
        with self._lock:
            return dict(self._faults.get(service, {}))

    def set(self, service: str, spec: object) -> dict[str, Any]:
        if service not in WRAPPED:
            raise FaultError(f"unknown service {service!r}")
        clean = validate(spec)
        with self._lock:
            self._faults[service] = clean
            if "seed" in clean:
                self._seeded[service] = random.Random(clean["seed"])
            else:
                self._seeded.pop(service, None)
        return dict(clean)

    def draw(self, service: str, fallback: random.Random) -> float:
        """The next coin flip for `service`: from its seeded generator when it has one."""
        with self._lock:
            return self._seeded.get(service, fallback).random()

    def clear(self, service: str | None = None) -> None:
        with self._lock:
            if service is None:
                self._faults.clear()
                self._seeded.clear()
            else:
                self._faults.pop(service, None)
                self._seeded.pop(service, None)


class FaultMiddleware:
    """Applies the registry's faults to requests under a stand-in's prefix."""

    def __init__(self, app, registry: FaultRegistry, rng: random.Random | None = None) -> None:
        self.app, self.registry = app, registry
        self.rng = rng or random.Random()

    def __call__(self, environ, start_response):
        service = service_of_path(environ.get("PATH_INFO", ""))
        spec = self.registry.get(service) if service else {}
        if not spec:
            return self.app(environ, start_response)
        if spec.get("down"):
            drop_connection(environ)
        if spec.get("latencyMs"):
            time.sleep(spec["latencyMs"] / 1000)
        if spec.get("garbage"):
            garbage = b"<html>this is not JSON {"
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(garbage)))])
            return [garbage]
        status, rate = spec.get("status"), spec.get("errorRate")
        always = status is not None and rate is None
        if always or (rate is not None and self.registry.draw(str(service), self.rng) < rate):
            return _injected(environ, start_response, str(service), status or 503)
        return self.app(environ, start_response)


def drop_connection(environ) -> None:
    """Close the client's socket without answering; the server then drops the request."""
    sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    # gunicorn and werkzeug both treat EPIPE as a client that went away and stay quiet.
    raise BrokenPipeError(errno.EPIPE, "sandbox fault: down")


def _injected(environ, start_response, service: str, status: int):
    correlation = environ.get("HTTP_X_CORRELATION_ID") or str(uuid.uuid4())
    error = {"status": status, "message": "Injected fault.", "payload": "", "code": "INJECTED_FAULT"}
    meta = {"timestamp": iso(datetime.now(UTC)), "correlationId": correlation}
    body = {"error": error, "meta": meta} if WRAPPED[service] else error
    data = json.dumps(body).encode()
    start_response(
        f"{status} Injected Fault",
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(data))),
            ("X-Correlation-ID", correlation),
        ],
    )
    return [data]
