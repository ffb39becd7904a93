"""The worker cache: only anonymous campaign reads and artist/venue searches, keyed on Authorization, and
bounded when written by `upstream.cacheMaxEntries` and `upstream.cacheMaxBytes` (no sweep)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from prometheus_client import REGISTRY

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.clients.http_session import get_session
from monoql.errors import UpstreamUnavailable
from tests.clients.conftest import make_settings

CID = "64b7f0c2a1e4d3b2c1a0aa01"
BASE = "http://localhost:8090/campaigns"
BY_ID = f"{BASE}/campaigns/{CID}"


def campaigns(settings: Any, clock: Any, jwt: str | None = None) -> Any:
    return Clients(settings, CallContext(jwt, "rid", clock.now + 60)).campaigns


def cache_count(result: str) -> float:
    return (
        REGISTRY.get_sample_value("monoql_upstream_cache_total", {"service": "campaigns", "result": result})
        or 0
    )


def stored(settings: Any) -> Any:
    """The session's stored answers (a requests-cache storage mapping)."""
    return get_session(settings).cache.responses


def expire_everything(settings: Any, seconds_ago: float = 1.0) -> None:
    for item in stored(settings).values():
        item.expires = datetime.now(UTC) - timedelta(seconds=seconds_ago)


def test_anonymous_campaign_by_id_is_served_from_the_cache(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", BY_ID, json={"data": {"id": CID, "name": "A"}})
    hits, misses = cache_count("hit"), cache_count("miss")
    first = campaigns(settings, clock).get_campaign(CID, "en-US")
    second = campaigns(settings, clock).get_campaign(CID, "en-US")
    assert first == second == {"id": CID, "name": "A"}
    assert len(mocked.calls) == 1
    assert (cache_count("hit") - hits, cache_count("miss") - misses) == (1, 1)


def test_anonymous_campaign_by_domain_is_cached_per_full_url(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", f"{BASE}/campaigns", json={"data": {"id": CID}})
    client = campaigns(settings, clock)
    client.get_campaign_by_domain("nova")
    client.get_campaign_by_domain("nova")
    assert len(mocked.calls) == 1
    client.get_campaign_by_domain("nova", locale="fr-CA")
    client.get_campaign_by_domain("nova", password="pw")
    client.get_campaign_by_domain("other")
    assert len(mocked.calls) == 4


def test_campaign_reads_with_a_token_are_never_cached(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", BY_ID, json={"data": {"id": CID}})
    mocked.add("GET", f"{BASE}/campaigns", json={"data": {"id": CID}})
    for _ in range(2):
        campaigns(settings, clock, jwt="tok").get_campaign(CID)
        campaigns(settings, clock, jwt="tok").get_campaign_by_domain("nova")
    assert len(mocked.calls) == 4


def test_an_anonymous_answer_is_never_given_to_a_logged_in_caller(
    mocked: Any, settings: Any, clock: Any
) -> None:
    mocked.add("GET", BY_ID, json={"data": {"id": CID, "view": "public"}})
    campaigns(settings, clock).get_campaign(CID)
    mocked.replace("GET", BY_ID, json={"data": {"id": CID, "view": "admin"}})
    assert campaigns(settings, clock, jwt="admin-token").get_campaign(CID)["view"] == "admin"


@pytest.mark.parametrize("method", ["search_artists", "search_venues"])
def test_searches_are_cached_per_token(method: str, mocked: Any, settings: Any, clock: Any) -> None:
    route = "artists" if method == "search_artists" else "venues"
    mocked.add("GET", f"{BASE}/{route}", json={"data": [{"id": "x"}], "meta": {"pagination": {"total": 1}}})
    for token in ("token-a", "token-a", "token-b", "token-b", "token-a"):
        page = getattr(campaigns(settings, clock, jwt=token), method)("nova", 0, 10)
        assert page.items == [{"id": "x"}]
        assert page.pagination == {"total": 1}
    assert len(mocked.calls) == 2
    assert [call.request.headers["Authorization"] for call in mocked.calls] == [
        "Bearer token-a",
        "Bearer token-b",
    ]


def test_other_reads_are_never_cached(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", f"{BY_ID}/markets", json={"data": []})
    mocked.add("GET", f"{BASE}/contacts", json={"data": []})
    mocked.add("GET", f"{BASE}/promoters", json={"data": []})
    for _ in range(2):
        client = campaigns(settings, clock)
        client.list_markets(CID)
        client.search_contacts("a", 0, 10)
        client.list_promoters()
    assert len(mocked.calls) == 6


def test_ttl_zero_never_caches(mocked: Any, settings_with: Any, clock: Any) -> None:
    settings = settings_with(services={"campaigns": {"cacheTtl": 0}})
    mocked.add("GET", BY_ID, json={"data": {"id": CID}})
    campaigns(settings, clock).get_campaign(CID)
    campaigns(settings, clock).get_campaign(CID)
    assert len(mocked.calls) == 2


def test_performance_caches_off_never_caches(mocked: Any, settings_with: Any, clock: Any) -> None:
    settings = settings_with(performance={"caches": False})
    mocked.add("GET", BY_ID, json={"data": {"id": CID}})
    campaigns(settings, clock).get_campaign(CID)
    campaigns(settings, clock).get_campaign(CID)
    assert len(mocked.calls) == 2


def test_other_services_have_no_ttl_by_default(settings: Any) -> None:
    from monoql.clients.options import service_options

    assert service_options(settings, "campaigns").cache_ttl == 5
    assert service_options(settings, "entries").cache_ttl == 0


def test_error_answers_are_not_cached(mocked: Any, settings: Any, clock: Any) -> None:
    from monoql.errors import NotFound

    mocked.add("GET", BY_ID, status=404, json={"error": {"message": "no", "code": "CAMPAIGN_NOT_FOUND"}})
    for _ in range(2):
        with pytest.raises(NotFound):
            campaigns(settings, clock).get_campaign(CID)
    assert len(mocked.calls) == 2


def test_an_expired_answer_is_fetched_again(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", BY_ID, json={"data": {"v": 1}})
    campaigns(settings, clock).get_campaign(CID)
    expire_everything(settings)
    mocked.replace("GET", BY_ID, json={"data": {"v": 2}})
    assert campaigns(settings, clock).get_campaign(CID) == {"v": 2}
    assert len(mocked.calls) == 2


@pytest.mark.parametrize(
    "failure",
    [{"status": 503, "json": {"message": "down"}}, {"body": requests.exceptions.ConnectionError("refused")}],
)
def test_stale_answer_when_the_backend_fails(
    failure: dict[str, Any], mocked: Any, settings: Any, clock: Any
) -> None:
    mocked.add("GET", BY_ID, json={"data": {"v": 1}})
    campaigns(settings, clock).get_campaign(CID)
    expire_everything(settings)
    mocked.replace("GET", BY_ID, **failure)
    assert campaigns(settings, clock).get_campaign(CID) == {"v": 1}
    assert len(mocked.calls) == 2


def test_no_stale_answer_beyond_the_stale_window(mocked: Any, settings: Any, clock: Any) -> None:
    from monoql.errors import UpstreamError

    mocked.add("GET", BY_ID, json={"data": {"v": 1}})
    campaigns(settings, clock).get_campaign(CID)
    expire_everything(settings, seconds_ago=3600)
    mocked.replace("GET", BY_ID, status=500, json={"message": "down"})
    with pytest.raises(UpstreamError):
        campaigns(settings, clock).get_campaign(CID)


def test_open_circuit_still_serves_cached_answers(mocked: Any, settings_with: Any, clock: Any) -> None:
    settings = settings_with(breaker={"failureThreshold": 1})
    mocked.add("GET", BY_ID, json={"data": {"v": 1}})
    mocked.add("GET", f"{BY_ID}/markets", status=500, json={"message": "down"})
    campaigns(settings, clock).get_campaign(CID)
    with pytest.raises(Exception):  # noqa: B017 - opens the circuit
        campaigns(settings, clock).list_markets(CID)
    calls = len(mocked.calls)
    assert campaigns(settings, clock).get_campaign(CID) == {"v": 1}
    with pytest.raises(UpstreamUnavailable) as info:
        campaigns(settings, clock).get_campaign("another-campaign")
    assert info.value.reason == "CIRCUIT_OPEN"
    assert len(mocked.calls) == calls


ARTISTS = f"{BASE}/artists"


def search_as(settings: Any, clock: Any, token: str) -> None:
    campaigns(settings, clock, jwt=token).search_artists("x", 0, 10)


def test_the_answer_past_the_entry_bound_evicts_the_least_recently_used(mocked: Any, clock: Any) -> None:
    settings = make_settings(upstream={"cacheMaxEntries": 3})
    mocked.add("GET", ARTISTS, json={"data": []})
    for token in ("a", "b", "c"):
        search_as(settings, clock, token)
    search_as(settings, clock, "a")  # served from the cache: now the most recently used
    search_as(settings, clock, "d")
    assert len(stored(settings)) == 3
    assert len(mocked.calls) == 4
    for token in ("a", "c", "d"):
        search_as(settings, clock, token)
    assert len(mocked.calls) == 4
    search_as(settings, clock, "b")
    assert len(mocked.calls) == 5


def test_many_distinct_cached_reads_never_hold_more_than_the_bound(mocked: Any, clock: Any) -> None:
    settings = make_settings(upstream={"cacheMaxEntries": 10})
    mocked.add("GET", ARTISTS, json={"data": []})
    sizes = []
    for n in range(200):
        search_as(settings, clock, f"token-{n}")
        sizes.append(len(stored(settings)))
    assert max(sizes) == 10
    assert sizes[-1] == 10
    assert len(mocked.calls) == 200


def padded(size: int) -> bytes:
    """A cacheable body of exactly `size` bytes."""
    body = b'{"data": ["%s"]}'
    return body % (b"x" * (size - len(body) + 2))


def test_answers_are_bounded_by_bytes_when_written(mocked: Any, clock: Any) -> None:
    # An answer counts its body and its 16-character key: 1,016 bytes each here.
    settings = make_settings(upstream={"cacheMaxBytes": 2_500})
    assert len(padded(1_000)) == 1_000
    mocked.add("GET", ARTISTS, body=padded(1_000), content_type="application/json")
    for token in ("a", "b", "c"):
        search_as(settings, clock, token)
    assert len(stored(settings)) == 2
    assert get_session(settings).cache.responses.entries.bytes == 2_032
    search_as(settings, clock, "b")
    search_as(settings, clock, "c")
    assert len(mocked.calls) == 3
    search_as(settings, clock, "a")
    assert len(mocked.calls) == 4


def test_an_answer_larger_than_the_byte_bound_is_not_stored(mocked: Any, clock: Any) -> None:
    settings = make_settings(upstream={"cacheMaxBytes": 2_500})
    mocked.add("GET", BY_ID, json={"data": {"id": CID}})
    campaigns(settings, clock).get_campaign(CID)
    mocked.add("GET", ARTISTS, body=padded(3_000), content_type="application/json")
    for _ in range(2):
        search_as(settings, clock, "a")
    assert len(mocked.calls) == 3
    assert len(stored(settings)) == 1
    assert campaigns(settings, clock).get_campaign(CID) == {"id": CID}
    assert len(mocked.calls) == 3


def test_an_answer_is_dropped_once_past_its_expiry_and_stale_window(
    mocked: Any, settings: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # campaigns' cacheTtl is 5 s and upstream.staleIfError 60 s: the answer is gone 65 s after it was stored.
    written = time.time()
    mocked.add("GET", BY_ID, json={"data": {"v": 1}})
    campaigns(settings, clock).get_campaign(CID)
    monkeypatch.setattr(time, "time", lambda: written + 60)
    assert len(stored(settings)) == 1
    monkeypatch.setattr(time, "time", lambda: written + 70)
    assert len(stored(settings)) == 0
