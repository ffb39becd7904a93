"""Document limits (web/limits.py, web/documents.py): each limit refuses with a reason, fragments and
repeated fields cannot bypass one, and hostile documents are refused cheaply."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import responses

from monoql.config.settings import Limits
from tests.support.gateway import app_for, backend_url, gateway_settings

SETTINGS = gateway_settings(showDeveloperMessage=False, introspection=False, graphiql=False)


def post(query: str, settings: Any = SETTINGS, **body: Any) -> tuple[int, dict[str, Any]]:
    response = app_for(settings).test_client().post("/graphql", json={"query": query, **body})
    return response.status_code, response.get_json()


def refusal(query: str) -> tuple[str, str | None]:
    status, body = post(query)
    assert status == 200 and "data" not in body, body
    extensions = body["errors"][0]["extensions"]
    return extensions["code"], extensions.get("reason")


LIMITS = Limits()
assert LIMITS.max_root_fields < LIMITS.max_aliases  # the root-fields case below relies on it


def aliased(count: int, selection: str) -> str:
    return "{ " + " ".join(f"f{i}: {selection}" for i in range(count)) + " }"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("{ __typename }" + " " * (LIMITS.max_query_chars + 1), "QUERY_TOO_LARGE"),
        ("{ " + "__typename " * (LIMITS.max_tokens + 1) + "}", "TOO_MANY_TOKENS"),
        (aliased(LIMITS.max_aliases + 1, "__typename"), "TOO_MANY_ALIASES"),
        (aliased(LIMITS.max_root_fields + 1, "identity { url }"), "TOO_MANY_ROOT_FIELDS"),
        ("{ __typename" + " @include(if: true)" * (LIMITS.max_directives + 1) + " }", "TOO_MANY_DIRECTIVES"),
        ("{ viewer { " + "id " * (LIMITS.max_duplicate_fields + 1) + "} }", "TOO_MANY_DUPLICATE_FIELDS"),
    ],
    ids=["chars", "tokens", "aliases", "root-fields", "directives", "duplicates"],
)
def test_each_limit_refuses_with_its_reason(query: str, reason: str) -> None:
    assert refusal(query) == ("GRAPHQL_VALIDATION_FAILED", reason)


def test_root_fields_are_counted_after_fragment_expansion() -> None:
    settings = gateway_settings(limits={"maxRootFields": 2})
    query = (
        "query { ...A ...B } fragment A on Query { identity { url } ppc { id } } "
        "fragment B on Query { __typename }"
    )
    _, body = post(query, settings)
    assert body["errors"][0]["extensions"]["reason"] == "TOO_MANY_ROOT_FIELDS"


def test_depth_limit_counts_fragments_where_they_are_spread() -> None:
    settings = gateway_settings(limits={"maxDepth": 3})
    direct = "{ viewer { campaign(id: \"x\") { ... on RegistrationCampaign { markets { id } } } } }"
    via_fragments = (
        "{ viewer { ...V } } fragment V on Viewer { campaign(id: \"x\") { ...C } } "
        "fragment C on RegistrationCampaign { markets { id } }"
    )
    for query in (direct, via_fragments):
        _, body = post(query, settings)
        assert body["errors"][0]["extensions"]["reason"] == "QUERY_TOO_DEEP", query
    with responses.RequestsMock() as backends:  # depth 3 itself is allowed: the campaign is looked up
        backends.get(backend_url("campaigns", "/campaigns/x"), status=404,
                     json={"error": {"status": 404, "message": "No such campaign", "code": "CAMPAIGN_NOT_FOUND"}})
        _, ok = post("{ viewer { campaign(id: \"x\") { id } } }", settings)
    assert ok == {"data": {"viewer": {"campaign": None}}}


def test_aliases_inside_a_fragment_count_each_time_it_is_spread() -> None:
    settings = gateway_settings(limits={"maxAliases": 4})
    fragment = "fragment F on Viewer { a: id b: isLoggedIn }"
    once = post(f"{{ viewer {{ ...F }} }} {fragment}", settings)[1]
    assert once == {"data": {"viewer": {"a": None, "b": False}}}
    thrice = post(f"{{ v1: viewer {{ ...F }} v2: viewer {{ ...F }} }} {fragment}", settings)[1]
    assert thrice["errors"][0]["extensions"]["reason"] == "TOO_MANY_ALIASES"


def test_cost_multiplies_by_list_fields() -> None:
    settings = gateway_settings(limits={"maxCost": 60, "listMultiplier": 10})
    single = "{ identity { url version integratorId placementId } }"
    listed = "{ promoters { id name date { created updated } privacyUrls { url locale } } }"
    assert post(single, settings)[1] == {"data": {"identity": {
        "url": "https://identity.ticketmaster.com", "version": "2", "integratorId": "prd1541.verifiedFan",
        "placementId": "verifiedFan"}}}
    assert post(listed, settings)[1]["errors"][0]["extensions"]["reason"] == "QUERY_TOO_COSTLY"


def test_fragment_cycles_are_refused_without_looping() -> None:
    code, _ = refusal("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
    assert code == "GRAPHQL_VALIDATION_FAILED"
    code, _ = refusal("query { ...A } fragment A on Query { __typename ...A }")
    assert code == "GRAPHQL_VALIDATION_FAILED"


def test_fragment_fan_out_bomb_is_refused() -> None:
    names = [f"F{i}" for i in range(30)]
    fragments = " ".join(
        f"fragment {name} on Query {{ ...{after} ...{after} }}" for name, after in itertools.pairwise(names)
    )
    query = f"query {{ ...F0 }} {fragments} fragment {names[-1]} on Query {{ __typename }}"
    code, reason = refusal(query)
    assert (code, reason) == ("GRAPHQL_VALIDATION_FAILED", "TOO_MANY_DUPLICATE_FIELDS")


def test_unused_fragments_are_checked_too() -> None:
    query = "{ __typename } fragment Unused on Viewer { " + "id " * 500 + "}"
    assert refusal(query) == ("GRAPHQL_VALIDATION_FAILED", "TOO_MANY_DUPLICATE_FIELDS")


@pytest.mark.parametrize(
    "query",
    [
        "{ " + "... on Query { " * 400 + "__typename" + " }" * 400 + " }",
        '{ viewer { campaign(id: ' + "{a: " * 400 + "1" + "}" * 400 + ") { id } } }",
        '{ viewer { campaign(id: ' + "[" * 400 + "1" + "]" * 400 + ") { id } } }",
    ],
    ids=["inline-fragments", "object-literal", "list-literal"],
)
def test_deep_nesting_is_a_parse_or_validation_error_not_a_crash(query: str) -> None:
    code, _ = refusal(query)
    assert code in ("GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED")


def test_repeated_fields_never_reach_the_quadratic_merge_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The standard field-merging rule is quadratic in repeated fields; it must never see such a document."""
    import graphql.validation.rules.overlapping_fields_can_be_merged as overlapping

    calls: list[int] = []
    original = overlapping.find_conflicts_within_selection_set

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(overlapping, "find_conflicts_within_selection_set", counting)
    settings = gateway_settings(performance={"documentCacheSize": 0})
    _, body = post("{ " + "identity { url } " * 700 + "}", settings)
    assert body["errors"][0]["extensions"]["reason"] == "TOO_MANY_DUPLICATE_FIELDS"
    assert calls == []


def test_only_valid_documents_are_cached() -> None:
    app = app_for(gateway_settings())
    documents = app.extensions["monoql"].documents
    client = app.test_client()
    client.post("/graphql", json={"query": "{ nope_not_a_field }"})
    client.post("/graphql", json={"query": "query Cached { __typename }"})
    assert "{ nope_not_a_field }" not in documents._entries
    assert "query Cached { __typename }" in documents._entries
