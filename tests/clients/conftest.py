"""Fixtures for the client tests: settings, mocked HTTP, a fake clock and a fake resolver.

Every test starts with fresh per-process state (tests/conftest.py) and with time, sleeping, jitter and
DNS replaced, so nothing waits and nothing leaves the process.
"""

from __future__ import annotations

from typing import Any

import pytest
import responses

from monoql.clients.base import CallContext
from monoql.clients.hooks import HOOKS
from monoql.config import load_settings
from tests.support.wire import BASE, JWT, REQUEST_ID, Wire


class FakeClock:
    """Monotonic time that only moves when told to (or when the code under test sleeps)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class FakeResolver:
    """``socket.getaddrinfo`` stand-in answering from a table; counts lookups per host."""

    def __init__(self) -> None:
        self.table: dict[str, list[str]] = {}
        self.lookups: dict[str, int] = {}

    def __call__(self, host: str, port: int, *args: Any) -> list[tuple[Any, ...]]:
        self.lookups[host] = self.lookups.get(host, 0) + 1
        addresses = self.table.get(host, ["127.0.0.1"])
        return [(2, 1, 6, "", (address, port)) for address in addresses]


@pytest.fixture(autouse=True)
def clock() -> FakeClock:
    fake = FakeClock()
    HOOKS.clock = fake
    HOOKS.sleep = fake.sleep
    HOOKS.rand = lambda: 0.5
    return fake


@pytest.fixture(autouse=True)
def resolver() -> FakeResolver:
    fake = FakeResolver()
    HOOKS.resolver = fake
    return fake


@pytest.fixture
def settings() -> Any:
    return load_settings(env="local")


def make_settings(**overrides: Any) -> Any:
    return load_settings(env="local", overrides=overrides)


@pytest.fixture
def mocked() -> Any:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def call(clock: FakeClock) -> CallContext:
    return CallContext(jwt=JWT, request_id=REQUEST_ID, deadline=clock.now + 120.0)


@pytest.fixture
def anon(clock: FakeClock) -> CallContext:
    return CallContext(jwt=None, request_id=REQUEST_ID, deadline=clock.now + 120.0)


@pytest.fixture
def wire() -> type[Wire]:
    return Wire


@pytest.fixture
def settings_with() -> Any:
    """settings_with(**overrides) -> local settings with camelCase overrides merged in."""
    return make_settings


def _expected(case: dict[str, Any], form: str) -> Any:
    if "expected" in case:
        return case["expected"]
    if case.get("page"):
        from monoql.clients.paging import Page

        pagination = case.get("meta", {}).get("pagination") if form == "wrapped" else None
        return Page(case["answer"], pagination)
    return case["answer"]


def _invoke(settings: Any, clock: FakeClock, case: dict[str, Any], jwt: str | None) -> Any:
    from monoql.clients import Clients

    clients = Clients(settings, CallContext(jwt=jwt, request_id=REQUEST_ID, deadline=clock.now + 120.0))
    method = getattr(getattr(clients, case["client"]), case["method"])
    return method(*case.get("args", ()), **case.get("kwargs", {}))


@pytest.fixture
def verify(mocked: Any, settings: Any, clock: FakeClock) -> Any:
    """verify(case, form=..., jwt=...): call a client method against a mocked backend and check the wire.

    A case is a dict: client, method, args, kwargs, http (method), path (with the service mount),
    query (list of pairs), json (body), answer (payload), meta, page, expected, long (60 s read), auth.
    """

    def run(case: dict[str, Any], *, form: str = "wrapped", jwt: str | None = JWT) -> Any:
        answer = case["answer"]
        body = Wire.wrap(answer, case.get("meta")) if form == "wrapped" else answer
        mocked.add(case["http"], BASE + case["path"], json=body, status=case.get("status", 200))
        result = _invoke(settings, clock, case, jwt)
        assert len(mocked.calls) == 1
        request = mocked.calls[0].request
        assert request.method == case["http"]
        assert Wire.path(request) == case["path"]
        assert sorted(Wire.query(request)) == sorted(case.get("query", []))
        if "json" in case:
            assert Wire.json(request) == case["json"]
            assert request.headers["Content-Type"] == "application/json"
        else:
            assert not request.body
        assert result == _expected(case, form)
        headers = request.headers
        assert headers["X-Correlation-ID"] == REQUEST_ID
        assert headers["User-Agent"].startswith("monoql/")
        assert headers["Accept"] == "application/json"
        if jwt and case.get("auth", True):
            assert headers["Authorization"] == f"Bearer {jwt}"
        else:
            assert "Authorization" not in headers
        assert "Cache-Control" not in headers
        read = 60.0 if case.get("long") else 10.0
        assert request.req_kwargs["timeout"] == (2.0, read)
        return result

    return run


@pytest.fixture
def fail(mocked: Any, settings: Any, clock: FakeClock) -> Any:
    """fail(case, status, form): the backend answers an error; returns the exception raised."""

    def run(case: dict[str, Any], status: int = 404, form: str = "wrapped") -> Any:
        from monoql.errors import MonoqlError

        error = {"status": status, "message": "It went wrong.", "payload": "", "code": "SOME_REASON"}
        body = {"error": error, "meta": {"correlationId": "x"}} if form == "wrapped" else error
        mocked.add(case["http"], BASE + case["path"], json=body, status=status)
        with pytest.raises(MonoqlError) as info:
            _invoke(settings, clock, case, JWT)
        return info.value

    return run
