"""How one request reaches the backends: the call context its clients send, the clients, the batch
scheduler, and the loaders made so far (one per class)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.clients.budget import CallBudget
from monoql.config import Settings
from monoql.schema.core.loaders import BatchScheduler, Loader, LoaderHost

LoaderT = TypeVar("LoaderT", bound=Loader[Any, Any])


def backend_call_limit(settings: Settings, claims: Mapping[str, Any] | None) -> int:
    """`limits.maxBackendCalls` of the caller's kind: anonymous, fan or administrator."""
    calls = settings.limits.max_backend_calls
    if not claims:
        return calls.anonymous
    return calls.administrator if claims.get("isAdmin") or claims.get("isSupreme") else calls.fan


class Backends:
    """The request's clients, scheduler and loaders, all acting as one caller (`call.jwt`)."""

    def __init__(
        self, settings: Settings, *, jwt: str | None, claims: Mapping[str, Any] | None, request_id: str,
        deadline: float,
    ) -> None:
        self.settings = settings
        self.call = CallContext(
            jwt=jwt, request_id=request_id, deadline=deadline,
            budget=CallBudget(backend_call_limit(settings, claims)),
        )
        self.clients = Clients(settings, self.call)
        self.scheduler = BatchScheduler(
            concurrency=settings.performance.concurrency,
            pool_size=settings.upstream.max_concurrency,
        )
        self.batching = settings.performance.batching
        self._loaders: dict[type[Loader[Any, Any]], Loader[Any, Any]] = {}

    def act_as(self, jwt: str | None, claims: Mapping[str, Any] | None, *, keep_reads: bool = False) -> None:
        """Call as another caller from now on; reads made as the previous one are forgotten unless kept."""
        self.call.jwt = jwt
        if claims and self.call.budget is not None:
            self.call.budget.raise_to(backend_call_limit(self.settings, claims))
        if not keep_reads:
            self._loaders.clear()

    def loader(self, loader_class: type[LoaderT], host: LoaderHost) -> LoaderT:
        """The request's one `loader_class`, built with `host` on first use."""
        existing = self._loaders.get(loader_class)
        if existing is None:
            existing = self._loaders[loader_class] = loader_class(host)
        return existing  # type: ignore[return-value]
