"""Base of every backend client: call context, headers, URL and query building, one ``request`` method.

A client is built per GraphQL request as ``XClient(settings, call)`` and is cheap: the HTTP session,
circuit breakers and retry budget are per-process objects shared by every client of the worker.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from typing import Any, ClassVar
from urllib.parse import quote

from monoql.clients.budget import CallBudget
from monoql.clients.call_trace import CallSpec, CallTrace, call_spec
from monoql.clients.envelope import Reply, expect_dict, expect_list
from monoql.clients.http_session import get_session
from monoql.clients.options import LONG_READ_TIMEOUT, ServiceOptions, caches_enabled, service_options
from monoql.clients.resilience import RetryOptions, breaker_for, retry_budget
from monoql.clients.transport import Outgoing, execute
from monoql.errors import BadRequest, BadUserInput

_PATH_PARAM = re.compile(r":([A-Za-z][A-Za-z0-9_]*)")

QueryValue = str | int | float | bool | list[Any] | tuple[Any, ...] | None


@dataclass
class CallContext:
    """Who calls and for which GraphQL request: the forwarded JWT, the caller's address, the correlation
    id, the deadline.

    ``deadline`` is a :func:`time.monotonic` value; every call's timeout is capped by what is left.
    Mutable on purpose: after ``authenticate`` the request continues with the new JWT, and clients
    read ``jwt`` at call time.
    """

    jwt: str | None = None
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    deadline: float | None = None
    #: The request's backend-call budget; None (health checks, scripts) is unlimited.
    budget: CallBudget | None = None
    #: The client address as our proxies saw it: logged with what a call refused (a guessed password).
    client_ip: str | None = None
    #: Records every call and its answer while a remembered answer is being made (answer memo).
    trace: CallTrace | None = None
    #: Outcomes of calls already made for this request (a remembered answer that changed): each is
    #: taken once, in place of making its call again.
    prefetched: dict[CallSpec, Reply | Exception] | None = None


@lru_cache(maxsize=1)
def user_agent() -> str:
    """``monoql/<installed version>`` (``monoql/0`` when the package metadata is missing)."""
    try:
        version = metadata.version("monoql")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"monoql/{version}"


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(_query_text(item) for item in value)
    return str(value)


def query(**params: QueryValue) -> list[tuple[str, str]]:
    """Query parameters as backends expect them: None left out, ``true``/``false``, lists comma-joined."""
    return [(name, _query_text(value)) for name, value in params.items() if value is not None]


@lru_cache(maxsize=512)  # route templates are constants of the client modules: a closed set
def _template(route: str) -> tuple[str, ...]:
    """The route split into literal text (even positions) and parameter names (odd positions)."""
    return tuple(_PATH_PARAM.split(route))


def expand(route: str, path: Mapping[str, Any] | None = None) -> str:
    """Fill ``:name`` segments of a route template; every value is percent-encoded as one segment."""
    parts = _template(route)
    if len(parts) == 1:
        return route
    values = path or {}
    filled = list(parts)
    for index in range(1, len(parts), 2):
        name = parts[index]
        value = values.get(name)
        text = "" if value is None else str(value)
        if text in ("", ".", ".."):
            raise BadUserInput(f"Invalid value for {name}.", reason="INVALID_ID", field=name)
        filled[index] = quote(text, safe="")
    return "".join(filled)


class BackendClient:
    """Calls one backend with the caller's JWT, correlation id, timeouts, retries, breaker and cache."""

    service: ClassVar[str] = ""

    def __init__(self, settings: Any, call: CallContext) -> None:
        self.settings = settings
        self.call = call
        self.options: ServiceOptions = service_options(settings, self.service)
        self.retry = RetryOptions.from_settings(settings)

    def headers(self, *, auth: bool = True) -> dict[str, str]:
        """Headers of every call (docs/backends.md §2); ``Authorization`` only with a JWT and ``auth``."""
        headers = {
            "X-Correlation-ID": self.call.request_id,
            "User-Agent": user_agent(),
            "Accept": "application/json",
        }
        if auth and self.call.jwt:
            headers["Authorization"] = f"Bearer {self.call.jwt}"
        return headers

    def _cache_ttl(self, cacheable: bool) -> float | None:
        if not cacheable or not caches_enabled(self.settings) or self.options.cache_ttl <= 0:
            return None
        return self.options.cache_ttl

    def request(
        self,
        method: str,
        route: str,
        *,
        path: Mapping[str, Any] | None = None,
        params: list[tuple[str, str]] | None = None,
        json: Any = None,
        data: Any = None,
        content_type: str | None = None,
        auth: bool = True,
        long_read: bool = False,
        cacheable: bool = False,
    ) -> Reply:
        """Send one call to this backend and return the unwrapped answer, or raise a MonoqlError.

        ``route`` is the path template (also the metrics label); ``long_read`` selects the 60 s read
        timeout of uploads and triggers; ``cacheable`` opts a public read into the worker cache.
        """
        call = self.call
        spec: CallSpec | None = None
        if call.trace is not None or call.prefetched:
            spec = call_spec(type(self), method, route, path=path, params=params, json=json, data=data,
                             content_type=content_type, auth=auth, long_read=long_read, cacheable=cacheable)
        try:
            reply = self._prefetched(spec) if call.prefetched else None
            if reply is None:
                reply = self._send(method, route, path=path, params=params, json=json, data=data,
                                   content_type=content_type, auth=auth, long_read=long_read,
                                   cacheable=cacheable)
        except BaseException:
            if call.trace is not None:
                call.trace.failed()
            raise
        if call.trace is not None:
            call.trace.record(spec, reply)
        return reply

    def _prefetched(self, spec: CallSpec | None) -> Reply | None:
        """The outcome of this call when the request made it already (raised if it failed)."""
        outcome = self.call.prefetched.pop(spec, None) if self.call.prefetched and spec else None
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _send(
        self, method: str, route: str, *, path: Mapping[str, Any] | None,
        params: list[tuple[str, str]] | None, json: Any, data: Any, content_type: str | None, auth: bool,
        long_read: bool, cacheable: bool,
    ) -> Reply:
        headers = self.headers(auth=auth)
        if content_type:
            headers["Content-Type"] = content_type
        read = LONG_READ_TIMEOUT if long_read else self.options.read_timeout
        out = Outgoing(
            service=self.service, method=method, route=route,
            url=self.options.url + expand(route, path), headers=headers,
            timeout=(self.options.connect_timeout, read), request_id=self.call.request_id,
            deadline=self.call.deadline, params=params or None, json=json, data=data,
            cache_ttl=self._cache_ttl(cacheable),
        )
        budget = self.call.budget
        if budget is not None and not budget.spend():
            raise BadRequest(
                f"The {self.service} service was not called: the request made all the backend calls it may.",
                reason="BACKEND_BUDGET_EXCEEDED", service=self.service,
            )
        retry = self.retry
        return execute(get_session(self.settings), out, breaker=breaker_for(self.service, self.settings),
                       retry=retry, budget=retry_budget(retry), call_budget=budget)

    def get_dict(self, route: str, **kwargs: Any) -> dict[str, Any]:
        return expect_dict(self.service, self.request("GET", route, **kwargs).payload, f"GET {route}")

    def get_list(self, route: str, **kwargs: Any) -> list[Any]:
        return expect_list(self.service, self.request("GET", route, **kwargs).payload, f"GET {route}")

    def send_dict(self, method: str, route: str, **kwargs: Any) -> dict[str, Any]:
        return expect_dict(self.service, self.request(method, route, **kwargs).payload, f"{method} {route}")

    def send_list(self, method: str, route: str, **kwargs: Any) -> list[Any]:
        return expect_list(self.service, self.request(method, route, **kwargs).payload, f"{method} {route}")
