"""The HTTP side of a request as resolvers see it: what the request says beside the operation, and what
the response carries beside the data. The web layer fills the first and writes the second."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graphql import GraphQLError
from werkzeug.datastructures import Headers


class HttpFacts:
    """The request's headers, cookies, client address (docs/caller.md §2) and the host it was sent to.

    Reading the headers or the client address marks the facts as `client_specific_read`: an answer
    computed from them belongs to this one client and is never remembered for another
    (`monoql.web.answer_memo`, which keys remembered answers on the host and the gateway's cookies).
    """

    __slots__ = ("_client_ip", "_headers", "client_specific_read", "cookies", "host")

    def __init__(
        self, headers: Headers, cookies: Mapping[str, str], client_ip: str | None, host: str
    ) -> None:
        self._headers = headers
        self.cookies = cookies
        self._client_ip = client_ip
        self.host = host
        self.client_specific_read = False

    @property
    def headers(self) -> Headers:
        self.client_specific_read = True
        return self._headers

    @property
    def client_ip(self) -> str | None:
        self.client_specific_read = True
        return self._client_ip


@dataclass(frozen=True)
class CookieOp:
    """A cookie to set (value) or delete (value None) on the response."""

    name: str
    value: str | None
    max_age: int | None = None


@dataclass
class ResponseExtras:
    """Cookies to set or delete, and the errors of fields that still answered with a value."""

    cookie_ops: list[CookieOp] = field(default_factory=list)
    errors: list[GraphQLError] = field(default_factory=list)

    def set_cookie(self, name: str, value: str, *, max_age: int | None = None) -> None:
        self.cookie_ops.append(CookieOp(name, value, max_age))

    def delete_cookie(self, name: str) -> None:
        self.cookie_ops.append(CookieOp(name, None))

    def report_error(self, error: GraphQLError) -> None:
        self.errors.append(error)
