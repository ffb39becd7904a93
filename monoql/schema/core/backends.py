"""How one request reaches the backends: the call context its clients send, the clients, the batch
scheduler, and the loaders made so far (one per class). It is the host every loader is built with
(`LoaderHost`): loaders see the clients and the scheduler, never the rest of the request."""

from __future__ import annotations

from typing import Any, TypeVar

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.clients.budget import CallBudget
from monoql.config import Settings
from monoql.schema.core.caller import Caller
from monoql.schema.core.loaders import BatchScheduler, Loader

LoaderT = TypeVar("LoaderT", bound=Loader[Any, Any])


def backend_call_limit(settings: Settings, caller: Caller) -> int:
    """`limits.maxBackendCalls` of the caller's kind: anonymous, fan or administrator."""
    calls = settings.limits.max_backend_calls
    if not caller.claims:
        return calls.anonymous
    return calls.administrator if caller.is_admin else calls.fan


class Backends:
    """The request's clients, scheduler and loaders, all acting as one caller (`call.jwt`)."""

    def __init__(
        self, settings: Settings, caller: Caller, *, request_id: str, deadline: float, client_ip: str | None
    ) -> None:
        self.settings = settings
        self.call = CallContext(
            jwt=caller.jwt, request_id=request_id, deadline=deadline, client_ip=client_ip,
            budget=CallBudget(backend_call_limit(settings, caller)),
        )
        self.clients = Clients(settings, self.call)
        self.scheduler = BatchScheduler(
            concurrency=settings.performance.concurrency,
            pool_size=settings.upstream.max_concurrency,
            call=self.call,
        )
        self.batching = settings.performance.batching
        self._loaders: dict[type[Loader[Any, Any]], Loader[Any, Any]] = {}

    def act_as(self, caller: Caller, *, keep_reads: bool = False) -> None:
        """Call as another caller from now on; reads made as the previous one are forgotten unless kept."""
        self.call.jwt = caller.jwt
        if caller.claims and self.call.budget is not None:
            self.call.budget.raise_to(backend_call_limit(self.settings, caller))
        if not keep_reads:
            self._loaders.clear()

    def loader(self, loader_class: type[LoaderT]) -> LoaderT:
        """The request's one `loader_class`, made on first use."""
        existing = self._loaders.get(loader_class)
        if existing is None:
            existing = self._loaders[loader_class] = loader_class(self)
        return existing  # type: ignore[return-value]
