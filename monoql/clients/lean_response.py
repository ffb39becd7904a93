"""Backend answers read with llhttp (``httptools``) instead of ``http.client``'s header parser.

Every backend call's answer went through ``http.client.HTTPResponse.begin``: the status line read
line by line, then every header through the stdlib ``email`` package's ``FeedParser`` into an
``HTTPMessage``, and urllib3 copied those headers out again. That was about a sixth of a worker's
CPU on backend-heavy pages. :class:`LeanResponse` is the object ``getresponse`` builds instead: it
feeds the socket's bytes to llhttp (the C parser uvicorn uses), which also undoes the chunked framing.
The connections that build it, and the cases that keep the stock response, are in lean_connection.py.

Failures keep the classes ``http.client`` raises, so urllib3 and requests translate them as before:
no answer at all is ``RemoteDisconnected``, an answer llhttp rejects is ``BadStatusLine`` (the status
line) or ``HTTPException`` (the rest of the head), a chunked body cut short is ``IncompleteRead``; a
body shorter than its ``Content-Length`` ends early and urllib3 raises its own ``IncompleteRead``.
A head llhttp refuses, or one cut short, is handed to ``http.client`` with the bytes already received,
so such an answer ends as it always did.
"""

from __future__ import annotations

import http.client
import io
import socket
from typing import Any

import httptools

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
        self._length_given = False
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
        # The three names read here, told apart by their length before any `lower()`.
        size = len(key)
        if size == 10 and key.lower() == "set-cookie":
            self.set_cookie = True
        elif size == 14 and key.lower() == "content-length":
            self._length_given = True
        elif size == 17 and key.lower() == "transfer-encoding":
            self._chunked = True

    def on_headers_complete(self) -> None:
        if self._complete:
            return
        parser = self._parser
        status = parser.get_status_code()
        if status == 100:
            # http.client skips a "100 Continue" and reads the answer that follows it.
            self.headers, self.reason, self.set_cookie = [], "", False
            self._chunked = self._length_given = False
            return
        self.status = status
        self.version = 10 if parser.get_http_version() == "1.0" else 11
        # Asked here: llhttp forgets the message's framing once the message is complete.
        self.will_close = not parser.should_keep_alive()
        self._to_eof = (not self._chunked and not self._length_given
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

    def body_in_hand(self) -> bytes | None:
        """The whole body, its framing undone, when all of it has already been received (taken, and
        this response closed); None while any of it is still to come from the socket."""
        if self._stock is not None or not self._complete:
            return None
        return self._take(-1)

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
    def msg(self) -> HeaderLines:
        """The headers, read as requests reads ``http.client``'s ``HTTPMessage``: ``Set-Cookie`` through
        ``get_all``, for the cookie jars, after every answer."""
        return HeaderLines(self.headers)


class HeaderLines:
    """An answer's header lines with ``HTTPMessage.get_all``, the one thing requests asks of them.

    Building an ``HTTPMessage`` (the stdlib ``email`` package) for every answer only to be asked for
    its ``Set-Cookie`` lines cost more than the rest of the cookie step.
    """

    __slots__ = ("_lines",)

    def __init__(self, lines: list[tuple[str, str]]) -> None:
        self._lines = lines

    def get_all(self, name: str, failobj: Any = None) -> Any:
        """Every value of the header ``name`` (any case), in order; ``failobj`` when there is none."""
        wanted = name.lower()
        size = len(wanted)
        values = [value for key, value in self._lines if len(key) == size and key.lower() == wanted]
        return values or failobj


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
