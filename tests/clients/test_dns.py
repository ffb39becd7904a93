"""The DNS-TTL-aware adapter: re-resolve after the TTL, drop a host's pools when its addresses change."""

from __future__ import annotations

import gc
import socket
import weakref
from typing import Any

import requests

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.clients.dns import DnsTtlAdapter


class Table:
    def __init__(self) -> None:
        self.answers: dict[str, list[str]] = {
            "svc.test": ["10.0.0.1", "10.0.0.2"],
            "other.test": ["10.9.9.9"],
        }
        self.calls: list[tuple[str, int]] = []
        self.fail = False

    def __call__(self, host: str, port: int, *args: Any) -> list[tuple[Any, ...]]:
        self.calls.append((host, port))
        if self.fail:
            raise socket.gaierror(socket.EAI_AGAIN, "temporary failure")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (addr, port)) for addr in self.answers[host]]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def adapter(ttl: float = 60.0) -> tuple[DnsTtlAdapter, Table, Clock]:
    table, clock = Table(), Clock()
    return DnsTtlAdapter(ttl, resolver=table, clock=clock), table, clock


def pool_hosts(a: DnsTtlAdapter) -> set[str]:
    return {key.key_host for key in a.poolmanager.pools.keys()}  # noqa: SIM118 - the container cannot be iterated


def test_first_sight_resolves_and_keeps_pools() -> None:
    a, table, _ = adapter()
    a.poolmanager.connection_from_host("svc.test", 80, "http")
    assert a.check_host("http://svc.test/x") is False
    assert a.known_addresses("svc.test", 80) == frozenset({"10.0.0.1", "10.0.0.2"})
    assert table.calls == [("svc.test", 80)]
    assert pool_hosts(a) == {"svc.test"}


def test_within_the_ttl_nothing_is_resolved() -> None:
    a, table, clock = adapter(ttl=60)
    a.check_host("http://svc.test/x")
    clock.now = 59.9
    a.check_host("http://svc.test/y")
    assert len(table.calls) == 1


def test_after_the_ttl_an_unchanged_set_keeps_the_pools() -> None:
    a, table, clock = adapter(ttl=60)
    a.check_host("http://svc.test/x")
    a.poolmanager.connection_from_host("svc.test", 80, "http")
    table.answers["svc.test"] = ["10.0.0.2", "10.0.0.1"]  # same set, other order
    clock.now = 60
    assert a.check_host("http://svc.test/x") is False
    assert len(table.calls) == 2
    assert pool_hosts(a) == {"svc.test"}


def test_a_changed_set_drops_only_that_hosts_pools() -> None:
    a, table, clock = adapter(ttl=60)
    a.check_host("http://svc.test/x")
    a.check_host("http://other.test/x")
    svc_pool = a.poolmanager.connection_from_host("svc.test", 80, "http")
    a.poolmanager.connection_from_host("other.test", 80, "http")
    table.answers["svc.test"] = ["10.0.0.3"]
    clock.now = 61
    assert a.check_host("http://svc.test/x") is True
    assert pool_hosts(a) == {"other.test"}
    assert a.known_addresses("svc.test", 80) == frozenset({"10.0.0.3"})
    assert a.poolmanager.connection_from_host("svc.test", 80, "http") is not svc_pool
    dropped = weakref.ref(svc_pool)
    del svc_pool
    gc.collect()
    assert dropped() is None  # nothing keeps the old pool (urllib3 closes its sockets on collection)


def test_ports_and_schemes_are_told_apart() -> None:
    a, table, _ = adapter()
    a.check_host("https://svc.test/x")
    a.check_host("http://svc.test:8090/x")
    assert table.calls == [("svc.test", 443), ("svc.test", 8090)]


def test_resolution_failure_keeps_the_last_known_set() -> None:
    a, table, clock = adapter(ttl=10)
    a.check_host("http://svc.test/x")
    a.poolmanager.connection_from_host("svc.test", 80, "http")
    table.fail = True
    clock.now = 10
    assert a.check_host("http://svc.test/x") is False
    assert a.known_addresses("svc.test", 80) == frozenset({"10.0.0.1", "10.0.0.2"})
    assert pool_hosts(a) == {"svc.test"}
    clock.now = 15  # the failed attempt counted as a refresh: no retry storm
    a.check_host("http://svc.test/x")
    assert len(table.calls) == 2


def test_ip_literals_are_not_resolved() -> None:
    a, table, _ = adapter()
    a.check_host("http://127.0.0.1:8090/x")
    a.check_host("http://[::1]:8090/x")
    assert table.calls == []


def test_what_is_an_address_is_remembered_per_host_not_across_hosts() -> None:
    a, table, _ = adapter(ttl=0)
    for _ in range(2):
        a.check_host("http://127.0.0.1:8090/x")
        a.check_host("http://svc.test/x")
    assert [call[0] for call in table.calls] == ["svc.test", "svc.test"]


def test_ttl_zero_resolves_every_time() -> None:
    a, table, _ = adapter(ttl=0)
    for _ in range(3):
        a.check_host("http://svc.test/x")
    assert len(table.calls) == 3


def test_the_adapter_is_used_by_the_clients_and_still_mocked(
    mocked: Any, settings_with: Any, clock: Any, resolver: Any
) -> None:
    settings = settings_with(dnsCacheTTL=30)
    mocked.add("GET", "http://localhost:8090/users/me", json={"id": "u1"})
    users = Clients(settings, CallContext("tok", "rid", None)).users
    users.get_me()
    users.get_me()
    assert resolver.lookups == {"localhost": 1}
    clock.advance(30)
    users.get_me()
    assert resolver.lookups == {"localhost": 2}
    assert len(mocked.calls) == 3


def test_send_goes_through_the_base_adapter(mocked: Any) -> None:
    a, _, _ = adapter()
    session = requests.Session()
    session.mount("http://", a)
    mocked.add("GET", "http://svc.test/ping", json={"ok": True})
    response = session.get("http://svc.test/ping", headers={"Cache-Control": "max-age=5"})
    assert response.json() == {"ok": True}
    assert "Cache-Control" not in mocked.calls[0].request.headers
