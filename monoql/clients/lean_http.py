"""Backend answers read with llhttp (``httptools``) instead of ``http.client``'s header parser.

Every backend call's answer went through ``http.client.HTTPResponse.begin``: the status line read
line by line, then every header through the stdlib ``email`` package's ``FeedParser`` into an
``HTTPMessage``, and urllib3 copied those headers out again. That was about a sixth of a worker's
CPU on backend-heavy pages. Here the same urllib3 connection pool and ``HTTPAdapter.send`` stay in
place (so `responses` still mocks every call in the unit tests, and timeouts, pooling, stale
kept-alive sockets and error translation are urllib3's and requests' as before); only the object
``http.client.HTTPConnection.getresponse`` builds is replaced, by one that feeds the socket's bytes
to llhttp (the C parser uvicorn uses), which also undoes the chunked framing.

The request side is unchanged (``http.client``'s ``putrequest``/``putheader``). A HEAD request keeps
the stdlib response: llhttp cannot be told that a HEAD answer's ``Content-Length`` announces no body.

Failures keep the classes ``http.client`` raises, so urllib3 and requests translate them as before:
no answer at all is ``RemoteDisconnected``, an answer llhttp rejects is ``BadStatusLine`` (the status
line) or ``HTTPException`` (the rest of the head), a chunked body cut short is ``IncompleteRead``; a
body shorter than its ``Content-Length`` ends early and urllib3 raises its own ``IncompleteRead``.
"""

from __future__ import annotations

import http.client
import io
import socket
from typing import Any

import httptools
from urllib3._base_connection import _ResponseOptions
from urllib3._collections import HTTPHeaderDict
from urllib3.connection import HTTPConnection, HTTPSConnection, _get_default_user_agent
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.response import HTTPResponse

# One socket read: the whole answer of a typical backend call.
_READ_SIZE = 65536
# What http.client accepts in a head (100 header lines of at most 64 KiB each); a head past either
# bound is refused, as http.client refuses it.
_MAX_HEADERS = 100
_MAX_HEAD_BYTES = 100 * 65536


class LeanResponse:
    """The response ``http.client.HTTPConnection.getresponse`` builds (its ``response_class``).

    It offers what that method and urllib3's ``HTTPResponse`` use of an ``http.client``
    response: ``begin``, ``will_close``, ``read``/``read1``, ``close``/``isclosed``/``closed``.
    It deliberately has no ``fp`` attribute: urllib3 would then undo the chunked framing itself,
    which llhttp has already done.
    """

    def __init__(self, sock: socket.socket, method: str | None = None) -> None:
        # An unbuffered file on the socket, as http.client keeps one: it holds a reference, so a
        # connection that closes itself (``Connection: close``) leaves the socket open for this body.
        self._file: Any = sock.makefile("rb", buffering=0)
        self._parser = httptools.HttpResponseParser(self)
        self.status = 0
        self.reason = ""
        self.version = 11
        self.will_close = True
        self.headers: list[tuple[str, str]] = []
        self.set_cookie = False
        self._head_bytes = 0
        self._head_done = False
        self._complete = False
        self._to_eof = False  # no Content-Length and not chunked: the body ends when the socket does
        self._chunked = False
        self._body: list[bytes] = []
        self._body_len = 0
        self._method = method
        self._received: list[bytes] = []  # the head's bytes, for _hand_over
        self._stock: http.client.HTTPResponse | None = None

    # llhttp callbacks (called from inside ``feed_data``)

    def on_status(self, reason: bytes) -> None:
        if self._complete:
            return
        self.reason += reason.decode("iso-8859-1")  # in pieces when the line arrives in pieces

    def on_header(self, name: bytes, value: bytes) -> None:
        if self._complete:
            return
        if len(self.headers) >= _MAX_HEADERS:
            raise http.client.HTTPException(f"got more than {_MAX_HEADERS} headers")
        key = name.decode("iso-8859-1")
        self.headers.append((key, value.decode("iso-8859-1")))
        if len(key) == 10 and key.lower() == "set-cookie":
            self.set_cookie = True

    def on_headers_complete(self) -> None:
        if self._complete:
            return
        parser = self._parser
        status = parser.get_status_code()
        if status == 100:
            # http.client skips a "100 Continue" and reads the answer that follows it.
            self.headers, self.reason, self.set_cookie = [], "", False
            return
        self.status = status
        self.version = 10 if parser.get_http_version() == "1.0" else 11
        # Asked here: llhttp forgets the message's framing once the message is complete.
        self.will_close = not parser.should_keep_alive()
        names = {name.lower() for name, _ in self.headers}
        self._chunked = "transfer-encoding" in names
        self._to_eof = (not self._chunked and "content-length" not in names
                        and status >= 200 and status not in (204, 304))
        self._head_done = True

    def on_body(self, body: bytes) -> None:
        if self._complete:
            return
        self._body.append(body)
        self._body_len += len(body)

    def on_message_complete(self) -> None:
        if self._complete:
            # Another message after the answer (http.client would not have looked at it): the
            # answer stands, the connection is not reused.
            self.will_close = True
        elif self._head_done:
            self._complete = True

    # reading

    def _receive(self) -> bool:
        """Feed one socket read to the parser; False at the end of the stream."""
        data = self._file.read(_READ_SIZE)
        if not data:
            return False
        if not self._head_done:
            self._received.append(data)
            self._head_bytes += len(data)
            if self._head_bytes > _MAX_HEAD_BYTES:
                raise http.client.LineTooLong("header line")
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            raise http.client.HTTPException("unexpected protocol upgrade") from None
        except httptools.HttpParserCallbackError as exc:
            cause = exc.__context__
            if isinstance(cause, http.client.HTTPException):
                raise cause from None
            raise http.client.HTTPException(str(exc)) from exc
        except httptools.HttpParserError as exc:
            if not self._head_done:
                self._hand_over()
                return True
            if self._complete:
                # Bytes after a complete answer: http.client would not have looked at them. The
                # answer stands, but the connection is not reused.
                self.will_close = True
            else:
                raise http.client.IncompleteRead(b"") from exc
        return True

    def begin(self) -> None:
        """Read the status line and the headers (what ``http.client`` calls before returning)."""
        while not self._head_done:
            if not self._receive():
                self._hand_over()  # http.client's answer to a head cut short (or to nothing at all)
        self._received = []
        if self._complete and not self._body:
            self.close()

    def _hand_over(self) -> None:
        """Let ``http.client`` read an answer whose head llhttp refused or that ended inside its head.

        http.client is more lenient (a header line without a colon, a head cut short) and such an
        answer must end as it always did: its ``begin`` reads the bytes received so far, then the
        rest of the socket, and this response reads the body through it from then on.
        """
        replay = _Replay(b"".join(self._received), self._file)
        self._stock = http.client.HTTPResponse(_Source(replay), method=self._method)  # type: ignore[arg-type]
        self._stock.begin()
        stock = self._stock
        self.status, self.reason, self.version = stock.status, stock.reason, stock.version
        self.will_close = bool(stock.will_close)
        self.headers = list(stock.msg.items())
        self.set_cookie = "set-cookie" in stock.msg
        self._head_done = True

    def read1(self, amt: int = -1) -> bytes:
        """Up to ``amt`` bytes of the body with at most one socket read; b"" once it is complete."""
        if self._stock is not None:
            return self._stock.read1(amt)
        if not self._body and not self._complete and self._file is not None:
            while not self._complete and not self._body:
                if not self._receive():
                    return self._end_of_stream()
        return self._take(amt)

    def read(self, amt: int | None = None) -> bytes:
        """``amt`` bytes of the body (fewer only at its end), or all of it."""
        if self._stock is not None:
            return self._stock.read(amt)
        while self._file is not None and not self._complete and (amt is None or self._body_len < amt):
            if not self._receive():
                self._end_of_stream()
                break
        return self._take(-1 if amt is None else amt)

    def _take(self, amt: int) -> bytes:
        body = self._body
        if amt < 0 or self._body_len <= amt:
            data = body[0] if len(body) == 1 else b"".join(body)
            body.clear()
            self._body_len = 0
        else:
            joined = b"".join(body)
            data, rest = joined[:amt], joined[amt:]
            body[:] = [rest]
            self._body_len = len(rest)
        if self._complete and not body:
            self.close()
        return data

    def _end_of_stream(self) -> bytes:
        """The socket ended before llhttp saw the end of the body."""
        self.close()
        if self._to_eof:
            self._complete = True  # a body without framing ends with the connection
        elif self._chunked:
            raise http.client.IncompleteRead(b"")
        # A body shorter than its Content-Length ends here; urllib3 raises IncompleteRead for it.
        return b""

    def close(self) -> None:
        if self._stock is not None:
            self._stock.close()
        file, self._file = self._file, None
        if file is not None:
            file.close()

    def isclosed(self) -> bool:
        return self._file is None if self._stock is None else self._stock.isclosed()

    @property
    def closed(self) -> bool:
        return self.isclosed()

    @property
    def msg(self) -> http.client.HTTPMessage:
        """The headers as ``http.client`` holds them: what requests reads ``Set-Cookie`` from."""
        message = http.client.HTTPMessage()
        for name, value in self.headers:
            message.set_raw(name, value)
        return message


class _Replay(io.RawIOBase):
    """The bytes already received, then the rest of the socket."""

    def __init__(self, received: bytes, file: Any) -> None:
        self._received, self._file = received, file

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._received:
            size = min(len(buffer), len(self._received))
            buffer[:size], self._received = self._received[:size], self._received[size:]
            return size
        return int(self._file.readinto(buffer)) if self._file is not None else 0

    def close(self) -> None:
        super().close()
        if self._file is not None:
            self._file.close()


class _Source:
    """What ``http.client.HTTPResponse`` takes as its socket: something with ``makefile``."""

    def __init__(self, replay: _Replay) -> None:
        self._replay = replay

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(self._replay)


def _response_class(sock: socket.socket, debuglevel: int = 0, method: str | None = None) -> Any:
    if method == "HEAD":
        return http.client.HTTPResponse(sock, debuglevel, method=method)
    return LeanResponse(sock, method)


# Methods whose body-less request urllib3 announces with "Content-Length: 0".
_METHODS_EXPECTING_BODY = frozenset({"PATCH", "POST", "PUT"})
# A bytes body up to this size goes out in the same write as the head.
_JOIN_BODY_MAX = 65536


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
            conn.connect()  # http.client connects on the first send
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
        given = {name.lower() for name in headers} if headers else set()
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
        for name, value in (headers or {}).items():
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
            headers=HTTPHeaderDict(raw.headers),
            status=raw.status,
            version=raw.version,
            version_string=getattr(conn, "_http_vsn_str", "HTTP/?"),
            reason=raw.reason,
            preload_content=options.preload_content,
            decode_content=options.decode_content,
            # requests reads Set-Cookie from the original response's ``msg``; without one it skips
            # cookie extraction, which only ever finds something when the answer sets a cookie.
            original_response=raw if raw.set_cookie else None,  # type: ignore[arg-type]
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


class LeanHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = LeanHTTPConnection


class LeanHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = LeanHTTPSConnection


POOL_CLASSES_BY_SCHEME: dict[str, type[HTTPConnectionPool]] = {
    "http": LeanHTTPConnectionPool,
    "https": LeanHTTPSConnectionPool,
}
