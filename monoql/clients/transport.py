"""One backend call end to end: deadline, circuit breaker, retries, error translation, metrics.

No ``requests`` exception leaves this module: transport failures become ``UpstreamTimeout`` or
``UpstreamUnavailable`` (``raise … from exc``), answers go through the envelope rules.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import requests
from requests_cache import CachedSession
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

from monoql.clients.budget import CallBudget
from monoql.clients.envelope import Reply, redact_url, unwrap
from monoql.clients.fresh_answer import fresh_answer
from monoql.clients.hooks import HOOKS
from monoql.clients.lean_response import LeanResponse
from monoql.clients.observability import count_retry, record_call, set_up
from monoql.clients.prepare import prepare, send_settings
from monoql.clients.resilience import CircuitBreaker, RetryBudget, RetryOptions
from monoql.errors import BadResponse, MonoqlError, UpstreamError, UpstreamTimeout, UpstreamUnavailable

RETRY_METHODS = frozenset({"GET", "HEAD"})
RETRY_STATUSES = frozenset({502, 503, 504})
# A retry is only worth it when this much of the deadline is left after its back-off.
MIN_ATTEMPT_SECONDS = 0.1
# A timeout counts against the backend when the call had at least this share of its per-call timeout.
FULL_TIMEOUT_SHARE = 0.9


@dataclass(frozen=True)
class Outgoing:
    """A fully prepared backend call (URL built, headers set, timeouts configured)."""

    service: str
    method: str
    route: str
    url: str
    headers: dict[str, str]
    timeout: tuple[float, float]
    request_id: str
    deadline: float | None = None
    params: list[tuple[str, str]] | None = None
    json: Any = None
    data: Any = None
    cache_ttl: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def what(self) -> str:
        """``METHOD URL`` with secret query values redacted: developer messages only, never logs."""
        full = f"{self.url}?{urlencode(self.params)}" if self.params else self.url
        return f"{self.method} {redact_url(full)}"


class Described:
    """``out.what``, made only when a message formats it: redacting the URL of every call that
    succeeded cost as much as a tenth of the call's own bookkeeping."""

    __slots__ = ("out",)

    def __init__(self, out: Outgoing) -> None:
        self.out = out

    def __str__(self) -> str:
        return self.out.what


def call_timeout(out: Outgoing, now: float) -> tuple[float, float]:
    """``(connect, read)`` capped by the remaining request deadline; a passed deadline sends nothing."""
    connect, read = out.timeout
    if out.deadline is None:
        return connect, read
    remaining = out.deadline - now
    if remaining <= 0:
        raise UpstreamTimeout(
            f"The {out.service} service was not called: the request ran out of time.",
            reason="DEADLINE_EXCEEDED",
            service=out.service,
            developer_message=f"{out.what}: deadline passed {-remaining:.3f}s before the call",
        )
    return min(connect, remaining), min(read, remaining)


def _translate(out: Outgoing, exc: requests.RequestException) -> MonoqlError:
    detail = f"{out.what}: {type(exc).__name__}: {exc}"
    if isinstance(exc, requests.Timeout) or any(isinstance(arg, ReadTimeoutError) for arg in exc.args):
        return UpstreamTimeout(f"The {out.service} service did not answer in time.", service=out.service,
                               developer_message=detail)
    if isinstance(exc, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
        return UpstreamUnavailable(f"The {out.service} service could not be reached.", service=out.service,
                                   developer_message=detail)
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return BadResponse(f"The {out.service} service sent an answer that could not be read.",
                           service=out.service, developer_message=detail)
    return UpstreamError(f"The call to the {out.service} service failed.", reason="REQUEST_FAILED",
                         service=out.service, developer_message=detail)


def send_once(session: requests.Session, out: Outgoing, timeout: tuple[float, float], *,
              only_if_cached: bool = False) -> requests.Response:
    """One HTTP exchange (or cache lookup); transport failures are translated."""
    try:
        prepared = prepare(session, out.method, out.url, params=out.params, headers=out.headers,
                           json=out.json, data=out.data)
        settings = send_settings(session, str(prepared.url))
        if out.cache_ttl is None:
            return _send_direct(session, out, prepared, timeout, settings)
        send_kwargs = {"timeout": timeout, "allow_redirects": False, **settings}
        if isinstance(session, CachedSession):
            answer = fresh_answer(session, prepared, out.cache_ttl, send_kwargs)
            if answer is not None:
                return answer
        # What `CachedSession.request` does after preparing: the cache layer's own `send`.
        return session.send(prepared, expire_after=out.cache_ttl, only_if_cached=only_if_cached,
                            **send_kwargs)
    except requests.RequestException as exc:
        raise _translate(out, exc) from exc


def _send_direct(session: requests.Session, out: Outgoing, prepared: requests.PreparedRequest,
                 timeout: tuple[float, float], settings: Mapping[str, Any]) -> requests.Response:
    """A call that can never be cached, sent past the cache layer of a ``CachedSession``.

    requests-cache builds a normalised cache key (copying and normalising the whole request) and
    reads the cache directives of every call, even of one it will not store: that was about a fifth
    of a worker's CPU on list pages. ``requests.Session.send`` is the plain send of the same session
    (same adapter, connection pool and settings), so only the cache bookkeeping is skipped.
    """
    streamed = {**settings, "stream": True}
    response = requests.Session.send(session, prepared, timeout=timeout, allow_redirects=False, **streamed)
    _read_body_within_deadline(response, out)
    return response


def _read_body_within_deadline(response: requests.Response, out: Outgoing) -> None:
    """Read the answer's body, giving up once the request deadline has passed.

    A read timeout bounds each socket read, not the whole body: a backend that trickles its answer a
    byte at a time would otherwise hold the worker for as long as it likes. `read1` returns whatever
    one read brings, so the deadline is checked between reads.
    """
    raw = response.raw
    encoded = "content-encoding" in raw.headers  # such a body goes through urllib3's decoder
    try:
        body = None if encoded else _body_in_hand(raw)
        if body is None:
            body = _read_in_pieces(response, out, encoded)
    finally:
        raw.release_conn()
    # Hand the body to requests as if it had read it itself (`.content`, `.json()` work as usual).
    response._content = body
    response._content_consumed = True  # type: ignore[attr-defined]


def _body_in_hand(raw: Any) -> bytes | None:
    """The body when it came whole with the answer's head, else None.

    Most answers arrive in the one read that brought their head: llhttp has checked their framing and
    the body only waits to be taken. urllib3's reads (its error catcher, its length and decoder
    bookkeeping) cost about 5 % of a call for that. Only for a body without a content coding.
    """
    original = getattr(raw, "_original_response", None)
    if type(original) is not LeanResponse:
        return None
    return original.body_in_hand()


def _read_in_pieces(response: requests.Response, out: Outgoing, encoded: bool) -> bytes:
    chunks: list[bytes] = []
    raw = response.raw
    # A body of a known length, not encoded, is complete once that many bytes have come: the read
    # that would only confirm its end is skipped (a compressed body may still be in its decoder).
    known_end = raw.length_remaining is not None and not encoded
    while chunk := _read1(response):
        chunks.append(chunk)
        if known_end and raw.length_remaining == 0:
            break
        if out.deadline is not None and HOOKS.clock() > out.deadline:
            response.close()
            raise UpstreamTimeout(
                f"The {out.service} service did not answer in time.", reason="DEADLINE_EXCEEDED",
                service=out.service, developer_message=f"{out.what}: body still arriving at the deadline",
            )
    return b"".join(chunks)


def _read1(response: requests.Response) -> bytes:
    """One read of the body; urllib3's failures become the exceptions requests raises for them when it
    reads a body itself (`Response.iter_content`), so `_translate` sees the same ones either way."""
    try:
        chunk: bytes = response.raw.read1(65536, decode_content=True)
    except ProtocolError as exc:  # reset or closed mid-body, or a chunk cut short
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except ReadTimeoutError as exc:
        raise requests.exceptions.ConnectionError(exc) from exc
    except SSLError as exc:
        raise requests.exceptions.SSLError(exc) from exc
    return chunk


def backend_at_fault(err: UpstreamTimeout | UpstreamUnavailable, used: tuple[float, float],
                     full: tuple[float, float]) -> bool:
    """Does this failure tell anything about the backend's health (what its breaker counts)?

    A refused or reset connection does. A timeout does only when the backend had its per-call
    timeout: a call whose timeout was cut to what was left of the request's deadline (it waited in
    the request's pool, behind slower calls), or whose body was cut at that deadline, failed because
    of the caller's request, not the backend. Counting those let one request with many slow calls
    open a backend's circuit for everyone. "Had its timeout" allows FULL_TIMEOUT_SHARE of it: the
    first call of a query starts a few milliseconds into a deadline as long as the read timeout.
    """
    if isinstance(err, UpstreamUnavailable):
        return True
    if err.reason == "DEADLINE_EXCEEDED":
        return False
    return all(given >= FULL_TIMEOUT_SHARE * configured for given, configured in zip(used, full, strict=True))


def error_kind(err: BaseException) -> str:
    """The ``kind`` label of ``monoql_upstream_errors_total`` for a failed call."""
    if isinstance(err, UpstreamTimeout):
        return "timeout"
    if isinstance(err, UpstreamUnavailable):
        return "circuit_open" if err.reason == "CIRCUIT_OPEN" else "unavailable"
    status = getattr(err, "status", None)
    if isinstance(err, BadResponse) or not isinstance(status, int) or status < 400:
        return "bad_response"
    return "http_4xx" if status < 500 else "http_5xx"


class Attempts:
    """The attempt loop of one call; keeps what the metrics and the log line need."""

    def __init__(self, session: requests.Session, out: Outgoing, breaker: CircuitBreaker,
                 retry: RetryOptions, budget: RetryBudget, call_budget: CallBudget | None = None) -> None:
        self.session, self.out, self.breaker = session, out, breaker
        self.retry, self.budget, self.call_budget = retry, budget, call_budget
        self.count = 0
        self.response: requests.Response | None = None

    def may_retry(self) -> bool:
        """Idempotent, retries left, circuit not open, the deadline allows it, and the budget pays."""
        if self.out.method not in RETRY_METHODS or self.count > self.retry.max_retries:
            return False
        if self.breaker.state == "open":
            return False
        delay = self.retry.backoff(self.count)
        if self.out.deadline is not None and HOOKS.clock() + delay + MIN_ATTEMPT_SECONDS >= self.out.deadline:
            return False
        if not self.budget.try_spend():
            return False
        if self.call_budget is not None and not self.call_budget.spend():
            return False  # a retry is a backend call too: the request's budget must pay for it
        count_retry(self.out.service)
        HOOKS.sleep(delay)
        return True

    def circuit_open(self) -> requests.Response:
        """While open, a cacheable read may still be answered from the cache (fresh or stale-if-error)."""
        if self.out.cache_ttl is not None:
            cached = send_once(self.session, self.out, self.out.timeout, only_if_cached=True)
            if getattr(cached, "from_cache", False) and cached.status_code == 200:
                return cached
        raise UpstreamUnavailable(
            f"The {self.out.service} service is unavailable.", reason="CIRCUIT_OPEN",
            service=self.out.service, developer_message=f"{self.out.what}: circuit breaker open",
        )

    def run(self) -> requests.Response:
        while True:
            self.count += 1
            timeout = call_timeout(self.out, HOOKS.clock())
            if not self.breaker.allow():
                return self.circuit_open()
            try:
                response = send_once(self.session, self.out, timeout)
            except (UpstreamTimeout, UpstreamUnavailable) as err:
                if not backend_at_fault(err, timeout, self.out.timeout):
                    self.breaker.release()
                    raise
                self.breaker.record_failure()
                set_up(self.out.service, False)
                if self.may_retry():
                    continue
                raise
            except BaseException:
                self.breaker.release()
                raise
            status = response.status_code
            (self.breaker.record_failure if status >= 500 else self.breaker.record_success)()
            set_up(self.out.service, status not in RETRY_STATUSES)
            if status in RETRY_STATUSES and not getattr(response, "from_cache", False) and self.may_retry():
                response.close()
                continue
            return response


def execute(session: requests.Session, out: Outgoing, *, breaker: CircuitBreaker, retry: RetryOptions,
            budget: RetryBudget, call_budget: CallBudget | None = None) -> Reply:
    """Send ``out`` with every safeguard and return the unwrapped answer (or raise a MonoqlError).

    ``budget`` is the worker's retry budget; ``call_budget`` the request's, already charged for the
    first attempt, and charged again for each retry.
    """
    budget.deposit()
    attempts = Attempts(session, out, breaker, retry, budget, call_budget)
    started = time.perf_counter()
    status: int | None = None
    kind: str | None = None
    cache_hit: bool | None = None
    try:
        response = attempts.run()
        status = response.status_code
        if out.cache_ttl is not None:
            cache_hit = bool(getattr(response, "from_cache", False))
        return unwrap(out.service, response, what=Described(out))
    except MonoqlError as err:
        kind = error_kind(err)
        raise
    finally:
        record_call(service=out.service, method=out.method, route=out.route, status=status, kind=kind,
                    duration=time.perf_counter() - started, cache_hit=cache_hit,
                    request_id=out.request_id, attempts=attempts.count)
