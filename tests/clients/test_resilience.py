"""Circuit breakers: opening after consecutive failures, failing fast, half-open probes, recovery."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from prometheus_client import REGISTRY

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.clients.resilience import BreakerOptions, CircuitBreaker, breaker_for, breaker_states
from monoql.errors import NotFound, UpstreamError, UpstreamTimeout, UpstreamUnavailable
from tests.support.fork import in_forked_child

URL = "http://localhost:8090/entries/c1/entries"


@pytest.fixture
def fast_breaker(settings_with: Any) -> Any:
    return settings_with(breaker={"failureThreshold": 3, "resetSeconds": 10})


def client(settings: Any, clock: Any) -> Any:
    return Clients(settings, CallContext("tok", "rid", clock.now + 60)).entries


def circuit_gauge(service: str) -> float | None:
    return REGISTRY.get_sample_value("monoql_upstream_circuit_open", {"service": service})


def fail_times(n: int, settings: Any, clock: Any) -> None:
    for _ in range(n):
        with pytest.raises((UpstreamError, UpstreamUnavailable, UpstreamTimeout)):
            client(settings, clock).upsert_entry("c1", {})


def test_opens_after_consecutive_failures_and_fails_fast(mocked: Any, fast_breaker: Any, clock: Any) -> None:
    mocked.add("POST", URL, status=500, json={"message": "boom"})
    fail_times(2, fast_breaker, clock)
    assert breaker_states()["entries"] == "closed"
    fail_times(1, fast_breaker, clock)
    assert breaker_states()["entries"] == "open"
    assert circuit_gauge("entries") == 1.0
    with pytest.raises(UpstreamUnavailable) as info:
        client(fast_breaker, clock).upsert_entry("c1", {})
    assert (info.value.reason, info.value.code, info.value.service) == (
        "CIRCUIT_OPEN",
        "UPSTREAM_UNAVAILABLE",
        "entries",
    )
    assert len(mocked.calls) == 3  # the fast failure sent nothing


@pytest.mark.parametrize(
    "failure",
    [requests.exceptions.ConnectionError("refused"), requests.exceptions.ReadTimeout("slow")],
)
def test_connection_errors_and_timeouts_count(
    failure: Exception, mocked: Any, fast_breaker: Any, clock: Any
) -> None:
    mocked.add("POST", URL, body=failure)
    fail_times(3, fast_breaker, clock)
    assert breaker_states()["entries"] == "open"


def fail_with_deadline(n: int, settings: Any, clock: Any, seconds_left: float) -> None:
    for _ in range(n):
        with pytest.raises(UpstreamTimeout):
            Clients(settings, CallContext("tok", "rid", clock.now + seconds_left)).entries.upsert_entry("c1", {})


def test_a_timeout_cut_short_by_the_request_deadline_does_not_count(
    mocked: Any, fast_breaker: Any, clock: Any
) -> None:
    mocked.add("POST", URL, body=requests.exceptions.ReadTimeout("slow"))
    # The request had 3 s left of its deadline: the backend got 3 s of its 10 s read timeout.
    fail_with_deadline(5, fast_breaker, clock, seconds_left=3.0)
    assert breaker_states()["entries"] == "closed"
    assert [call.request.req_kwargs["timeout"] for call in mocked.calls] == [(2.0, 3.0)] * 5


def test_a_timeout_with_the_whole_read_timeout_counts(mocked: Any, fast_breaker: Any, clock: Any) -> None:
    mocked.add("POST", URL, body=requests.exceptions.ReadTimeout("slow"))
    # 9.95 s left of a 10 s query deadline: the backend had (nearly all of) its 10 s.
    fail_with_deadline(3, fast_breaker, clock, seconds_left=9.95)
    assert breaker_states()["entries"] == "open"


def test_a_call_queued_past_the_deadline_is_not_sent_and_does_not_count(
    mocked: Any, fast_breaker: Any, clock: Any
) -> None:
    mocked.add("POST", URL, json={"data": {}})
    for _ in range(5):
        with pytest.raises(UpstreamTimeout) as info:
            Clients(fast_breaker, CallContext("tok", "rid", clock.now - 0.5)).entries.upsert_entry("c1", {})
        assert info.value.reason == "DEADLINE_EXCEEDED"
    assert len(mocked.calls) == 0
    assert breaker_states()["entries"] == "closed"


def test_a_half_open_probe_cut_by_the_deadline_frees_the_probe(mocked: Any, fast_breaker: Any, clock: Any) -> None:
    mocked.add("POST", URL, status=500, json={"message": "boom"})
    fail_times(3, fast_breaker, clock)
    clock.advance(10)
    mocked.replace("POST", URL, body=requests.exceptions.ReadTimeout("slow"))
    fail_with_deadline(1, fast_breaker, clock, seconds_left=1.0)
    assert breaker_states()["entries"] == "half_open"
    mocked.replace("POST", URL, json={"data": {"ok": True}})
    assert client(fast_breaker, clock).upsert_entry("c1", {}) == {"ok": True}
    assert breaker_states()["entries"] == "closed"


def test_client_errors_do_not_count(mocked: Any, fast_breaker: Any, clock: Any) -> None:
    mocked.add("GET", URL, status=404, json={"message": "no", "code": "ENTRY_NOT_FOUND"})
    for _ in range(10):
        with pytest.raises(NotFound):
            client(fast_breaker, clock).get_entry("c1")
    assert breaker_states()["entries"] == "closed"


def test_a_success_resets_the_count(mocked: Any, fast_breaker: Any, clock: Any) -> None:
    mocked.add("POST", URL, status=500, json={"message": "boom"})
    fail_times(2, fast_breaker, clock)
    mocked.replace("POST", URL, json={"fields": {}})
    client(fast_breaker, clock).upsert_entry("c1", {})
    mocked.replace("POST", URL, status=500, json={"message": "boom"})
    fail_times(2, fast_breaker, clock)
    assert breaker_states()["entries"] == "closed"


def test_half_open_probe_success_closes_the_circuit(mocked: Any, fast_breaker: Any, clock: Any) -> None:
    mocked.add("POST", URL, status=503, json={"message": "down"})
    fail_times(3, fast_breaker, clock)
    clock.advance(9.9)
    assert breaker_states()["entries"] == "open"
    clock.advance(0.2)
    assert breaker_states()["entries"] == "half_open"
    mocked.replace("POST", URL, json={"fields": {"ok": True}})
    assert client(fast_breaker, clock).upsert_entry("c1", {}) == {"fields": {"ok": True}}
    assert breaker_states()["entries"] == "closed"
    assert circuit_gauge("entries") == 0.0


def test_half_open_probe_failure_opens_it_again(mocked: Any, fast_breaker: Any, clock: Any) -> None:
    mocked.add("POST", URL, status=503, json={"message": "down"})
    fail_times(3, fast_breaker, clock)
    clock.advance(10)
    fail_times(1, fast_breaker, clock)  # the probe
    assert breaker_states()["entries"] == "open"
    calls = len(mocked.calls)
    with pytest.raises(UpstreamUnavailable):
        client(fast_breaker, clock).upsert_entry("c1", {})
    assert len(mocked.calls) == calls
    clock.advance(10)
    assert breaker_states()["entries"] == "half_open"


def test_breakers_are_per_service(mocked: Any, fast_breaker: Any, clock: Any) -> None:
    mocked.add("POST", URL, status=500, json={"message": "boom"})
    mocked.add("GET", "http://localhost:8090/users/me", json={"id": "u1"})
    fail_times(3, fast_breaker, clock)
    assert Clients(fast_breaker, CallContext("tok", "rid", clock.now + 60)).users.get_me() == {"id": "u1"}
    states = breaker_states()
    assert states["entries"] == "open"
    assert states["users"] == "closed"
    assert set(states) == {"users", "campaigns", "entries", "codes", "uploads", "waves", "exports"}


def test_open_circuit_stops_retries(mocked: Any, settings_with: Any, clock: Any) -> None:
    settings = settings_with(breaker={"failureThreshold": 2})
    mocked.add("GET", URL, status=503, json={"message": "down"})
    with pytest.raises(UpstreamError):
        client(settings, clock).get_entry("c1")  # the second attempt opens the circuit: no third
    assert len(mocked.calls) == 2
    assert breaker_states()["entries"] == "open"


def test_half_open_lets_exactly_one_probe_through(clock: Any) -> None:
    breaker = CircuitBreaker("codes", BreakerOptions(failure_threshold=1, reset_timeout=5))
    breaker.record_failure()
    assert not breaker.allow()
    clock.advance(5)
    assert breaker.allow()
    assert not breaker.allow()  # a second caller while the probe is in flight
    breaker.record_success()
    assert breaker.allow()
    assert breaker.allow()


def test_a_lost_probe_is_given_up_after_another_reset_timeout(clock: Any) -> None:
    breaker = CircuitBreaker("codes", BreakerOptions(failure_threshold=1, reset_timeout=5))
    breaker.record_failure()
    clock.advance(5)
    assert breaker.allow()
    clock.advance(4)
    assert not breaker.allow()
    clock.advance(1)
    assert breaker.allow()


def test_released_probe_frees_the_slot(clock: Any) -> None:
    breaker = CircuitBreaker("codes", BreakerOptions(failure_threshold=1, reset_timeout=5))
    breaker.record_failure()
    clock.advance(5)
    assert breaker.allow()
    breaker.release()
    assert breaker.allow()


def test_breaker_options_from_settings(settings: Any, fast_breaker: Any) -> None:
    assert BreakerOptions.from_settings(settings) == BreakerOptions(5, 10.0)
    assert BreakerOptions.from_settings(fast_breaker) == BreakerOptions(3, 10.0)


def test_breakers_are_kept_per_process(fast_breaker: Any) -> None:
    first = breaker_for("entries", fast_breaker)
    assert breaker_for("entries", fast_breaker) is first
    assert not in_forked_child(lambda: breaker_for("entries", fast_breaker) is first)  # a fresh worker's own
    assert breaker_for("entries", fast_breaker) is first
