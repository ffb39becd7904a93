"""Retries of one call: which calls and failures are retried, the backoff, the deadline and the retry budget."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.clients.resilience import RetryBudget, RetryOptions, retry_budget
from monoql.errors import MonoqlError, UpstreamError, UpstreamTimeout
from tests.support.wire import CID, ENTRY_URL, entries_client


def test_get_is_retried_on_503_then_succeeds(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", ENTRY_URL, status=503, json={"message": "busy"})
    mocked.add("GET", ENTRY_URL, json={"fields": {"a": 1}})
    assert entries_client(settings, clock).get_entry(CID) == {"fields": {"a": 1}}
    assert len(mocked.calls) == 2
    assert clock.sleeps == [pytest.approx(0.5 * 0.05)]  # full jitter: random() * base


@pytest.mark.parametrize("status", [502, 503, 504])
def test_get_gives_up_after_two_retries(status: int, mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", ENTRY_URL, status=status, json={"message": "down", "code": "INJECTED_FAULT"})
    with pytest.raises(UpstreamError) as info:
        entries_client(settings, clock).get_entry(CID)
    assert info.value.status == status
    assert len(mocked.calls) == 3
    assert clock.sleeps == [pytest.approx(0.025), pytest.approx(0.05)]  # exponential ceiling


def test_get_is_retried_on_connection_errors(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", ENTRY_URL, body=requests.exceptions.ConnectionError("refused"))
    mocked.add("GET", ENTRY_URL, json={"fields": {}})
    assert entries_client(settings, clock).get_entry(CID) == {"fields": {}}
    assert len(mocked.calls) == 2


def test_timeouts_are_retried_for_get_only(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", ENTRY_URL, body=requests.exceptions.ReadTimeout("slow"))
    with pytest.raises(UpstreamTimeout):
        entries_client(settings, clock).get_entry(CID)
    assert len(mocked.calls) == 3


@pytest.mark.parametrize("status", [500, 501, 400, 404, 429])
def test_other_statuses_are_not_retried(status: int, mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", ENTRY_URL, status=status, json={"message": "x"})
    with pytest.raises(MonoqlError):
        entries_client(settings, clock).get_entry(CID)
    assert len(mocked.calls) == 1


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_non_idempotent_calls_are_never_retried(method: str, mocked: Any, settings: Any, clock: Any) -> None:
    client = Clients(settings, CallContext("tok", "rid", clock.now + 60)).campaigns
    mocked.add(
        method, "http://localhost:8090/campaigns/campaigns/c1/markets/m1", status=503, json={"message": "x"}
    )
    mocked.add(
        method, "http://localhost:8090/campaigns/campaigns/c1/markets/m1", body=requests.ConnectionError("x")
    )
    call = client.update_market if method == "POST" else client.delete_market
    args = ("c1", "m1", {"a": 1}) if method == "POST" else ("c1", "m1")
    with pytest.raises(UpstreamError):
        call(*args)
    assert len(mocked.calls) == 1
    assert clock.sleeps == []


def test_retries_never_run_past_the_deadline(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", ENTRY_URL, status=503, json={"message": "x"})
    with pytest.raises(UpstreamError):
        entries_client(settings, clock, deadline=0.1).get_entry(CID)
    assert len(mocked.calls) == 1


def test_the_retry_budget_stops_retries(mocked: Any, settings: Any, clock: Any) -> None:
    budget = retry_budget(RetryOptions.from_settings(settings))
    while budget.try_spend():
        pass
    mocked.add("GET", ENTRY_URL, status=503, json={"message": "x"})
    with pytest.raises(UpstreamError):
        entries_client(settings, clock).get_entry(CID)
    assert len(mocked.calls) == 1


def test_retry_budget_allows_about_a_fifth_of_the_calls() -> None:
    budget = RetryBudget(ratio=0.2, capacity=10.0)
    spent = sum(budget.try_spend() for _ in range(20))
    assert spent == 10  # the initial burst
    for _ in range(100):
        budget.deposit()
    assert sum(budget.try_spend() for _ in range(100)) == 10  # capped at capacity
    budget = RetryBudget(ratio=0.2, capacity=10.0)
    while budget.try_spend():
        pass
    retries = 0
    for _ in range(1000):
        budget.deposit()
        retries += budget.try_spend()
    assert retries == pytest.approx(200, abs=2)


def test_retry_count_is_configurable_and_capped_at_two(settings_with: Any) -> None:
    assert RetryOptions.from_settings(settings_with(retry={"attempts": 0})).max_retries == 0
    assert RetryOptions.from_settings(settings_with(retry={"attempts": 5})).max_retries == 2


def test_backoff_uses_full_jitter(clock: Any) -> None:
    from monoql.clients.hooks import HOOKS

    options = RetryOptions(backoff_base=0.1, backoff_max=0.3)
    HOOKS.rand = lambda: 1.0
    assert [options.backoff(n) for n in (1, 2, 3, 4)] == [pytest.approx(x) for x in (0.1, 0.2, 0.3, 0.3)]
    HOOKS.rand = lambda: 0.0
    assert options.backoff(3) == 0.0
