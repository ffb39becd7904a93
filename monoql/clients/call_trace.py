"""The backend calls one request made, in the order it made them, and the answers it got.

A query's answer is a function of its request (document, variables, caller, the request facts it
read) and of the answers of its backend calls, and each call is a function of the same request and
of the answers before it. So an answer remembered with the calls it was computed from
(`monoql.web.answer_memo`) is still the answer when the same request makes the same calls again and
gets the same answers: nothing has to be executed. Calls are grouped in *waves*: the calls of one
wave depend only on answers of earlier waves, so a wave is made at once, as the executor made it.

When an answer differs, the calls already made are not made again: their outcomes are handed to the
request (`CallContext.prefetched`), whose execution takes each one in place of its call.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from monoql.clients.envelope import Reply

#: Envelope `meta` keys that differ on every call (docs/backends.md §3) and carry nothing the gateway reads.
PER_CALL_META = frozenset({"timestamp", "correlationId"})


@dataclass(frozen=True)
class CallSpec:
    """One backend call as `BackendClient.request` was asked for it, hashable; `client` is the client
    class (its service), never the request's instance."""

    client: type
    method: str
    route: str
    path: tuple[tuple[str, Any], ...]
    params: tuple[tuple[str, str], ...] | None
    body_key: bytes | None  # the JSON body, encoded: what makes two calls with a body the same call
    data: Hashable
    content_type: str | None
    auth: bool
    long_read: bool
    cacheable: bool
    json: Any = field(default=None, compare=False, hash=False)

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments that make this call again with `BackendClient.request`."""
        return {
            "path": dict(self.path), "params": list(self.params) if self.params is not None else None,
            "json": self.json, "data": self.data, "content_type": self.content_type, "auth": self.auth,
            "long_read": self.long_read, "cacheable": self.cacheable,
        }


def call_spec(client: type, method: str, route: str, *, path: Mapping[str, Any] | None,
              params: list[tuple[str, str]] | None, json: Any, data: Any, content_type: str | None,
              auth: bool, long_read: bool, cacheable: bool) -> CallSpec | None:
    """The call as a `CallSpec`; None for a call that cannot be made again as it was (a form or
    file body, an argument that is not hashable)."""
    if data is not None and not isinstance(data, str | bytes):
        return None
    try:
        spec = CallSpec(
            client=client, method=method, route=route, path=tuple(sorted((path or {}).items())),
            params=tuple(params) if params is not None else None,
            body_key=orjson.dumps(json) if json is not None else None, data=data,
            content_type=content_type, auth=auth, long_read=long_read, cacheable=cacheable, json=json,
        )
        hash(spec)
    except (TypeError, orjson.JSONEncodeError):
        return None
    return spec


def fingerprint(reply: Reply) -> bytes | None:
    """What the gateway can read of an answer, as bytes: its payload and its `meta` but for the per-call
    stamps. Taken when the call returns, before anything reads (or changes) the payload. None for an
    answer orjson cannot write (nested past its depth limit, integers past 64 bits): never compared."""
    meta = reply.meta
    if meta:
        meta = {key: value for key, value in meta.items() if key not in PER_CALL_META}
    try:
        return orjson.dumps([reply.payload, meta or None])
    except (TypeError, orjson.JSONEncodeError):  # orjson's depth limit raises a plain TypeError
        return None


@dataclass(frozen=True)
class TracedCall:
    """A call of a trace: its wave, what was asked, and the fingerprint of the answer it got."""

    wave: int
    spec: CallSpec
    answer: bytes


class CallTrace:
    """Records the calls of one execution. The calls of one batch of the executor are made at once (one
    wave); a call made on its own is a wave of its own, since it may depend on the answer of the call
    just before it. Every call of a request is made on its thread (`monoql.clients.send_ahead`)."""

    def __init__(self) -> None:
        self.calls: list[TracedCall] = []
        #: False once a call could not be recorded or failed: such a trace is never replayed.
        self.complete = True
        self._wave = 0
        self._in_batch = False

    def begin_batch(self) -> None:
        """The calls from now until `end_batch` are independent of each other."""
        self._wave += 1
        self._in_batch = True

    def end_batch(self) -> None:
        self._wave += 1
        self._in_batch = False

    def record(self, spec: CallSpec | None, reply: Reply) -> None:
        answer = fingerprint(reply) if spec is not None else None
        if spec is None or answer is None:
            self.failed()
            return
        self.calls.append(TracedCall(self._wave, spec, answer))
        if not self._in_batch:
            self._wave += 1

    def failed(self) -> None:
        self.complete = False


def waves(calls: tuple[TracedCall, ...]) -> list[list[TracedCall]]:
    """The calls grouped by wave, in the order the waves were made."""
    grouped: list[list[TracedCall]] = []
    for traced in calls:
        if grouped and grouped[-1][0].wave == traced.wave:
            grouped[-1].append(traced)
        else:
            grouped.append([traced])
    return grouped
