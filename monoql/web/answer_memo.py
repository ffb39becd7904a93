"""Remembered query answers, served only once their backend calls have been made again and answered the same.

A presale surge is thousands of fans asking for the same landing page: the same document and
variables, no session. Executing it again costs far more CPU than its two backend calls. An answer
is remembered with the calls it was computed from (`monoql.clients.call_trace`); the next identical
request makes those calls again, with every safeguard a call has (budget, breaker, retries,
deadline, the short cache of public reads, metrics, logs), and when every answer is the same as
the remembered one the remembered answer is the answer: it is never older than its backend reads,
and the backends see exactly the calls an execution would make. When an answer differs, the query is
executed with the answers already fetched, none is fetched twice, and what it answers is remembered.

Who may share an answer: the key holds the document, the operation, the variables, the caller's
token, the host and the values of the cookies the gateway reads. An answer is remembered only when
it has no error, sets no cookie, read no header or client address (`HttpFacts.client_specific_read`)
and every one of its calls was recorded. Queries only; bounded by entries and bytes when written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

import orjson
from graphql import ExecutionResult

from monoql.bounded_cache import BoundedCache
from monoql.clients.base import BackendClient
from monoql.clients.call_trace import CallSpec, CallTrace, TracedCall, fingerprint, waves
from monoql.clients.envelope import Reply
from monoql.config import Settings
from monoql.metrics import count_answer_memo
from monoql.schema.core.context import RequestContext
from monoql.schema.core.loaders import run_at_once
from monoql.schema.core.login import SOTC_COOKIE, TMUO_COOKIE
from monoql.schema.viewer.session import needs_refresh

#: document text, operation name, variables (JSON, keys sorted), caller's token, host, gateway cookies
MemoKey = tuple[str, str | None, bytes, str | None, str, tuple[str | None, ...]]


@dataclass(frozen=True)
class Remembered:
    """An answer's `data`, as the JSON it is answered with, and the calls it was computed from.

    Kept encoded: its size is then exactly what it holds, and a hit writes it into the response as it
    is (`orjson.Fragment`) instead of encoding the same objects again.
    """

    data: bytes
    calls: tuple[TracedCall, ...]
    size: int


class AnswerMemo:
    """The worker's remembered answers (one per app, so one per worker)."""

    def __init__(self, settings: Settings) -> None:
        performance = settings.performance
        enabled = performance.caches and performance.batching
        self.settings = settings
        self.enabled = enabled and performance.answer_memo_size > 0
        self.seconds = performance.answer_memo_seconds
        self._cookies = (
            settings.session.cookie_name, settings.password_cookie.name, SOTC_COOKIE, TMUO_COOKIE
        )
        self._cache: BoundedCache[MemoKey, tuple[Remembered, float]] = BoundedCache(
            max_entries=performance.answer_memo_size if self.enabled else 0,
            max_bytes=performance.answer_memo_bytes,
            size_of=lambda key, value: value[0].size + _key_size(key),
            expires_at=lambda key, value: value[1],
        )

    def key(
        self, ctx: RequestContext, text: str, operation_name: str | None, variables: Any
    ) -> MemoKey | None:
        """The answer's key, or None when this request's answer may not be remembered or served."""
        if not self.enabled or ctx.response.cookie_ops or needs_refresh(ctx):
            return None
        try:
            encoded = orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # an uploaded file: mutations only, but never assume
            return None
        cookies = tuple(ctx.http.cookies.get(name) for name in self._cookies)
        return text, operation_name, encoded, ctx.caller.jwt, ctx.http.host, cookies

    def answer(
        self, key: MemoKey, ctx: RequestContext, execute: Callable[[], ExecutionResult]
    ) -> ExecutionResult:
        """The remembered answer when its calls answer the same again, else `execute()` (remembered)."""
        found = self._cache.get(key)
        if found is not None:
            if replay(found[0].calls, ctx):
                count_answer_memo("hit")
                return ExecutionResult(cast(Any, orjson.Fragment(found[0].data)), None)
            count_answer_memo("changed")
        else:
            count_answer_memo("miss")
        call = ctx.backends.call
        trace = call.trace = CallTrace()
        ctx.http.client_specific_read = False  # what the execution reads, not what made the context
        try:
            result = execute()
        finally:
            call.trace, call.prefetched = None, None
        if _rememberable(result, ctx, trace, key):
            self._remember(key, result.data or {}, trace)
        return result

    def skipped(self) -> None:
        if self.enabled:
            count_answer_memo("skipped")

    def _remember(self, key: MemoKey, data: dict[str, Any], trace: CallTrace) -> None:
        try:
            encoded = orjson.dumps(data)
        except TypeError:  # orjson cannot write it (depth, big integers): answered by the stdlib, not kept
            return
        calls = tuple(trace.calls)
        size = len(encoded) + sum(len(traced.answer) + 256 for traced in calls)
        # Expiries are on `BoundedCache`'s clock, the wall clock.
        self._cache.put(key, (Remembered(encoded, calls, size), time.time() + self.seconds))

    def __len__(self) -> int:
        return len(self._cache)


def _rememberable(result: ExecutionResult, ctx: RequestContext, trace: CallTrace, key: MemoKey) -> bool:
    return (
        result.data is not None and not result.errors and trace.complete
        and not ctx.response.errors and not ctx.response.cookie_ops
        and not ctx.http.client_specific_read and ctx.caller.jwt == key[3]
    )


def _key_size(key: MemoKey) -> int:
    text, name, variables, jwt, host, cookies = key
    return (len(text) + len(name or "") + len(variables) + len(jwt or "") + len(host)
            + sum(len(value or "") for value in cookies))


def replay(calls: tuple[TracedCall, ...], ctx: RequestContext) -> bool:
    """Make the remembered calls again, wave by wave; True when every answer is the same.

    At the first wave with a different answer (or a failed call) it stops: the outcomes so far are
    handed to the request (`CallContext.prefetched`) for its execution, and no later wave is made.
    """
    backends = ctx.backends
    prefetched: dict[CallSpec, Reply | Exception] = {}
    for wave in waves(calls):
        outcomes = _make_wave(wave, ctx)
        same = True
        for traced, outcome in zip(wave, outcomes, strict=True):
            prefetched[traced.spec] = outcome
            if isinstance(outcome, Exception) or fingerprint(outcome) != traced.answer:  # None never equals
                same = False
        if not same:
            backends.call.prefetched = prefetched
            return False
    return True


def _make_wave(wave: list[TracedCall], ctx: RequestContext) -> list[Reply | Exception]:
    settings = ctx.settings
    clients: dict[type, BackendClient] = {}
    for traced in wave:
        if traced.spec.client not in clients:
            clients[traced.spec.client] = traced.spec.client(settings, ctx.backends.call)
    return run_at_once([partial(_make, clients[traced.spec.client], traced.spec) for traced in wave],
                       concurrency=settings.performance.concurrency,
                       pool_size=settings.upstream.max_concurrency)


def _make(client: BackendClient, spec: CallSpec) -> Reply | Exception:
    """One remembered call, made again through its client as the execution would make it."""
    try:
        reply: Reply = client.request(spec.method, spec.route, **spec.arguments())
    except Exception as exc:  # any failure is the execution's to report, on the fields that need it
        return exc
    return reply
