"""Persisted queries: Apollo's automatic persisted queries (APQ), CDN-cacheable GETs of hashed
queries, and trusted documents (safelist, log-unknown, off) from one manifest per client."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from tests.support.gateway import app_for, gateway_settings
from tests.support.tokens import make_jwt

GRJ = "application/graphql-response+json"
PREFLIGHT = {"Apollo-Require-Preflight": "true"}
ADMIN_QUERY = "query AdminPing { __typename }"
FAN_QUERY = "query FanIdentity { identity { url } }"
OTHER_QUERY = "query Other { ppc { url } }"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def ext(text_or_hash: str, *, is_hash: bool = False) -> dict[str, Any]:
    value = text_or_hash if is_hash else digest(text_or_hash)
    return {"persistedQuery": {"version": 1, "sha256Hash": value}}


def code_of(response: Any) -> tuple[str, str | None]:
    extensions = response.get_json()["errors"][0]["extensions"]
    return extensions["code"], extensions.get("reason")


@pytest.fixture
def apq() -> Any:
    return app_for(gateway_settings(persistedQueries={"mode": "apq"})).test_client()


@pytest.fixture
def manifests(tmp_path: Path) -> list[str]:
    admin = tmp_path / "admin.json"
    admin.write_text(json.dumps({
        "format": "apollo-persisted-query-manifest", "version": 1,
        "operations": [{"id": digest(ADMIN_QUERY), "name": "AdminPing", "type": "query", "body": ADMIN_QUERY}],
    }))
    fan = tmp_path / "fan.json"
    fan.write_text(json.dumps({digest(FAN_QUERY): FAN_QUERY}))
    return [str(admin), str(fan)]


def with_mode(mode: str, manifests: list[str]) -> Any:
    return app_for(gateway_settings(persistedQueries={"mode": mode, "manifest": manifests}))


# -- APQ ----------------------------------------------------------------------------------------------


def test_apq_not_found_then_register_then_hash_only(apq: Any) -> None:
    query = "query Fresh { __typename }"
    unknown = apq.post("/graphql", json={"extensions": ext(query)})
    assert unknown.status_code == 200
    assert code_of(unknown)[0] == "PERSISTED_QUERY_NOT_FOUND"
    registered = apq.post("/graphql", json={"query": query, "extensions": ext(query)})
    assert registered.get_json() == {"data": {"__typename": "Query"}}
    again = apq.post("/graphql", json={"extensions": ext(query)})
    assert again.get_json() == {"data": {"__typename": "Query"}}


def registered(client: Any, queries: list[str]) -> list[bool]:
    """For each query, whether its hash alone still runs it (in order, so each lookup refreshes it)."""
    answers = [client.post("/graphql", json={"extensions": ext(query)}).get_json() for query in queries]
    return [answer == {"data": {"__typename": "Query"}} for answer in answers]


def register_all(client: Any, queries: list[str]) -> None:
    for query in queries:
        assert client.post("/graphql", json={"query": query, "extensions": ext(query)}).status_code == 200


#: Four documents of 23 characters each.
NUMBERED = [f"query P{n} {{ __typename }}" for n in range(4)]


def test_registered_queries_are_bounded_by_the_cache_size() -> None:
    client = app_for(gateway_settings(persistedQueries={"mode": "apq", "cacheSize": 3})).test_client()
    register_all(client, NUMBERED)
    assert registered(client, NUMBERED) == [False, True, True, True]


def test_a_lookup_keeps_a_registered_query_from_eviction() -> None:
    client = app_for(gateway_settings(persistedQueries={"mode": "apq", "cacheSize": 3})).test_client()
    register_all(client, NUMBERED[:3])
    assert registered(client, NUMBERED[:1]) == [True]
    register_all(client, NUMBERED[3:])
    assert registered(client, NUMBERED) == [True, False, True, True]


def test_registered_queries_are_bounded_by_characters() -> None:
    assert {len(query) for query in NUMBERED} == {23}
    client = app_for(gateway_settings(persistedQueries={"mode": "apq", "cacheBytes": 50})).test_client()
    register_all(client, NUMBERED)
    assert registered(client, NUMBERED) == [False, False, True, True]
    long = "query Long { " + "__typename " * 5 + "}"
    register_all(client, [long])  # 69 characters: runs, is not registered, evicts nothing
    assert registered(client, [long, *NUMBERED[2:]]) == [False, True, True]


def test_apq_not_found_is_4xx_for_graphql_response_json(apq: Any) -> None:
    response = apq.post("/graphql", json={"extensions": ext("query Never { __typename }")},
                        headers={"Accept": GRJ})
    assert response.status_code == 404
    assert code_of(response)[0] == "PERSISTED_QUERY_NOT_FOUND"
    assert "data" not in response.get_json()


def test_apq_get_with_hash_is_cacheable_by_a_cdn(apq: Any) -> None:
    query = "query Cdn { identity { url } }"
    apq.post("/graphql", json={"query": query, "extensions": ext(query)})
    response = apq.get("/graphql", query_string={"extensions": json.dumps(ext(query))}, headers=PREFLIGHT)
    assert response.status_code == 200
    assert response.get_json()["data"]["identity"]["url"]
    assert response.headers["Cache-Control"] == "public, max-age=5"
    # The identity answer depends on the host: a CDN must not serve one host's answer to another.
    assert set(response.headers["Vary"].replace(" ", "").split(",")) == {
        "Accept", "Origin", "Authorization", "Cookie", "Host"}


def test_a_shared_answer_varies_on_the_forwarded_host_when_it_is_read() -> None:
    client = app_for(gateway_settings(persistedQueries={"mode": "apq"},
                                      proxy={"trustForwardedHost": True})).test_client()
    query = "query CdnHost { identity { url } }"
    client.post("/graphql", json={"query": query, "extensions": ext(query)})
    response = client.get("/graphql", query_string={"extensions": json.dumps(ext(query))}, headers=PREFLIGHT)
    assert response.headers["Cache-Control"] == "public, max-age=5"
    assert {"Host", "X-Forwarded-Host"} <= set(response.headers["Vary"].replace(" ", "").split(","))


@pytest.mark.parametrize("extra", [
    {"headers": {"Authorization": f"Bearer {make_jwt()}"}},
    {"cookie": ("monoql_session", "anything")},
    {"query_string_extra": {"query": "query Cdn2 { identity { url } }"}},
])
def test_private_or_unhashed_answers_are_never_shared(apq: Any, extra: dict[str, Any]) -> None:
    query = "query Cdn2 { identity { url } }"
    apq.post("/graphql", json={"query": query, "extensions": ext(query)})
    if "cookie" in extra:
        apq.set_cookie(*extra["cookie"])
    params = {"extensions": json.dumps(ext(query))}
    if "query_string_extra" in extra:
        params = dict(extra["query_string_extra"])
    response = apq.get("/graphql", query_string=params, headers={**PREFLIGHT, **extra.get("headers", {})})
    assert response.headers["Cache-Control"] == "no-store"


def test_post_and_errors_are_never_shared(apq: Any) -> None:
    assert apq.post("/graphql", json={"query": "{ __typename }"}).headers["Cache-Control"] == "no-store"
    response = apq.get("/graphql", query_string={"extensions": json.dumps(ext("query X { y }"))}, headers=PREFLIGHT)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("extensions", "reason"), [
    ({"persistedQuery": {"version": 2, "sha256Hash": "a" * 64}}, "PERSISTED_QUERY_VERSION"),
    ({"persistedQuery": {"version": 1, "sha256Hash": "short"}}, "INVALID_PERSISTED_QUERY"),
    ({"persistedQuery": {"version": 1, "sha256Hash": 5}}, "INVALID_PERSISTED_QUERY"),
    ({"persistedQuery": {"version": 1}}, "INVALID_PERSISTED_QUERY"),
    ({"persistedQuery": "yes"}, "PERSISTED_QUERY_VERSION"),
])
def test_malformed_persisted_query_extensions_are_400(apq: Any, extensions: dict[str, Any], reason: str) -> None:
    response = apq.post("/graphql", json={"query": "{ __typename }", "extensions": extensions})
    assert response.status_code == 400
    assert code_of(response) == ("BAD_REQUEST", reason)


def test_hash_that_does_not_match_the_query_is_refused(apq: Any) -> None:
    response = apq.post("/graphql", json={"query": "{ __typename }", "extensions": ext("{ other }")})
    assert response.status_code == 400
    assert code_of(response) == ("BAD_REQUEST", "PERSISTED_QUERY_HASH_MISMATCH")


def test_invalid_documents_are_never_registered(apq: Any) -> None:
    bad = "query Bad { nope }"
    apq.post("/graphql", json={"query": bad, "extensions": ext(bad)})
    assert code_of(apq.post("/graphql", json={"extensions": ext(bad)}))[0] == "PERSISTED_QUERY_NOT_FOUND"


def test_uppercase_hash_is_the_same_hash(apq: Any) -> None:
    query = "query Upper { __typename }"
    apq.post("/graphql", json={"query": query, "extensions": ext(query)})
    response = apq.post("/graphql", json={"extensions": ext(digest(query).upper(), is_hash=True)})
    assert response.get_json() == {"data": {"__typename": "Query"}}


# -- trusted documents --------------------------------------------------------------------------------


def test_safelist_runs_manifest_documents_of_every_client(manifests: list[str]) -> None:
    client = with_mode("safelist", manifests).test_client()
    assert client.post("/graphql", json={"extensions": ext(ADMIN_QUERY)}).get_json() == {
        "data": {"__typename": "Query"}}
    assert client.post("/graphql", json={"query": FAN_QUERY}).get_json()["data"]["identity"]["url"]


def test_safelist_refuses_other_documents(manifests: list[str]) -> None:
    client = with_mode("safelist", manifests).test_client()
    response = client.post("/graphql", json={"query": OTHER_QUERY})
    assert response.status_code == 400
    assert code_of(response)[0] == "PERSISTED_QUERY_NOT_ALLOWED"
    grj = client.post("/graphql", json={"query": OTHER_QUERY}, headers={"Accept": GRJ})
    assert grj.status_code == 403
    assert code_of(client.post("/graphql", json={"extensions": ext(OTHER_QUERY)}))[0] == "PERSISTED_QUERY_NOT_FOUND"
    # Registering is not possible in safelist mode.
    client.post("/graphql", json={"query": OTHER_QUERY, "extensions": ext(OTHER_QUERY)})
    assert code_of(client.post("/graphql", json={"extensions": ext(OTHER_QUERY)}))[0] == "PERSISTED_QUERY_NOT_FOUND"


def test_log_unknown_runs_everything_and_logs_only_the_hash(
    manifests: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    client = with_mode("log-unknown", manifests).test_client()
    assert client.post("/graphql", json={"query": OTHER_QUERY}).status_code == 200
    client.post("/graphql", json={"query": ADMIN_QUERY})
    warnings = [r for r in caplog.records if "manifest" in r.getMessage()]
    assert len(warnings) == 1
    assert getattr(warnings[0], "document_hash", None) == digest(OTHER_QUERY)
    assert "ppc" not in warnings[0].getMessage()


def test_off_ignores_hashes(manifests: list[str]) -> None:
    client = with_mode("off", manifests).test_client()
    response = client.post("/graphql", json={"extensions": ext(ADMIN_QUERY)})
    assert response.status_code == 400
    assert code_of(response) == ("BAD_REQUEST", "MISSING_QUERY")
    assert client.post("/graphql", json={"query": OTHER_QUERY, "extensions": ext("{ x }")}).status_code == 200


def test_manifest_documents_are_parsed_and_validated_at_start_up(manifests: list[str]) -> None:
    app = with_mode("safelist", manifests)
    entries = app.extensions["monoql"].documents._entries
    assert ADMIN_QUERY in entries and FAN_QUERY in entries
