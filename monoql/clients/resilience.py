"""Circuit breakers, the retry budget and back-off: how the client layer spares a failing backend.

All state is per process (one breaker per service, one retry budget per worker) and thread-safe:
the heartbeat probes the backends from threads of its own.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal

from monoql.clients.hooks import HOOKS
from monoql.clients.observability import set_circuit_open
from monoql.clients.options import SERVICES
from monoql.config import Settings
from monoql.per_process import PerProcessByKey

State = Literal["closed", "open", "half_open"]


@dataclass(frozen=True)
class BreakerOptions:
    """``breaker.failureThreshold`` consecutive failures open the circuit for ``breaker.resetSeconds``."""

    failure_threshold: int = 5
    reset_timeout: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> BreakerOptions:
        return cls(
            failure_threshold=settings.breaker.failure_threshold,
            reset_timeout=settings.breaker.reset_seconds,
        )


class CircuitBreaker:
    """Closed → (N consecutive failures) → open → (reset timeout) → half-open → one probe decides.

    While open, :meth:`allow` refuses so callers fail fast. In half-open exactly one caller gets
    through; its success closes the circuit and its failure opens it again. A probe that never
    reports (its caller died) is given up after another reset timeout.
    """

    def __init__(self, service: str, options: BreakerOptions) -> None:
        self.service = service
        self.options = options
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_at: float | None = None

    def _state(self, now: float) -> State:
        if self._opened_at is None:
            return "closed"
        if now - self._opened_at < self.options.reset_timeout:
            return "open"
        return "half_open"

    @property
    def state(self) -> State:
        with self._lock:
            return self._state(HOOKS.clock())

    def allow(self) -> bool:
        """May a call be sent now? In half-open, True for the single probe only."""
        now = HOOKS.clock()
        with self._lock:
            state = self._state(now)
            if state == "closed":
                return True
            if state == "open":
                return False
            probe_stale = self._probe_at is not None and now - self._probe_at >= self.options.reset_timeout
            if self._probe_at is None or probe_stale:
                self._probe_at = now
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            was_open = self._opened_at is not None
            self._failures = 0
            self._opened_at = None
            self._probe_at = None
        if was_open:
            set_circuit_open(self.service, False)

    def release(self) -> None:
        """The call ended without telling anything about the backend: free the half-open probe slot."""
        with self._lock:
            self._probe_at = None

    def record_failure(self) -> None:
        now = HOOKS.clock()
        with self._lock:
            self._failures += 1
            half_open = self._opened_at is not None and self._state(now) == "half_open"
            tripped = self._opened_at is None and self._failures >= self.options.failure_threshold
            opens = half_open or tripped
            if opens:
                self._opened_at = now
                self._probe_at = None
        if opens:
            set_circuit_open(self.service, True)


_breakers: PerProcessByKey[str, CircuitBreaker] = PerProcessByKey()


def breaker_for(service: str, settings: Any = None) -> CircuitBreaker:
    """This process's breaker of ``service`` (created with the options of ``settings`` on first use)."""
    return _breakers.get(service, lambda: CircuitBreaker(service, BreakerOptions.from_settings(settings)))


def breaker_states() -> dict[str, State]:
    """Circuit state of every backend in this process (services never called are closed)."""
    breakers = {name: _breakers.peek(name) for name in SERVICES}
    return {name: (breaker.state if breaker else "closed") for name, breaker in breakers.items()}


@dataclass(frozen=True)
class RetryOptions:
    """Retries of idempotent calls: how many, how far apart, and how many the budget allows.

    Settings: ``retry.attempts`` (retries after the first try, at most 2), ``retry.backoff`` (base
    seconds), ``retry.backoffMax``, ``retry.budgetRatio``, ``retry.budgetMin`` (burst tokens).
    """

    max_retries: int = 2
    backoff_base: float = 0.05
    backoff_max: float = 1.0
    budget_ratio: float = 0.2
    budget_min: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryOptions:
        return cls(
            max_retries=min(2, settings.retry.attempts),
            backoff_base=settings.retry.backoff,
            backoff_max=settings.retry.backoff_max,
            budget_ratio=settings.retry.budget_ratio,
            budget_min=float(settings.retry.budget_min),
        )

    def backoff(self, retry_number: int) -> float:
        """Full-jitter exponential back-off before retry ``retry_number`` (1-based)."""
        ceiling = min(self.backoff_max, self.backoff_base * 2.0 ** (retry_number - 1))
        return HOOKS.rand() * ceiling


class RetryBudget:
    """Token bucket: every call earns ``ratio`` of a token, every retry spends one.

    Retries therefore add at most ``ratio`` (about 20 %) to the calls of a worker, plus a small burst
    of ``capacity`` tokens so a quiet worker can still retry a single blip.
    """

    def __init__(self, ratio: float, capacity: float) -> None:
        self.ratio = ratio
        self.capacity = capacity
        self._tokens = capacity
        self._lock = threading.Lock()

    @property
    def tokens(self) -> float:
        return self._tokens

    def deposit(self) -> None:
        with self._lock:
            self._tokens = min(self.capacity, self._tokens + self.ratio)

    def try_spend(self) -> bool:
        with self._lock:
            if self._tokens < 1.0:
                return False
            self._tokens -= 1.0
            return True


_budgets: PerProcessByKey[tuple[float, float], RetryBudget] = PerProcessByKey()


def retry_budget(options: RetryOptions) -> RetryBudget:
    """This process's retry budget (shared by every service)."""
    key = (options.budget_ratio, options.budget_min)
    return _budgets.get(key, lambda: RetryBudget(options.budget_ratio, options.budget_min))
