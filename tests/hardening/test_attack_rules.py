"""Attacks on the gateway's rules over real nginx + gunicorn + sandbox (docs/hostile-traffic.md §2-§4,
docs/passwords.md, docs/caller.md §2): a slow backend against the breaker and the backend budget,
aliased password guesses and logins, a password campaign by its id, forged forwarding headers.

Each attack is bounded in requests and stops by itself. What counts is what the sandbox received
(its call log, by the request id the gateway forwards as X-Correlation-ID), what it stored, the
answers' codes and reasons, the gateway's log lines and its metrics.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from monoql_sandbox import seed_ids
from tests.e2e.conftest import Stack, nginx_binary, start_stack, stop_stack
from tests.e2e.flows import calls_received, logged_in, ok, sandbox_json

pytestmark = pytest.mark.e2e

#: The anonymous budget of limits.maxBackendCalls (docs/errors.md §5).
ANONYMOUS_BUDGET = 20
#: A campaigns backend this slow answers the first reads of a request (its pool runs 8 at once) within
#: the deadline below; the next 8 wait for them and are cut short by the deadline, the rest never
#: leave. Counted as the backend's failures, 8 in a row would open the circuit (threshold 5).
SLOW_MS = 2000
ENV = {
    # A query may take 3 s and a campaigns read may wait as long (the pod's are both 10 s): the
    # first reads answer a second early, the next ones are cut a second before they would.
    "MONOQL_DEADLINE__QUERY": "3",
    "MONOQL_SERVICES__CAMPAIGNS__TIMEOUT__READ": "3",
    "MONOQL_PROXY__TRUST": "true",
}
PROBE_TIMEOUT = 30


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # As the chart sets it: the ALB's entry and nginx's (or the ALB's alone without nginx).
    hops = "2" if nginx_binary() is not None else "1"
    running = start_stack(
        tmp_path_factory.mktemp("attack-rules"), env_overrides={**ENV, "MONOQL_PROXY__TRUSTED_HOPS": hops}
    )
    try:
        yield running
    finally:
        stop_stack(running)


@pytest.fixture(autouse=True)
def fresh_sandbox(stack: Stack) -> None:
    stack.reset()


def post(
    stack: Stack, query: str, request_id: str, headers: dict[str, str] | None = None
) -> requests.Response:
    return requests.post(
        f"{stack.gateway}/graphql", json={"query": query},
        headers={"X-Request-ID": request_id, **(headers or {})}, timeout=PROBE_TIMEOUT,
    )


def reasons(body: dict[str, Any]) -> list[str | None]:
    return [error["extensions"].get("reason") for error in body.get("errors", [])]


def metric(stack: Stack, name: str, labels: str) -> float:
    text = requests.get(f"{stack.gateway}/metrics", timeout=PROBE_TIMEOUT).text
    found = re.search(rf"^{name}\{{{re.escape(labels)}\}} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def log_lines(stack: Stack, message: str) -> list[dict[str, Any]]:
    lines = stack.log_file.read_text(encoding="utf-8").splitlines()
    return [entry for entry in map(json.loads, lines) if entry.get("message") == message]


# -- a slow backend against the breaker and the budget ------------------------------------------------

def aliased_reads(round_number: int, request: int, count: int = 25) -> str:
    """`count` aliased campaign reads of ids nobody has read before (no cache answers them)."""
    ids = [f"{round_number:04x}{request:04x}{index:016x}" for index in range(count)]
    fields = [f'c{i}: campaign(id: "{cid}") {{ id }}' for i, cid in enumerate(ids)]
    return "{ viewer { " + " ".join(fields) + " } }"


LANDING = f'{{ viewer {{ campaign(domain: "{seed_ids.OPEN_CAMPAIGN_DOMAIN}") {{ id }} }} }}'


def test_a_slow_backend_attack_is_held_to_the_budget_and_leaves_the_circuit_closed(stack: Stack) -> None:
    stack.sandbox_call("PUT", "/_sandbox/faults/campaigns", json={"latencyMs": SLOW_MS}).raise_for_status()
    answers: list[tuple[str, requests.Response]] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for round_number in range(3):
            ids = [f"attack-slow-{round_number}-{request}" for request in range(2)]
            reads = [aliased_reads(round_number, request) for request in range(2)]
            sent = [pool.submit(post, stack, query, rid) for query, rid in zip(reads, ids, strict=True)]
            answers += [(rid, future.result()) for rid, future in zip(ids, sent, strict=True)]
    for request_id, response in answers:
        assert response.status_code == 200, response.text[:300]
        body = response.json()
        # Never more calls than the anonymous budget: each request's received calls, its retries included.
        received = calls_received(stack, "campaigns", request_id)
        assert 0 < len(received) <= ANONYMOUS_BUDGET, (request_id, len(received))
        assert reasons(body).count("BACKEND_BUDGET_EXCEEDED") == 25 - ANONYMOUS_BUDGET, body["errors"][:3]
        # Reads past the budget, and reads cut short by the request's deadline; in no round did the
        # circuit open (CIRCUIT_OPEN, UPSTREAM_UNAVAILABLE).
        codes = {error["extensions"]["code"] for error in body["errors"]}
        assert codes <= {"BAD_REQUEST", "UPSTREAM_TIMEOUT"}, body["errors"][:3]
    stack.sandbox_call("DELETE", "/_sandbox/faults/campaigns").raise_for_status()
    # Another caller right after the attack: the campaigns circuit of every worker is still closed.
    assert metric(stack, "monoql_upstream_circuit_open", 'service="campaigns"') == 0.0
    for attempt in range(4):  # two workers: every one of them answers with data
        landing = post(stack, LANDING, f"after-attack-{attempt}")
        assert ok(landing.json())["viewer"]["campaign"] == {"id": seed_ids.OPEN_CAMPAIGN_ID}


# -- one credential per request -----------------------------------------------------------------------

PASSWORD_DOMAIN = seed_ids.PASSWORD_CAMPAIGN_DOMAIN


def guesses(count: int) -> str:
    domain = PASSWORD_DOMAIN
    fields = [f'g{i}: campaign(domain: "{domain}", password: "guess-{i:02d}") {{ id }}' for i in range(count)]
    return "{ viewer { " + " ".join(fields) + " } }"


def assert_refused_as_too_many_credentials(response: requests.Response) -> None:
    assert response.status_code == 200, response.text[:300]  # a validation failure, answered as JSON
    body = response.json()
    assert "data" not in body
    assert [(e["extensions"]["code"], e["extensions"]["reason"]) for e in body["errors"]] == [
        ("GRAPHQL_VALIDATION_FAILED", "TOO_MANY_CREDENTIALS")
    ]


def test_thirty_aliased_password_guesses_are_refused_before_any_call(stack: Stack) -> None:
    guessed = post(stack, guesses(30), "attack-guesses")
    assert_refused_as_too_many_credentials(guessed)
    assert calls_received(stack, "campaigns", "attack-guesses") == []
    refusals = log_lines(stack, "campaign password refused")
    assert [line for line in refusals if line["request_id"] == "attack-guesses"] == []


def test_one_wrong_guess_is_tried_once_logged_at_warn_and_counted(stack: Stack) -> None:
    before = metric(stack, "monoql_campaign_password_failures_total", 'source="argument"')
    wrong = post(stack, guesses(1), "attack-one-guess", {"X-Forwarded-For": "198.51.100.7"})
    body = wrong.json()
    assert body["data"] == {"viewer": {"g0": None}}
    assert [(e["extensions"]["code"], e["extensions"]["reason"]) for e in body["errors"]] == [
        ("UNAUTHENTICATED", "INVALID_CAMPAIGN_PASSWORD")
    ]
    assert len(calls_received(stack, "campaigns", "attack-one-guess")) == 1
    refusals = log_lines(stack, "campaign password refused")
    [line] = [line for line in refusals if line["request_id"] == "attack-one-guess"]
    assert (line["level"], line["domain"], line["password_source"]) == ("WARN", PASSWORD_DOMAIN, "argument")
    # The client address the gateway trusts (docs/caller.md §2): what "the ALB" appended, left of nginx's.
    assert line["client_ip"] == "198.51.100.7"
    assert "guess-00" not in stack.log_file.read_text(encoding="utf-8")
    after = metric(stack, "monoql_campaign_password_failures_total", 'source="argument"')
    assert after - before == 1


def test_twenty_aliased_logins_are_refused_before_any_users_call(stack: Stack) -> None:
    logins = " ".join(f'v{i}: viewer(auth: {{token: "sandbox-fan-login-{i}"}}) {{ id }}' for i in range(20))
    refused = post(stack, "{ " + logins + " }", "attack-logins")
    assert_refused_as_too_many_credentials(refused)
    assert calls_received(stack, "users", "attack-logins") == []
    one = post(stack, '{ viewer(auth: {token: "sandbox-fan-login-0"}) { isLoggedIn } }', "attack-one-login")
    assert ok(one.json()) == {"viewer": {"isLoggedIn": True}}
    assert [call["path"] for call in calls_received(stack, "users", "attack-one-login")] == ["/users/auth"]


# -- a password campaign by its id --------------------------------------------------------------------

BY_ID = """query($id: String) { viewer { campaign(id: $id, locale: "en_US") { id
  ... on RegistrationCampaign { options { requirePassword } content { localized { locale } }
  preferences { id } markets { id } } } } }"""
ENTRY = """mutation($e: JSON!, $c: String!) {
  upsertViewerEntry(entry: $e, campaignId: $c, locale: "en_US") { id } }"""


def test_a_password_campaign_read_by_its_id_or_written_to_stays_closed(stack: Stack) -> None:
    fan = logged_in(stack, "sandbox-fan-attack-id")
    fan_id = ok(fan.gql("{ viewer { id } }"))["viewer"]["id"]
    locked = ok(stack.session().gql(BY_ID, {"id": seed_ids.PASSWORD_CAMPAIGN_ID}))["viewer"]["campaign"]
    assert locked["id"] == seed_ids.PASSWORD_CAMPAIGN_ID and locked["options"] == {"requirePassword": True}
    # The id the locked view shows, read by a fan: no content, preferences or markets.
    by_id = ok(fan.gql(BY_ID, {"id": locked["id"]}))["viewer"]["campaign"]
    assert (by_id["content"], by_id["preferences"], by_id["markets"]) == (None, None, [])
    entry = {"email": "attack@example.com", "phone": "+15555550666", "market": "m-guessed",
             "optional_markets": [], "allow_marketing": False}
    written = fan.post(ENTRY, {"e": entry, "c": locked["id"]}, headers={"X-Request-ID": "attack-entry"})
    body = written.json()
    assert body["data"] == {"upsertViewerEntry": None}
    assert [(e["extensions"]["code"], e["extensions"]["reason"]) for e in body["errors"]] == [
        ("UNAUTHENTICATED", "CAMPAIGN_PASSWORD_REQUIRED")
    ]
    assert calls_received(stack, "entries", "attack-entry") == []
    assert stack.sandbox_call("GET", f"/_sandbox/entries/{locked['id']}/{fan_id}").status_code == 404


# -- forged forwarding headers ------------------------------------------------------------------------

def test_forged_forwarding_headers_do_not_reach_the_stored_entry(stack: Stack) -> None:
    fan = logged_in(stack, "sandbox-fan-attack-xff")
    fan_id = ok(fan.gql("{ viewer { id } }"))["viewer"]["id"]
    cid = seed_ids.EMPTY_OPEN_CAMPAIGN_ID
    markets = [m["id"] for m in ok(fan.gql(BY_ID, {"id": cid}))["viewer"]["campaign"]["markets"]]
    entry = {"email": "xff@example.com", "phone": "+15555550667", "market": markets[0],
             "optional_markets": [], "allow_marketing": False, "ip": "6.6.6.6", "ip_country": "US"}
    # The client wrote 6.6.6.6; 203.0.113.9 stands for the entry the ALB appends.
    forged = {"X-Forwarded-For": "6.6.6.6, 203.0.113.9", "CF-IPCountry": "US", "User-Agent": "attack/1"}
    ok(fan.gql(ENTRY, {"e": entry, "c": cid}, headers=forged))
    context = sandbox_json(stack, "GET", f"/_sandbox/entries/{cid}/{fan_id}")["context"]
    forwarded = "6.6.6.6, 203.0.113.9, 127.0.0.1" if stack.proxied else "6.6.6.6, 203.0.113.9"
    assert context == {"user_agent": "attack/1", "ip": "203.0.113.9", "forwarded_for": forwarded}
