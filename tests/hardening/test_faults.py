"""Fault suite: the real gateway (gunicorn) in production-like mode in front of the sandbox, whose
fault injection makes a backend down, slow beyond the deadline, failing with 500s, answering garbage
or flapping. Each case asserts partial data, coded errors, a latency bounded by the deadline (with a
generous margin: a behaviour bound, not a benchmark) and the breaker state."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from monoql_sandbox.seed_ids import OPEN_CAMPAIGN_DOMAIN, OPEN_CAMPAIGN_ID
from tests.e2e.conftest import SERVICES, Stack, start_stack, stop_stack
from tests.support.log_lines import error_lines

pytestmark = pytest.mark.e2e

QUERY_DEADLINE = 2.0
MUTATION_DEADLINE = 3.0
RESET_SECONDS = 4.0
THRESHOLD = 3
MARGIN = 3.0  # seconds over the deadline a response may take (process, network, scheduling)
ENV = {
    "MONOQL_DEADLINE__QUERY": str(QUERY_DEADLINE),
    "MONOQL_DEADLINE__MUTATION": str(MUTATION_DEADLINE),
    "MONOQL_BREAKER__FAILURE_THRESHOLD": str(THRESHOLD),
    "MONOQL_BREAKER__RESET_SECONDS": str(RESET_SECONDS),
    "MONOQL_SHOW_DEVELOPER_MESSAGE": "false",
    "MONOQL_INTROSPECTION": "false",
    "MONOQL_GRAPHIQL": "false",
    "MONOQL_SERVICES__CAMPAIGNS__CACHE_TTL": "1",
    # A campaigns read gives up after 1 s, inside the 2 s deadline: a slow campaigns backend then
    # times out with its full per-call timeout, which is the backend's own failure and counts
    # towards its circuit (a read cut short by the request's deadline would not).
    "MONOQL_SERVICES__CAMPAIGNS__TIMEOUT__READ": "1",
    # Dependency probes must not outlast the breaker's reset time while the test reads the state.
    "MONOQL_HEARTBEAT__TIMEOUT": "0.5",
}
PAGE = (
    "{ promoters { id } identity { url } "
    f'metrics {{ totalSelectedByMarket(campaignId: "{OPEN_CAMPAIGN_ID}") {{ id count }} }} '
    f'viewer {{ isLoggedIn campaign(domain: "{OPEN_CAMPAIGN_DOMAIN}") {{ id name }} }} }}'
)
FAN_PAGE = f'{{ identity {{ url }} viewer {{ campaign(domain: "{OPEN_CAMPAIGN_DOMAIN}") {{ id name }} }} }}'


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # One worker: the breaker is per process, so its state is deterministic.
    running = start_stack(tmp_path_factory.mktemp("faults"), env_overrides=ENV, workers=1)
    try:
        yield running
    finally:
        stop_stack(running)


@pytest.fixture(scope="module")
def admin(stack: Stack) -> dict[str, str]:
    minted = stack.sandbox_call("POST", "/_sandbox/token", json={
        "claims": {"user": {"id": "64b7f0c2a1e4d3b2c1a09f11", "tmSig": "s"}, "isSupreme": True, "isAdmin": True},
        "ttlSeconds": 3600})
    return {"Authorization": f"Bearer {minted.json()['token']}"}


@pytest.fixture(autouse=True)
def healthy_backends(stack: Stack, admin: dict[str, str]) -> Iterator[None]:
    clear_faults(stack)
    heal(stack, admin)
    yield
    clear_faults(stack)


def clear_faults(stack: Stack) -> None:
    for service in SERVICES:
        stack.sandbox_call("DELETE", f"/_sandbox/faults/{service}")


def fault(stack: Stack, service: str, **spec: Any) -> None:
    stack.sandbox_call("PUT", f"/_sandbox/faults/{service}", json=spec).raise_for_status()


def heal(stack: Stack, admin: dict[str, str]) -> None:
    """Let open circuits half-open and close again through a successful call."""
    give_up = time.monotonic() + 20
    while time.monotonic() < give_up:
        if all(state == "closed" for state in circuits(stack).values()):
            return
        post(stack, PAGE, admin)
        time.sleep(0.5)
    raise AssertionError(f"circuits did not close: {circuits(stack)}")


def circuits(stack: Stack) -> dict[str, str]:
    report = requests.get(f"{stack.gateway}/heartbeat/dependencies", timeout=30).json()
    return {name: entry["circuit"] for name, entry in report["dependencies"].items()}


def post(stack: Stack, query: str, headers: dict[str, str] | None = None) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.post(f"{stack.gateway}/graphql", json={"query": query}, headers=headers or {}, timeout=70)
    return response, time.monotonic() - started


def errors_by_path(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {".".join(map(str, e["path"])): e["extensions"] for e in body.get("errors", [])}


def assert_no_leak(response: requests.Response) -> None:
    from tests.support.production import leaks

    assert not leaks(response.text), (leaks(response.text), response.text[:400])


def test_everything_answers_when_healthy(stack: Stack, admin: dict[str, str]) -> None:
    response, _ = post(stack, PAGE, admin)
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    assert body["data"]["promoters"] and body["data"]["metrics"]["totalSelectedByMarket"]
    assert body["data"]["viewer"]["campaign"]["id"] == OPEN_CAMPAIGN_ID


@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
def test_backend_down_nulls_only_its_fields(stack: Stack, admin: dict[str, str], accept: str) -> None:
    fault(stack, "campaigns", down=True)
    response, elapsed = post(stack, PAGE, {**admin, "Accept": accept})
    assert response.status_code == 200  # partial data: 200 for both media types
    assert response.headers["Content-Type"].startswith(accept)
    assert elapsed < QUERY_DEADLINE + MARGIN
    body = response.json()
    assert body["data"]["promoters"] is None and body["data"]["viewer"]["campaign"] is None
    assert body["data"]["viewer"]["isLoggedIn"] is True
    assert body["data"]["identity"]["url"] and body["data"]["metrics"]["totalSelectedByMarket"]
    errors = errors_by_path(body)
    assert set(errors) == {"promoters", "viewer.campaign"}
    for extensions in errors.values():
        assert extensions["code"] == "UPSTREAM_UNAVAILABLE"
        assert extensions["service"] == "campaigns"
        assert extensions["reason"] in ("CONNECTION_FAILED", "CIRCUIT_OPEN")
        assert extensions["requestId"] == response.headers["X-Request-ID"]
    assert_no_leak(response)


def test_slow_backend_is_cut_at_the_deadline(stack: Stack, admin: dict[str, str]) -> None:
    fault(stack, "entries", latencyMs=8000)
    response, elapsed = post(stack, PAGE, admin)
    assert elapsed < QUERY_DEADLINE + MARGIN
    body = response.json()
    assert response.status_code == 200
    assert body["data"]["metrics"]["totalSelectedByMarket"] is None
    assert body["data"]["promoters"] and body["data"]["viewer"]["campaign"]
    assert errors_by_path(body)["metrics.totalSelectedByMarket"]["code"] == "UPSTREAM_TIMEOUT"
    assert errors_by_path(body)["metrics.totalSelectedByMarket"]["service"] == "entries"
    # The worker is free again at once.
    assert requests.get(f"{stack.gateway}/heartbeat", timeout=5).status_code == 200
    assert_no_leak(response)


def test_slow_mutation_is_cut_at_the_mutation_deadline_and_not_retried(stack: Stack, admin: dict[str, str]) -> None:
    fault(stack, "campaigns", latencyMs=12000)
    mutation = 'mutation { upsertPromoter(promoter: {name: "Slow Promotions"}) { id } }'
    response, elapsed = post(stack, mutation, admin)
    assert elapsed < MUTATION_DEADLINE + MARGIN
    extensions = response.json()["errors"][0]["extensions"]
    assert (extensions["code"], extensions["service"]) == ("UPSTREAM_TIMEOUT", "campaigns")


def test_backend_500s_are_upstream_errors_with_the_backend_code(stack: Stack, admin: dict[str, str]) -> None:
    fault(stack, "entries", status=500)
    response, _ = post(stack, PAGE, admin)
    body = response.json()
    assert body["data"]["promoters"] and body["data"]["metrics"]["totalSelectedByMarket"] is None
    extensions = errors_by_path(body)["metrics.totalSelectedByMarket"]
    assert (extensions["code"], extensions["status"], extensions["reason"], extensions["service"]) == (
        "UPSTREAM_ERROR", 500, "INJECTED_FAULT", "entries")
    assert_no_leak(response)


def test_garbage_answers_are_upstream_errors(stack: Stack, admin: dict[str, str]) -> None:
    fault(stack, "entries", garbage=True)
    response, _ = post(stack, PAGE, admin)
    body = response.json()
    assert body["data"]["promoters"] and body["data"]["metrics"]["totalSelectedByMarket"] is None
    extensions = errors_by_path(body)["metrics.totalSelectedByMarket"]
    assert (extensions["code"], extensions["reason"], extensions["service"]) == (
        "UPSTREAM_ERROR", "BAD_RESPONSE", "entries")
    assert_no_leak(response)


def test_flapping_backend_never_breaks_the_response(stack: Stack, admin: dict[str, str]) -> None:
    # Seed 2's first coin flips pass (0.96, 0.95) and the next two fail (0.06, 0.08): the first page has
    # its promoters whichever campaigns call draws first, and the backend fails from the second page on.
    fault(stack, "campaigns", errorRate=0.5, status=503, seed=2)
    outcomes = []
    for _ in range(20):
        response, elapsed = post(stack, PAGE, admin)
        assert response.status_code == 200
        assert elapsed < QUERY_DEADLINE + MARGIN
        body = response.json()
        assert body["data"]["identity"] and body["data"]["metrics"]["totalSelectedByMarket"]
        if body["data"]["promoters"] is None:
            assert errors_by_path(body)["promoters"]["code"] in ("UPSTREAM_ERROR", "UPSTREAM_UNAVAILABLE")
        outcomes.append(body["data"]["promoters"] is not None)
        assert_no_leak(response)
    assert outcomes[0], "the seed's first coin flips pass"


def test_breaker_opens_answers_fast_and_closes_after_a_probe(stack: Stack, admin: dict[str, str]) -> None:
    fault(stack, "campaigns", latencyMs=6000)
    for _ in range(THRESHOLD):
        post(stack, "{ promoters { id } }", admin)
    assert circuits(stack)["campaigns"] == "open"
    metrics = requests.get(f"{stack.gateway}/metrics", timeout=30).text
    assert 'monoql_upstream_circuit_open{service="campaigns"} 1.0' in metrics
    response, elapsed = post(stack, PAGE, admin)
    assert elapsed < QUERY_DEADLINE  # no waiting on the slow backend while the circuit is open
    errors = errors_by_path(response.json())
    assert errors["promoters"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert errors["promoters"]["reason"] == "CIRCUIT_OPEN"
    assert response.json()["data"]["metrics"]["totalSelectedByMarket"]
    clear_faults(stack)
    time.sleep(RESET_SECONDS + 0.5)
    assert circuits(stack)["campaigns"] == "half_open"
    probe, _ = post(stack, "{ promoters { id } }", admin)
    assert probe.json()["data"]["promoters"]
    assert circuits(stack)["campaigns"] == "closed"
    metrics = requests.get(f"{stack.gateway}/metrics", timeout=30).text
    assert 'monoql_upstream_circuit_open{service="campaigns"} 0.0' in metrics


def test_failed_probe_opens_the_circuit_again(stack: Stack, admin: dict[str, str]) -> None:
    fault(stack, "campaigns", down=True)
    for _ in range(THRESHOLD):
        post(stack, "{ promoters { id } }", admin)
    assert circuits(stack)["campaigns"] == "open"
    time.sleep(RESET_SECONDS + 0.5)
    post(stack, "{ promoters { id } }", admin)  # the half-open probe fails
    assert circuits(stack)["campaigns"] == "open"


def test_stale_campaign_page_is_served_when_campaigns_fails(stack: Stack) -> None:
    fresh, _ = post(stack, FAN_PAGE)
    assert fresh.json()["data"]["viewer"]["campaign"]["id"] == OPEN_CAMPAIGN_ID
    time.sleep(1.5)  # past the 1 s cache TTL of this stack: the copy is stale now
    fault(stack, "campaigns", status=500)
    stale, _ = post(stack, FAN_PAGE)
    body = stale.json()
    assert stale.status_code == 200
    assert body["data"]["viewer"]["campaign"]["id"] == OPEN_CAMPAIGN_ID, body
    assert "errors" not in body


def test_worker_is_never_held_beyond_the_deadline(stack: Stack, admin: dict[str, str]) -> None:
    for service in ("campaigns", "entries"):
        fault(stack, service, latencyMs=30_000)
    started = time.monotonic()
    for _ in range(3):
        response, elapsed = post(stack, PAGE, admin)
        assert response.status_code == 200
        assert elapsed < QUERY_DEADLINE + MARGIN
    assert time.monotonic() - started < 3 * (QUERY_DEADLINE + MARGIN)
    assert requests.get(f"{stack.gateway}/heartbeat", timeout=5).status_code == 200


def test_gunicorn_never_killed_or_restarted_a_worker(stack: Stack) -> None:
    log = (stack.log_file.parent.parent / "gunicorn.out").read_text()
    assert "WORKER TIMEOUT" not in log
    assert log.count("Booting worker") == 1
    errors = error_lines(log)
    assert not errors, errors[:3]
