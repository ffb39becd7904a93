"""The per-request context every resolver receives as `info.context`.

It composes what a resolver may need of its request, each part with one job: `http`, what the HTTP
request says (headers, cookies, client address, host); `caller`, who the request runs as;
`response`, what the response carries beside the data (cookies, errors of fields that still
answered); `backends`, how the request reaches the backends (clients, scheduler, loaders); and the
typed state each domain keeps for the rest of the request (`state`). A new session (login, sliding,
logout) is the one change that touches several parts, so it is made here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast

from graphql_sync_dataloaders import SyncFuture

from monoql.clients import Clients
from monoql.config import Settings
from monoql.schema.core.backends import Backends
from monoql.schema.core.caller import ANONYMOUS, Caller
from monoql.schema.core.http import HttpFacts, ResponseExtras
from monoql.schema.core.loaders import AnswerByCallLoader, Loader

LoaderT = TypeVar("LoaderT", bound=Loader[Any, Any])
P = ParamSpec("P")
R = TypeVar("R")
StateT = TypeVar("StateT")


class RequestContext:
    def __init__(
        self, settings: Settings, *, request_id: str, deadline: float, http: HttpFacts,
        caller: Caller = ANONYMOUS,
    ) -> None:
        self.settings = settings
        self.request_id = request_id
        self.http = http
        self.caller = caller
        self.response = ResponseExtras()
        self.backends = Backends(
            settings, caller, request_id=request_id, deadline=deadline, client_ip=http.client_ip
        )
        self._state: dict[type, object] = {}

    # -- the session ------------------------------------------------------------------------
    def set_session(
        self, jwt: str, claims: dict[str, Any], *, store_cookie: bool, keep_loaders: bool = False
    ) -> None:
        """Run as `jwt` for the rest of the request; optionally store it in the session cookie.

        `keep_loaders` is for a refreshed token of the same user: reads already made stay valid.
        """
        self.caller = Caller(jwt, claims, "cookie" if store_cookie else self.caller.source)
        # Cached reads were made as the previous caller, unless it is the same user.
        self.backends.act_as(self.caller, keep_reads=keep_loaders)
        if store_cookie:
            self.response.set_cookie(self.settings.session.cookie_name, jwt)

    def clear_session(self) -> None:
        """Anonymous from now on, and the session cookie is deleted."""
        self.caller = ANONYMOUS
        self.backends.act_as(ANONYMOUS)
        self.response.delete_cookie(self.settings.session.cookie_name)

    # -- what a domain remembers for the rest of the request --------------------------------
    def state(self, state_class: type[StateT]) -> StateT:
        """The request's one `state_class()`, made on first use; the domain that defines the class owns it."""
        existing = self._state.get(state_class)
        if existing is None:
            existing = self._state[state_class] = state_class()
        return cast(StateT, existing)

    # -- the backends, as resolvers reach them ----------------------------------------------
    @property
    def clients(self) -> Clients:
        return self.backends.clients

    def loader(self, loader_class: type[LoaderT]) -> LoaderT:
        return self.backends.loader(loader_class)

    def fetch(self, method: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> SyncFuture:
        """`method(*args, **kwargs)` (a client method of this request) as a future of its answer.

        The call joins the request's next batch, and an identical call in the same request is made once.
        """
        return self.loader(AnswerByCallLoader).load((method, args, tuple(sorted(kwargs.items()))))
