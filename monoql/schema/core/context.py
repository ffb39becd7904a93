"""The per-request context every resolver receives as `info.context`.

It holds what the request is about: its HTTP side (headers, cookies, client address, host), the caller
(JWT, claims, where the JWT came from), what the response carries beside the data (cookies to set,
errors of fields that still answered) and the typed state domains keep for the rest of the request.
How the request reaches the backends (clients, scheduler, loaders) is its `backends`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, ParamSpec, TypeVar, cast

from graphql import GraphQLError
from graphql_sync_dataloaders import SyncFuture
from werkzeug.datastructures import Headers

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.config import Settings
from monoql.schema.core.backends import Backends
from monoql.schema.core.loaders import AnswerByCallLoader, BatchScheduler, Loader

LoaderT = TypeVar("LoaderT", bound=Loader[Any, Any])
P = ParamSpec("P")
R = TypeVar("R")
StateT = TypeVar("StateT")
JwtSource = Literal["bearer", "cookie"]


@dataclass
class CookieOp:
    """A cookie to set (value) or delete (value None) on the response."""

    name: str
    value: str | None
    max_age: int | None = None


@dataclass
class RequestContext:
    settings: Settings
    request_id: str
    deadline: float
    headers: Headers
    cookies: Mapping[str, str]
    client_ip: str | None
    host: str
    jwt: str | None = None
    claims: dict[str, Any] | None = None
    jwt_source: JwtSource | None = None
    cookie_ops: list[CookieOp] = field(default_factory=list)
    extra_errors: list[GraphQLError] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.backends = Backends(
            self.settings, jwt=self.jwt, claims=self.claims, request_id=self.request_id,
            deadline=self.deadline,
        )
        self._state: dict[type, object] = {}

    # -- identity -------------------------------------------------------------------------
    @property
    def user_id(self) -> str | None:
        user = (self.claims or {}).get("user") or {}
        value = user.get("id") if isinstance(user, dict) else None
        return str(value) if value else None

    @property
    def is_supreme(self) -> bool:
        return bool((self.claims or {}).get("isSupreme"))

    @property
    def is_admin(self) -> bool:
        claims = self.claims or {}
        return bool(claims.get("isAdmin") or claims.get("isSupreme"))

    def set_session(
        self, jwt: str, claims: dict[str, Any], *, store_cookie: bool, keep_loaders: bool = False
    ) -> None:
        """Make `jwt` the request JWT for the rest of the request; optionally store it in the cookie.

        `keep_loaders` is for a refreshed token of the same user: reads already made stay valid.
        """
        self.jwt, self.claims = jwt, claims
        # Cached reads were made as the previous caller, unless it is the same user.
        self.backends.act_as(jwt, claims, keep_reads=keep_loaders)
        if store_cookie:
            self.jwt_source = "cookie"
            self.set_cookie(self.settings.session.cookie_name, jwt)

    def clear_session(self) -> None:
        """Anonymous from now on, and the session cookie is deleted."""
        self.jwt = self.claims = self.jwt_source = None
        self.backends.act_as(None, None)
        self.delete_cookie(self.settings.session.cookie_name)

    def report_error(self, error: GraphQLError) -> None:
        """Add an error to the response for a field that still answers with a value."""
        self.extra_errors.append(error)

    # -- cookies --------------------------------------------------------------------------
    def set_cookie(self, name: str, value: str, *, max_age: int | None = None) -> None:
        self.cookie_ops.append(CookieOp(name, value, max_age))

    def delete_cookie(self, name: str) -> None:
        self.cookie_ops.append(CookieOp(name, None))

    # -- what a domain remembers for the rest of the request ------------------------------
    def state(self, state_class: type[StateT]) -> StateT:
        """The request's one `state_class()`, made on first use; the domain that defines the class owns it."""
        existing = self._state.get(state_class)
        if existing is None:
            existing = self._state[state_class] = state_class()
        return cast(StateT, existing)

    # -- backend access (kept in `backends`; the context is the host its loaders see) -------
    @property
    def upstream(self) -> CallContext:
        return self.backends.call

    @property
    def clients(self) -> Clients:
        return self.backends.clients

    @property
    def scheduler(self) -> BatchScheduler:
        return self.backends.scheduler

    @property
    def batching(self) -> bool:
        return self.backends.batching

    def loader(self, loader_class: type[LoaderT]) -> LoaderT:
        return self.backends.loader(loader_class, self)

    def fetch(self, method: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> SyncFuture:
        """`method(*args, **kwargs)` (a client method of this request) as a future of its answer.

        The call joins the request's next batch, and an identical call in the same request is made once.
        """
        return self.loader(AnswerByCallLoader).load((method, args, tuple(sorted(kwargs.items()))))
