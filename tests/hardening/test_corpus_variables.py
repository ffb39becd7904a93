"""Bad-input corpus, variables: values of the wrong type for every kind of input (String, Int,
Float, Boolean, ID, enum, input object, list, JSON, Upload, non-null) are refused before
execution with BAD_USER_INPUT (200 for application/json, 400 for graphql-response+json), without
schema hints or Python names, and no backend is called. Hostile but well-typed strings reach
the backends safely encoded."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import pytest
import responses

from tests.hardening.cases import Case, check
from tests.support.gateway import BACKEND
from tests.support.production import GRAPHQL_RESPONSE, PROD, assert_healthy, client_for
from tests.support.tokens import make_jwt

ADMIN = {"Authorization": f"Bearer {make_jwt(is_supreme=True)}"}

OPERATIONS: dict[str, str] = {
    "string": 'query ($v: String!) { viewer { campaign(id: $v) { id } } }',
    "int": "query ($v: Int) { viewer { campaigns { list(limit: $v) { id } } } }",
    "float": 'query ($v: Float) { metrics { verifiedCountByMarket(campaignId: "c", minScore: $v) { id } } }',
    "boolean": 'query ($v: Boolean) { viewer { campaign(id: "c", showAllLocales: $v) { id } } }',
    "id": "query ($v: ID!) { wavePrepList(campaignId: $v) { status } }",
    "enum": 'query ($v: StatsType!) { stats(campaignId: "c", type: $v) { dateId } }',
    "input": "mutation ($v: MarketInput!) { upsertMarket(market: $v) { id } }",
    "list": 'mutation ($v: [ID]!) { triggerSelection(campaignId: "c", marketIds: $v) }',
    "json": 'mutation ($v: JSON!) { upsertViewerEntry(entry: $v, campaignId: "c", locale: "en_US") { id } }',
    "upload": "mutation ($v: Upload!) { uploadBlacklist(file: $v, fileSize: 1) { url } }",
    "nested-input": "mutation ($v: CampaignInput!) { upsertCampaign(campaign: $v) { id } }",
}

MISSING = object()

BAD_VALUES: dict[str, list[Any]] = {
    "string": [None, MISSING, 1, 1.5, True, [], {}, ["a"], {"a": "b"}],
    "int": ["1", 1.5, 2**31, -(2**31) - 1, 10**30, True, [], {}, "abc", 1e308, [1]],
    "float": ["1.5", True, [], {}, "NaN", "Infinity", [1.0], {"v": 1}],
    "boolean": ["true", 1, 0, "yes", [], {}, [True], 1.0],
    "id": [None, MISSING, True, 1.5, [], {}, ["a"], {"id": "a"}],
    "enum": [None, MISSING, "nope", "filterLis", "FILTERLIST", 1, True, [], {}, ["filterList"], ""],
    "input": [None, MISSING, {}, {"campaignId": None}, {"campaignId": "c", "evil": 1},
              {"campaignId": "c", "point": "here"}, {"campaignId": "c", "population": "many"},
              {"campaignId": "c", "point": {"latitude": "north"}}, {"campaignId": "c", "promoterIds": [{}]},
              {"campaignId": "c", "event": {"splitAllocation": {"link": "x"}}}, [], "market", 7,
              {"campaignId": "c", "nmae": "typo"}],
    "list": [None, MISSING, [[1]], [{}], [[]], {"0": "a"}, [True], [1.5]],
    "json": [None, MISSING],
    "upload": [None, MISSING, "file", {}, [], 1, {"filename": "a.csv"}],
    "nested-input": [{"type": "nope"}, {"content": {"en_US": {"body": {"started": "x"}}}},
                     {"options": {"gate": {"card": "AMEX_PLATINUM"}}}, {"preferences": [{"is_optional": "no"}]},
                     {"markets": [{"name": "x"}]}, {"date": {"sendReminderEmails": [{}]}},
                     {"content": {"localized": [{"value": {"faqs": [{"questions": "q"}]}}]}}],
}


def cases() -> list[Case]:
    built: list[Case] = []
    for kind, values in BAD_VALUES.items():
        for index, value in enumerate(values):
            variables = {} if value is MISSING else {"v": value}
            for media, status, tag in (("application/json", 200, "json"), (GRAPHQL_RESPONSE, 400, "grj")):
                built.append(Case(
                    f"var-{kind}-{index}-{tag}", status, "BAD_USER_INPUT",
                    json={"query": OPERATIONS[kind], "variables": variables},
                    headers={"Accept": media, **ADMIN},
                ))
    built.append(Case("var-undeclared-extra", 200, None, json={
        "query": "query ($v: Boolean!) { __typename @include(if: $v) }", "variables": {"v": True, "w": "x"}}))
    built.append(Case("var-default-used", 200, None, json={
        "query": "query ($v: Boolean = true) { __typename @include(if: $v) }", "variables": {}}))
    return built


CORPUS = cases()


@pytest.fixture(scope="module")
def client() -> Any:
    return client_for(PROD)


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_variable_corpus(client: Any, case: Case) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        response = case.send(client)
        assert not backends.calls, "a request refused at variable coercion must not reach a backend"
    body = check(case, response)
    if case.code is not None:
        assert body is not None and "data" not in body
    assert_healthy(client)


def test_corpus_size() -> None:
    assert len(CORPUS) >= 150
    assert len({case.id for case in CORPUS}) == len(CORPUS)


def test_enum_suggestions_and_python_names_stay_hidden(client: Any) -> None:
    response = client.post("/graphql", headers=ADMIN, json={
        "query": OPERATIONS["enum"], "variables": {"v": "filterLis"}})
    text = response.get_data(as_text=True)
    assert "Did you mean" not in text and "filterList" not in text
    response = client.post("/graphql", headers=ADMIN, json={
        "query": OPERATIONS["input"], "variables": {"v": {"campaignId": "c", "nmae": "x"}}})
    assert "Did you mean" not in response.get_data(as_text=True)


HOSTILE_STRINGS = [
    "../../admin",
    "..",
    "a/b?c=d#e",
    "%2e%2e%2f",
    "\u0000",
    "nul\u0000byte",
    "\r\nX-Injected: yes",
    "😀" * 50,
    "\u202eevil",
    "' OR 1=1 --",
    '{"$gt": ""}',
    "x" * 20_000,
    " ",
    "\ud7ff",
]


@pytest.mark.parametrize("value", HOSTILE_STRINGS, ids=range(len(HOSTILE_STRINGS)))
def test_hostile_ids_reach_the_backend_as_one_encoded_segment(client: Any, value: str) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.get(
            re.compile(f"{BACKEND}/campaigns/.*"),
            json={"error": {"status": 404, "message": "Not found", "code": "CAMPAIGN_NOT_FOUND"}},
            status=404,
        )
        response = client.post("/graphql", headers=ADMIN, json={
            "query": OPERATIONS["string"], "variables": {"v": value}})
        sent = [call.request.url for call in backends.calls]
    assert response.status_code == 200
    body = response.get_json()
    # Not found (the backend's 404 is a null campaign), except ".." which no path segment may be.
    assert body["data"] == {"viewer": {"campaign": None}}
    refused = [(e["extensions"]["code"], e["extensions"].get("reason")) for e in body.get("errors", [])]
    assert refused == ([("BAD_USER_INPUT", "INVALID_ID")] if value == ".." else [])
    assert len(sent) == (0 if value == ".." else 1)
    for url in sent:
        path = url.split("?")[0][len(f"{BACKEND}/campaigns"):]
        assert "\r" not in url and "\n" not in url and " " not in url
        # the id is one path segment: no traversal, no extra segments from the caller's text
        segments = path.strip("/").split("/")
        assert all(unquote(part) not in ("..", ".") for part in segments)
    assert_healthy(client)
