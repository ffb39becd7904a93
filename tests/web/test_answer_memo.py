"""Remembered query answers (monoql/web/answer_memo.py): served only when the same calls answer the same.

Each test posts to the real view with one settings object (one app, so one memo) and counts what the
backends were asked (`responses`) and what the memo answered (`monoql_answer_memo_total`).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import responses
from graphql import ExecutionResult
from prometheus_client import REGISTRY
from werkzeug.datastructures import Headers

from monoql.schema.core.context import RequestContext
from monoql.schema.core.http import HttpFacts
from monoql.web.answer_memo import AnswerMemo
from tests.support.backends import described, url, wrapped
from tests.support.gateway import gateway_settings, run_graphql
from tests.support.tokens import make_jwt

CID = "64b7f0c2a1e4d3b2c1a0aa01"
DOMAIN = "nova.example.com"
LANDING = ("query Landing($domain: String!) { viewer { campaign(domain: $domain) { id name"
           " ... on RegistrationCampaign { markets { id name } } } } }")
BY_DOMAIN = url("campaigns", "/campaigns")
MARKETS = url("campaigns", f"/campaigns/{CID}/markets")
BY_ID = url("campaigns", f"/campaigns/{CID}")
#: The landing query's two backend calls as `described` lists them: the campaign by domain, its markets.
LANDING_CALLS = [("GET", "/campaigns/campaigns"), ("GET", f"/campaigns/campaigns/{CID}/markets")]
# No short cache of campaign reads: every request makes both calls, as the landing page's markets read does.
SETTINGS_ARGS: dict[str, Any] = {"services": {"campaigns": {"cacheTtl": 0}}}


def settings(**performance: Any) -> Any:
    return gateway_settings(**SETTINGS_ARGS, performance=performance)


def campaign(name: str = "Nova Lane Presale", *, password: bool = False) -> dict[str, Any]:
    return {"id": CID, "type": "registration", "name": name, "domain": {"site": DOMAIN},
            "options": {"requirePassword": password}}


def market(market_id: str, name: str) -> dict[str, Any]:
    return {"id": market_id, "campaign_id": CID, "name": name}


def answered(result: str) -> float:
    return REGISTRY.get_sample_value("monoql_answer_memo_total", {"result": result}) or 0.0


class Counts:
    """What the memo answered since the test began."""

    def __init__(self) -> None:
        self.start = {result: answered(result) for result in ("hit", "changed", "miss", "skipped")}

    def __call__(self) -> dict[str, float]:
        return {result: answered(result) - start for result, start in self.start.items()}


def landing(config: Any, **kwargs: Any) -> dict[str, Any]:
    body, response = run_graphql(LANDING, {"domain": DOMAIN}, settings=config, **kwargs)
    assert response.status_code == 200
    assert isinstance(body, dict)
    return body


def mock_landing(markets: list[dict[str, Any]], *, name: str = "Nova Lane Presale",
                 meta_stamp: str = "2030-01-05T15:00:00.000Z") -> None:
    responses.get(BY_DOMAIN, json={"data": campaign(name), "meta": {"timestamp": meta_stamp}})
    responses.get(MARKETS, json={"data": markets, "meta": {"timestamp": meta_stamp, "correlationId": meta_stamp}})


@responses.activate
def test_a_repeated_query_is_answered_from_memory_once_its_calls_answer_the_same() -> None:
    config, counts = settings(), Counts()
    mock_landing([market("m1", "Albany")])
    first = landing(config)
    responses.reset()
    # The envelope's per-call stamps differ on every call; the payloads do not.
    mock_landing([market("m1", "Albany")], meta_stamp="2030-01-05T15:00:01.000Z")
    second = landing(config)
    expected = {"data": {"viewer": {"campaign": {"id": CID, "name": "Nova Lane Presale",
                                                  "markets": [{"id": "m1", "name": "Albany"}]}}}}
    assert first == second == expected
    # The remembered answer was served after its two calls were made again, and only those.
    assert described(responses.mock) == LANDING_CALLS
    assert counts() == {"hit": 1.0, "changed": 0.0, "miss": 1.0, "skipped": 0.0}


@responses.activate
def test_a_changed_backend_answer_is_executed_again_without_calling_twice() -> None:
    config, counts = settings(), Counts()
    mock_landing([market("m1", "Albany")])
    landing(config)
    responses.reset()
    mock_landing([market("m1", "Albany"), market("m2", "Boston")])
    changed = landing(config)
    assert changed["data"]["viewer"]["campaign"]["markets"] == [{"id": "m1", "name": "Albany"},
                                                                {"id": "m2", "name": "Boston"}]
    # Both calls were made once: the execution took the answers the check had fetched.
    assert described(responses.mock) == LANDING_CALLS
    assert counts() == {"hit": 0.0, "changed": 1.0, "miss": 1.0, "skipped": 0.0}
    # What it answered is what is remembered now.
    responses.reset()
    mock_landing([market("m1", "Albany"), market("m2", "Boston")])
    assert landing(config) == changed
    assert counts()["hit"] == 1.0


@responses.activate
def test_a_changed_first_call_stops_before_the_calls_that_depended_on_it() -> None:
    config = settings()
    mock_landing([market("m1", "Albany")])
    landing(config)
    responses.reset()
    other = dict(campaign(), id="64b7f0c2a1e4d3b2c1a0aa02")
    responses.get(BY_DOMAIN, json=wrapped(other))
    responses.get(url("campaigns", "/campaigns/64b7f0c2a1e4d3b2c1a0aa02/markets"), json=wrapped([market("m9", "Troy")]))
    body = landing(config)
    assert body["data"]["viewer"]["campaign"]["markets"] == [{"id": "m9", "name": "Troy"}]
    # The remembered markets call of the first campaign was never made again.
    assert described(responses.mock) == [
        ("GET", "/campaigns/campaigns"), ("GET", "/campaigns/campaigns/64b7f0c2a1e4d3b2c1a0aa02/markets"),
    ]


@responses.activate
def test_two_callers_never_share_an_answer() -> None:
    config, counts = settings(), Counts()
    first_fan, second_fan = make_jwt("64b7f0c2a1e4d3b2c1a09f11"), make_jwt("64b7f0c2a1e4d3b2c1a09f12")
    query = f'{{ viewer {{ campaign(id: "{CID}") {{ id name }} }} }}'
    responses.get(BY_ID, json=wrapped(campaign("As the first fan sees it")),
                  match=[responses.matchers.header_matcher({"Authorization": f"Bearer {first_fan}"})])
    responses.get(BY_ID, json=wrapped(campaign("As the second fan sees it")),
                  match=[responses.matchers.header_matcher({"Authorization": f"Bearer {second_fan}"})])
    names = []
    for jwt in (first_fan, second_fan, first_fan, second_fan):
        body, _ = run_graphql(query, settings=config, jwt=jwt)
        names.append(body["data"]["viewer"]["campaign"]["name"])
    assert names == ["As the first fan sees it", "As the second fan sees it"] * 2
    assert counts() == {"hit": 2.0, "changed": 0.0, "miss": 2.0, "skipped": 0.0}


@responses.activate
def test_an_anonymous_answer_is_not_served_to_a_caller_with_a_token() -> None:
    config, counts = settings(), Counts()
    mock_landing([market("m1", "Albany")])
    landing(config)
    landing(config, jwt=make_jwt())
    assert counts() == {"hit": 0.0, "changed": 0.0, "miss": 2.0, "skipped": 0.0}


@responses.activate
def test_an_answer_with_an_error_is_not_remembered() -> None:
    config, counts = settings(), Counts()
    responses.get(BY_DOMAIN, json=wrapped(campaign()))
    responses.get(MARKETS, status=500, json={"error": {"status": 500, "message": "Down"}})
    for _ in range(2):
        body = landing(config)
        assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_ERROR"
    assert counts() == {"hit": 0.0, "changed": 0.0, "miss": 2.0, "skipped": 0.0}


@responses.activate
def test_an_answer_that_sets_a_cookie_is_not_remembered() -> None:
    config, counts = settings(), Counts()
    query = 'query($d: String!) { viewer { campaign(domain: $d, password: "open sesame") { id name } } }'
    responses.get(BY_DOMAIN, json=wrapped(campaign(password=True)))
    cookies = []
    for _ in range(2):
        body, response = run_graphql(query, {"d": DOMAIN}, settings=config)
        assert body["data"]["viewer"]["campaign"]["id"] == CID
        cookies.append(response.headers.get("Set-Cookie", ""))
    assert all(cookie.startswith("monoql_campaign_pw=") for cookie in cookies), cookies
    assert counts() == {"hit": 0.0, "changed": 0.0, "miss": 2.0, "skipped": 0.0}


@responses.activate
def test_mutations_are_never_remembered() -> None:
    config, counts = settings(), Counts()
    run_graphql("mutation { logout }", settings=config)
    assert counts() == {"hit": 0.0, "changed": 0.0, "miss": 0.0, "skipped": 1.0}


@responses.activate
def test_an_answer_lives_no_longer_than_its_time(monkeypatch: pytest.MonkeyPatch) -> None:
    config, counts = settings(answerMemoSeconds=30), Counts()
    mock_landing([market("m1", "Albany")])
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    landing(config)
    monkeypatch.setattr(time, "time", lambda: now + 29)
    landing(config)
    monkeypatch.setattr(time, "time", lambda: now + 31)
    landing(config)
    assert counts() == {"hit": 1.0, "changed": 0.0, "miss": 2.0, "skipped": 0.0}


@responses.activate
def test_the_memo_holds_at_most_its_number_of_answers() -> None:
    config, counts = settings(answerMemoSize=2), Counts()
    mock_landing([market("m1", "Albany")])
    for alias in ("a", "b", "c", "a"):
        run_graphql(f"{{ {alias}: viewer {{ campaign(domain: \"{DOMAIN}\") {{ id }} }} }}", settings=config)
    # `a` was the least recently used when `c` came: it was dropped and is computed again.
    assert counts() == {"hit": 0.0, "changed": 0.0, "miss": 4.0, "skipped": 0.0}


@responses.activate
def test_an_answer_larger_than_the_byte_bound_is_not_remembered() -> None:
    config, counts = settings(answerMemoBytes=200), Counts()
    mock_landing([market(f"m{index}", "A city with a long name " * 4) for index in range(5)])
    landing(config)
    landing(config)
    assert counts() == {"hit": 0.0, "changed": 0.0, "miss": 2.0, "skipped": 0.0}


@responses.activate
def test_switched_off_with_the_caches() -> None:
    config, counts = settings(caches=False), Counts()
    mock_landing([market("m1", "Albany")])
    landing(config)
    landing(config)
    assert counts() == {"hit": 0.0, "changed": 0.0, "miss": 0.0, "skipped": 0.0}
    assert len(responses.calls) == 4


def request_context(config: Any) -> RequestContext:
    http = HttpFacts(Headers({"User-Agent": "fan-browser/1"}), {}, "203.0.113.9", "localhost")
    return RequestContext(config, request_id="r1", deadline=time.monotonic() + 10, http=http)


@pytest.mark.parametrize(("reads", "remembered"), [(None, 1), ("headers", 0), ("client_ip", 0)])
def test_an_answer_computed_from_a_clients_headers_or_address_is_not_remembered(
    reads: str | None, remembered: int
) -> None:
    config = settings()
    memo, ctx = AnswerMemo(config), request_context(config)

    def execute() -> ExecutionResult:
        if reads is not None:
            getattr(ctx.http, reads)
        return ExecutionResult({"identity": {"url": "https://example.com"}}, None)

    key = memo.key(ctx, "{ identity { url } }", None, {})
    assert key is not None
    assert memo.answer(key, ctx, execute).data == {"identity": {"url": "https://example.com"}}
    assert len(memo) == remembered
