"""Every kind of state a worker keeps for itself is forgotten by `fresh_process_state`, which the root
fixture (tests/conftest.py) runs before every test: no test inherits another's open breaker or caches."""

from __future__ import annotations

import logging
import socket
import time
from pathlib import Path
from typing import Any

import pytest
import responses

from monoql import metrics
from monoql.auth import verified_tokens, verify_jwt
from monoql.clients.hooks import HOOKS
from monoql.clients.http_session import get_session
from monoql.clients.resilience import RetryOptions, breaker_for, retry_budget
from monoql.per_process import PerProcess
from monoql.web import proxy_timeouts
from tests.support.fork import in_forked_child
from tests.support.gateway import app_for, backend_url, gateway_settings
from tests.support.isolation import fresh_process_state
from tests.support.tokens import make_jwt

BACKEND_HOST = ("backend.test", 80)


def fake_resolver(host: str, port: int, *args: Any) -> list[tuple[Any, ...]]:
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.9", port))]


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name.startswith("monoql")]


def trip_everything(tmp_path: Path, token: str) -> dict[str, Any]:
    """Leave every kind of state in a state a fresh worker never has; returns what to compare afterwards."""
    settings = gateway_settings()
    HOOKS.resolver = fake_resolver
    HOOKS.clock = lambda: 5.0

    breaker = breaker_for("campaigns", settings)
    for _ in range(settings.breaker.failure_threshold):
        breaker.record_failure()
    assert breaker.state == "open"

    budget = retry_budget(RetryOptions.from_settings(settings))
    while budget.try_spend():
        pass
    assert not budget.try_spend()

    session = get_session(settings)
    with responses.RequestsMock() as mock:
        mock.get(backend_url("campaigns", "/cached"), json={"data": 1})
        session.get(backend_url("campaigns", "/cached"), expire_after=60)
    assert len(session.cache.responses) == 1
    adapter = session.get_adapter(backend_url("campaigns"))
    assert adapter.known_addresses(*BACKEND_HOST) == frozenset({"127.0.0.9"})

    assert verify_jwt(token, settings.jwt) is not None
    assert len(verified_tokens(settings.jwt)) == 1

    metrics.report_failure(PermissionError("first"))
    proxy_timeouts.drain(str(tmp_path))  # a directory: unreadable, logged once

    for index in range(200):
        assert metrics.operation_label(f"Name{index}") == f"Name{index}"
    assert metrics.operation_label("Late") == "other"

    return {"settings": settings, "session": session, "app": app_for(settings)}


def test_every_kind_of_per_process_state_is_fresh_after_the_reset(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)  # the operation names of this process only
    token = make_jwt()
    with caplog.at_level(logging.DEBUG):
        tripped = trip_everything(tmp_path, token)
        # Before the reset, a second failure of each kind is not logged again.
        metrics.report_failure(PermissionError("second"))
        proxy_timeouts.drain(str(tmp_path))
    assert logged(caplog) == ["metrics not recorded", "proxy timeout marks unreadable"]
    caplog.clear()

    fresh_process_state()
    settings = tripped["settings"]

    assert HOOKS.clock is time.monotonic
    assert HOOKS.resolver is socket.getaddrinfo
    assert breaker_for("campaigns", settings).state == "closed"
    budget = retry_budget(RetryOptions.from_settings(settings))
    assert budget.tokens == 10  # retry.budgetMin: a full budget
    session = get_session(settings)
    assert session is not tripped["session"]
    assert len(session.cache.responses) == 0
    assert session.get_adapter(backend_url("campaigns")).known_addresses(*BACKEND_HOST) is None
    assert len(verified_tokens(settings.jwt)) == 0
    assert metrics.operation_label("Late") == "Late"
    assert app_for(settings) is not tripped["app"]
    with caplog.at_level(logging.DEBUG):
        metrics.report_failure(PermissionError("after the reset"))
        proxy_timeouts.drain(str(tmp_path))
    assert logged(caplog) == ["metrics not recorded", "proxy timeout marks unreadable"]


def test_a_forked_child_makes_its_own_value_and_the_parent_keeps_its_own() -> None:
    holder: PerProcess[object] = PerProcess(object)
    parent_value = holder.get()
    assert not in_forked_child(lambda: holder.get() is parent_value)
    assert holder.get() is parent_value
