"""A fresh stored answer is found without requests-cache's policy, and only when that policy could
answer nothing else: every other read is left to `CachedSession.send`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from requests import PreparedRequest, Request
from requests_cache import CachedSession

from monoql.clients.fresh_answer import fresh_answer
from monoql.clients.http_session import get_session

URL = "http://localhost:8090/campaigns/campaigns/64b7f0c2a1e4d3b2c1a0aa01"
SEND = {"timeout": (1.0, 2.0), "allow_redirects": False, "verify": True, "proxies": {}, "stream": False,
        "cert": None}


def read(session: CachedSession, method: str = "GET", headers: dict[str, str] | None = None) -> PreparedRequest:
    return session.prepare_request(Request(method, URL, headers=headers))


def store(session: CachedSession, mocked: Any, headers: dict[str, str] | None = None,
          request_headers: dict[str, str] | None = None) -> Any:
    """One read sent through requests-cache, which stores its answer for 5 s."""
    mocked.add("GET", URL, json={"data": {"name": "A"}}, headers=headers or {})
    return session.send(read(session, headers=request_headers), expire_after=5, **SEND)


@pytest.fixture
def session(settings: Any) -> CachedSession:
    return get_session(settings)


def test_a_fresh_stored_answer_is_the_one_requests_cache_returns(session: CachedSession, mocked: Any) -> None:
    store(session, mocked)
    found = fresh_answer(session, read(session), 5, SEND)
    stock = session.send(read(session), expire_after=5, **SEND)
    assert found is not None
    assert found is stock
    assert found.from_cache
    assert found.json() == {"data": {"name": "A"}}
    assert len(mocked.calls) == 1


def test_nothing_stored_is_left_to_requests_cache(session: CachedSession, mocked: Any) -> None:
    assert fresh_answer(session, read(session), 5, SEND) is None


def test_an_expired_answer_is_left_to_requests_cache(session: CachedSession, mocked: Any) -> None:
    store(session, mocked)
    for answer in session.cache.responses.values():
        answer.expires = datetime.now(UTC) - timedelta(seconds=1)
    assert fresh_answer(session, read(session), 5, SEND) is None


def test_an_answer_that_varies_is_left_to_requests_cache(session: CachedSession, mocked: Any) -> None:
    store(session, mocked, headers={"Vary": "Accept-Language"})
    assert fresh_answer(session, read(session), 5, SEND) is None


def test_another_callers_read_finds_nothing(session: CachedSession, mocked: Any) -> None:
    store(session, mocked)
    other = read(session, headers={"Authorization": "Bearer other"})
    assert fresh_answer(session, other, 5, SEND) is None


def test_a_call_with_cache_directives_of_its_own_is_left_to_requests_cache(
    session: CachedSession, mocked: Any
) -> None:
    store(session, mocked, request_headers={"Cache-Control": "max-stale=0"})
    directed = read(session, headers={"Cache-Control": "max-stale=0"})
    assert fresh_answer(session, directed, 5, SEND) is None


def test_a_ttl_that_does_not_opt_in_is_left_to_requests_cache(session: CachedSession, mocked: Any) -> None:
    store(session, mocked)
    assert fresh_answer(session, read(session), 0, SEND) is None


def test_a_method_the_cache_does_not_read_is_left_to_requests_cache(
    session: CachedSession, mocked: Any
) -> None:
    store(session, mocked)
    assert fresh_answer(session, read(session, "POST"), 5, SEND) is None


def test_a_disabled_cache_is_left_to_requests_cache(session: CachedSession, mocked: Any) -> None:
    store(session, mocked)
    with session.cache_disabled():
        assert fresh_answer(session, read(session), 5, SEND) is None


def test_response_hooks_run_on_the_answer_as_requests_cache_runs_them(
    session: CachedSession, mocked: Any
) -> None:
    store(session, mocked)
    request = read(session)
    request.hooks["response"].append(lambda answer, **kwargs: ("hooked", answer.status_code, kwargs["timeout"]))
    assert fresh_answer(session, request, 5, SEND) == ("hooked", 200, (1.0, 2.0))
