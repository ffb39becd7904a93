"""urllib3 connections and pools whose answers are read by :class:`LeanResponse` (lean_response.py).

The same urllib3 connection pool and ``HTTPAdapter.send`` stay in place (so `responses` still mocks
every call in the unit tests, and timeouts, pooling, stale kept-alive sockets and error translation
are urllib3's and requests' as before); only the object ``http.client.HTTPConnection.getresponse``
builds is replaced, by a :class:`LeanResponse`. A HEAD request keeps the stdlib response: llhttp
cannot be told that a HEAD answer's ``Content-Length`` announces no body.

The head of a common request is written in one piece, byte for byte what ``http.client``'s
``putrequest``/``putheader``/``endheaders`` would send; any other request goes the stock way.
"""

from __future__ import annotations

import http.client
import socket
from functools import lru_cache
from typing import Any

from requests.structures import CaseInsensitiveDict
from urllib3._base_connection import _ResponseOptions
from urllib3._collections import HTTPHeaderDict
from urllib3.connection import HTTPConnection, HTTPSConnection, _get_default_user_agent
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.response import HTTPResponse

from monoql.clients.lean_response import LeanResponse
from monoql.clients.lean_urlopen import LeanUrlopenMixin
from monoql.clients.send_ahead import connect_aside, park, read_timeout_left


def _response_class(sock: socket.socket, debuglevel: int = 0, method: str | None = None) -> Any:
    if method == "HEAD":
        return http.client.HTTPResponse(sock, debuglevel, method=method)
    return LeanResponse(sock, method)


# Methods whose body-less request urllib3 announces with "Content-Length: 0".
_METHODS_EXPECTING_BODY = frozenset({"PATCH", "POST", "PUT"})
# A bytes body up to this size goes out in the same write as the head.
_JOIN_BODY_MAX = 65536


@lru_cache(maxsize=1024)  # header names, methods and hosts: the same few on every call
def _plain(text: str) -> bool:
    """ASCII without control characters or spaces: safe on a request line or as a header name."""
    return text.isascii() and text.isprintable() and " " not in text and ":" not in text


def _plain_url(url: str) -> bool:
    """ASCII without control characters or spaces (what http.client refuses in a request's URL)."""
    return url.isascii() and url.isprintable() and " " not in url


class LeanConnectionMixin:
    """urllib3's connection with a leaner request writer and :class:`LeanResponse` for the answer.

    ``request`` writes the head of a common call (a body that is absent or bytes, a path URL, plain
    header names and values, no proxy tunnel, not HEAD) in one piece, byte for byte what
    ``http.client``'s ``putrequest``/``putheader``/``endheaders`` would send, instead of one method
    call and two validations per header; any other request goes the stock way. Both ways end in
    ``getresponse``.
    """

    response_class = staticmethod(_response_class)
    _lean_sent = False

    def request(self, method: str, url: str, body: Any = None, headers: Any = None, *,
                chunked: bool = False, preload_content: bool = True, decode_content: bool = True,
                enforce_content_length: bool = True) -> None:
        conn: Any = self
        head = self._lean_head(method, url, body, headers, chunked)
        if head is None:
            self._lean_sent = False
            conn_super: Any = super()
            conn_super.request(method, url, body=body, headers=headers, chunked=chunked,
                               preload_content=preload_content, decode_content=decode_content,
                               enforce_content_length=enforce_content_length)
            return
        # What urllib3's request does first: the timeout on a reused socket, the response's options.
        if conn.sock is not None:
            conn.sock.settimeout(conn.timeout)
        conn._response_options = _ResponseOptions(
            request_method=method, request_url=url, preload_content=preload_content,
            decode_content=decode_content, enforce_content_length=enforce_content_length,
        )
        self._lean_sent = True
        if conn.sock is None:
            connect_aside(conn.connect)  # http.client connects on the first send
        if body and len(body) <= _JOIN_BODY_MAX:
            conn.sock.sendall(head + body)
            return
        conn.sock.sendall(head)
        if body:
            conn.sock.sendall(body)

    def _lean_head(self, method: str, url: str, body: Any, headers: Any, chunked: bool) -> bytes | None:
        """The request's head as http.client would write it, or None for a request to send the stock way."""
        conn: Any = self
        if (chunked or method == "HEAD" or conn._tunnel_host or not (body is None or type(body) is bytes)
                or not url.startswith("/") or not _plain_url(url) or not _plain(method)):
            return None
        host, port = conn.host, conn.port
        if ":" in host or not _plain(host):
            return None  # an IPv6 literal or a name needing IDNA: http.client's own Host rules
        pairs = _pairs(headers)
        given = {name.lower() for name, _ in pairs}
        if "transfer-encoding" in given and "content-length" not in given:
            return None  # urllib3 would send the body chunked
        lines = [f"{method} {url} {conn._http_vsn_str}"]
        if "host" not in given:
            lines.append(f"Host: {host}" if port == conn.default_port else f"Host: {host}:{port}")
        if "accept-encoding" not in given:
            lines.append("Accept-Encoding: identity")
        if "content-length" not in given and "transfer-encoding" not in given:
            if body is not None:
                lines.append(f"Content-Length: {len(body)}")
            elif method in _METHODS_EXPECTING_BODY:
                lines.append("Content-Length: 0")
        if "user-agent" not in given:
            lines.append(f"User-Agent: {_get_default_user_agent()}")
        for name, value in pairs:
            if type(value) is not str or not _plain(name) or "\r" in value or "\n" in value:
                return None  # http.client's own checks (and their errors) for anything unusual
            lines.append(f"{name}: {value}")
        lines.append("\r\n")
        try:
            return "\r\n".join(lines).encode("latin-1")
        except UnicodeEncodeError:
            return None

    def getresponse(self) -> HTTPResponse:
        conn: Any = self
        # The request is on its way: a call of a wave lets the next call write its own meanwhile.
        parked = park(conn.sock, conn.timeout) if conn.sock is not None else 0.0
        if parked:
            conn.timeout = read_timeout_left(conn.timeout, parked)
        if not self._lean_sent and conn._method == "HEAD":
            response: HTTPResponse = super().getresponse()  # type: ignore[misc]
            return response
        # What urllib3's getresponse does around http.client's (see its source): the options of the
        # request just sent, the read timeout on the socket, the socket's shutdown for the response.
        options = conn._response_options
        if options is None:
            raise http.client.ResponseNotReady()
        conn._response_options = None
        conn.sock.settimeout(conn.timeout)
        shutdown = getattr(conn.sock, "shutdown", None)
        if self._lean_sent:
            self._lean_sent = False
            raw = self._read_answer(conn)
        else:
            # http.client's getresponse after its own request writer: ``response_class`` builds
            # the response; on a ConnectionError or an answer that will close, it closes.
            raw = http.client.HTTPConnection.getresponse(conn)  # type: ignore[assignment]
        return HTTPResponse(
            body=raw,  # type: ignore[arg-type]  # a file-like object, as urllib3 expects
            headers=_header_dict(raw.headers),
            status=raw.status,
            version=raw.version,
            version_string=getattr(conn, "_http_vsn_str", "HTTP/?"),
            reason=raw.reason,
            preload_content=options.preload_content,
            decode_content=options.decode_content,
            # urllib3 returns the connection to its pool once a read finds this closed; requests
            # reads Set-Cookie from it (skipped for an answer without one: lean_adapter.py).
            original_response=raw,  # type: ignore[arg-type]
            enforce_content_length=options.enforce_content_length,
            request_method=options.request_method,
            request_url=options.request_url,
            sock_shutdown=shutdown,
        )

    @staticmethod
    def _read_answer(conn: Any) -> LeanResponse:
        """What ``http.client.HTTPConnection.getresponse`` does, for a request written by ``request``."""
        response = LeanResponse(conn.sock, conn._method)
        try:
            try:
                response.begin()
            except ConnectionError:
                conn.close()
                raise
            if response.will_close:
                conn.close()
            return response
        except BaseException:
            response.close()
            raise


# The mixin's signatures are urllib3's (with ``Any`` where urllib3 is more precise).
class LeanHTTPConnection(LeanConnectionMixin, HTTPConnection):  # type: ignore[misc]
    pass


class LeanHTTPSConnection(LeanConnectionMixin, HTTPSConnection):  # type: ignore[misc]
    pass


# urlopen: the adapter's call the short way (lean_urlopen.py).
class LeanHTTPConnectionPool(LeanUrlopenMixin, HTTPConnectionPool):  # type: ignore[misc]
    ConnectionCls = LeanHTTPConnection


class LeanHTTPSConnectionPool(LeanUrlopenMixin, HTTPSConnectionPool):  # type: ignore[misc]
    ConnectionCls = LeanHTTPSConnection


POOL_CLASSES_BY_SCHEME: dict[str, type[HTTPConnectionPool]] = {
    "http": LeanHTTPConnectionPool,
    "https": LeanHTTPSConnectionPool,
}


def _pairs(headers: Any) -> list[tuple[Any, Any]]:
    """The request's headers as (name, value) pairs. requests hands urllib3 a CaseInsensitiveDict, whose
    store holds the pairs: read there, not through one ``__getitem__`` per name."""
    if type(headers) is CaseInsensitiveDict:
        return list(headers._store.values())  # type: ignore[attr-defined]  # lower-case name → (name, value)
    return list(headers.items()) if headers else []


def _header_dict(headers: list[tuple[str, str]]) -> HTTPHeaderDict:
    """The answer's headers as urllib3 keeps them, repeated names combined as it combines them.

    ``HTTPHeaderDict(pairs)`` first asks whether the pairs are a ``typing.Mapping`` (a slow check of a
    generic alias) for every answer; the pairs are a list, so they are added as ``extend`` adds them.
    """
    built = HTTPHeaderDict()
    for name, value in headers:
        built.add(name, value)
    return built
