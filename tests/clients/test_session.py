"""The per-process session: lazy, one per process (fork-safe), pool sized, cache keyed on Authorization."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from typing import Any

from requests_cache import CachedSession

from monoql.clients import Clients, base
from monoql.clients.base import CallContext, expand, query, user_agent
from monoql.clients.dns import DnsTtlAdapter
from monoql.clients.http_session import get_session
from tests.support.fork import in_forked_child


def test_one_session_per_process(settings: Any) -> None:
    first = get_session(settings)
    assert isinstance(first, CachedSession)
    assert get_session(settings) is first
    assert not in_forked_child(lambda: get_session(settings) is first)  # a forked worker builds its own
    assert get_session(settings) is first


def test_importing_the_clients_builds_no_session() -> None:
    from monoql.clients import http_session as module

    module._sessions.reset()
    import monoql.clients.campaigns  # noqa: F401

    assert module._sessions._value is None


def test_session_configuration(settings_with: Any) -> None:
    session = get_session(settings_with(upstream={"maxConcurrency": 16}, dnsCacheTTL=5))
    adapter = session.get_adapter("http://localhost:8090/users")
    assert isinstance(adapter, DnsTtlAdapter)
    assert adapter is session.get_adapter("https://example.test/")
    assert adapter._pool_maxsize == 16
    assert adapter.dns_ttl == 5
    assert adapter.max_retries.total == 0  # retries are ours, not urllib3's
    assert session.trust_env is False
    assert session.settings.allowable_methods == ("GET", "HEAD")
    assert session.settings.match_headers == ["Authorization"]
    assert "Authorization" not in (session.settings.ignored_parameters or ())


def test_concurrent_calls_share_the_session(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", "http://localhost:8090/entries/c1/entries", json={"fields": {}})
    call = CallContext("tok", "rid", clock.now + 60)

    def one(_: int) -> Any:
        return Clients(settings, call).entries.get_entry("c1")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(40)))
    assert results == [{"fields": {}}] * 40
    assert len(mocked.calls) == 40


def test_clients_are_created_lazily_and_kept(settings: Any) -> None:
    clients = Clients(settings, CallContext("tok", "rid", None))
    assert "entries" not in clients.__dict__
    assert clients.entries is clients.entries
    assert {
        c.service
        for c in (
            clients.users,
            clients.campaigns,
            clients.entries,
            clients.codes,
            clients.uploads,
            clients.waves,
            clients.exports,
        )
    } == {"users", "campaigns", "entries", "codes", "uploads", "waves", "exports"}


def test_a_new_jwt_on_the_call_context_is_used_by_later_calls(mocked: Any, settings: Any) -> None:
    mocked.add("GET", "http://localhost:8090/users/me", json={"id": "u"})
    call = CallContext(None, "rid", None)
    users = Clients(settings, call).users
    users.get_me()
    call.jwt = "fresh.jwt"
    users.get_me()
    assert "Authorization" not in mocked.calls[0].request.headers
    assert mocked.calls[1].request.headers["Authorization"] == "Bearer fresh.jwt"


def test_user_agent_falls_back_without_metadata(monkeypatch: Any) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    user_agent.cache_clear()
    monkeypatch.setattr(base.metadata, "version", missing)
    try:
        assert user_agent() == "monoql/0"
    finally:
        user_agent.cache_clear()
    monkeypatch.undo()
    assert user_agent() == f"monoql/{metadata.version('monoql')}"


def test_query_conventions() -> None:
    assert query(a=None, b=True, c=False, d=["x", "y"], e=0, f=1.5, g="") == [
        ("b", "true"),
        ("c", "false"),
        ("d", "x,y"),
        ("e", "0"),
        ("f", "1.5"),
        ("g", ""),
    ]


def test_expand_route() -> None:
    assert expand("/campaigns/:campaignId/markets/:marketId", {"campaignId": "c 1", "marketId": "m#2"}) == (
        "/campaigns/c%201/markets/m%232"
    )
    assert expand("/promoters") == "/promoters"
