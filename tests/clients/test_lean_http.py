"""The shared session's transport (lean_http.py) against a real server on a loopback port.

Each answer, well-formed or broken, is sent once to the shared session and once to a stock
``requests`` session (``HTTPAdapter``, same pool settings, stdlib ``http.client`` underneath):
the two must end the same way, with the same status, headers and body or the same exception.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import responses
from requests.adapters import HTTPAdapter

from monoql.clients.http_session import SessionOptions, build_session
from monoql.clients.lean_http import LeanHTTPConnectionPool
from monoql.clients.transport import Outgoing, send_once
from monoql.errors import UpstreamTimeout, UpstreamUnavailable

Reply = Callable[[socket.socket, bytes], bool]  # sends an answer; False closes the connection

JSON = b'{"data": [1, 2, 3]}'


def answer(status: str = "200 OK", headers: tuple[str, ...] = (), body: bytes = JSON,
           length: bool = True) -> bytes:
    head = [f"HTTP/1.1 {status}", "Content-Type: application/json", *headers]
    if length:
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class Server:
    """Accepts connections on 127.0.0.1 and answers every request with ``reply``."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.reply: Reply = lambda conn, request: bool(conn.sendall(answer()) or True)
        self.requests: list[bytes] = []
        self.connections = 0
        self.closed = threading.Event()  # set whenever the server has closed a connection
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self._open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self._answer(conn)
        finally:
            conn.close()
            self.closed.set()

    def _answer(self, conn: socket.socket) -> None:
        buffer = b""
        while True:
            while b"\r\n\r\n" not in buffer:
                data = conn.recv(65536)
                if not data:
                    return
                buffer += data
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(buffer) < length:
                buffer += conn.recv(65536)
            request, buffer = head + b"\r\n\r\n" + buffer[:length], buffer[length:]
            self.requests.append(request)
            try:
                if not self.reply(conn, request):
                    return
            except OSError:
                return

    def close(self) -> None:
        self.sock.close()
        for conn in self._open:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


def stock_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    adapter = HTTPAdapter(pool_connections=16, pool_maxsize=8, max_retries=0)
    session.mount("http://", adapter)
    return session


def call(session: requests.Session, port: int, *, method: str = "GET", path: str = "/things",
         json: Any = None, read: float = 5.0) -> tuple[Any, ...]:
    """One call the way the clients send it; what came back, or the exception and its cause."""
    out = Outgoing(service="things", method=method, route="things", url=f"http://127.0.0.1:{port}{path}",
                   headers={"Accept": "application/json", "Authorization": "Bearer a.b.c"},
                   timeout=(2.0, read), request_id="r-1", json=json)
    try:
        response = send_once(session, out, out.timeout)
    except Exception as exc:  # the outcome compared, whatever it is
        cause = exc.__cause__
        return (type(exc).__name__, type(cause).__name__ if cause else None)
    headers = {name.lower(): value for name, value in response.headers.items() if name.lower() != "date"}
    return (response.status_code, response.reason, headers, response.content, dict(response.cookies))


def both(server: Server, reply: Reply, **kwargs: Any) -> tuple[Any, ...]:
    """The outcome of one call through the shared session, asserted equal to the stock session's."""
    server.reply = reply
    lean = build_session(SessionOptions())
    stock = stock_session()
    try:
        expected = call(stock, server.port, **kwargs)
        got = call(lean, server.port, **kwargs)
    finally:
        lean.close()  # type: ignore[no-untyped-call]
        stock.close()
    assert got == expected
    return got


def sends(data: bytes, *, keep: bool = True) -> Reply:
    def reply(conn: socket.socket, request: bytes) -> bool:
        conn.sendall(data)
        return keep
    return reply


def test_the_session_uses_the_lean_connection_pool() -> None:
    session = build_session(SessionOptions())
    pool = session.get_adapter("http://127.0.0.1:1/").poolmanager.connection_from_url("http://127.0.0.1:1/")
    assert isinstance(pool, LeanHTTPConnectionPool)


def test_a_json_answer_with_its_status_headers_and_body(server: Server) -> None:
    got = both(server, sends(answer(headers=("X-Correlation-ID: abc", "X-Two: 1"))))
    assert got[0] == 200 and got[1] == "OK" and got[3] == JSON
    assert got[2]["x-correlation-id"] == "abc" and got[2]["content-type"] == "application/json"


def test_an_error_status_and_an_empty_reason(server: Server) -> None:
    got = both(server, sends(b"HTTP/1.1 404 \r\nContent-Length: 2\r\n\r\n{}"))
    assert got[:2] == (404, "") and got[3] == b"{}"


def test_the_request_goes_out_byte_for_byte_as_http_client_writes_it(server: Server) -> None:
    for kwargs in ({}, {"method": "POST", "json": {"a": "é"}}, {"method": "DELETE"},
                   {"method": "POST"}, {"path": "/things?at=10:00&q=a%20b"}):
        both(server, sends(answer()), **kwargs)
        stock_request, lean_request = server.requests[-2:]
        assert lean_request == stock_request, kwargs
    assert server.requests[-1].startswith(b"GET /things?at=10:00&q=a%20b HTTP/1.1\r\nHost: 127.0.0.1:")


def test_a_chunked_answer_is_read_whole(server: Server) -> None:
    body = b'{"data": "' + b"x" * 5000 + b'"}'
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:7], body[7:4000], body[4000:]))
    got = both(server, sends(answer(headers=("Transfer-Encoding: chunked",), body=chunked + b"0\r\n\r\n",
                                    length=False)))
    assert got[3] == body


def test_a_gzip_answer_is_decoded(server: Server) -> None:
    got = both(server, sends(answer(headers=("Content-Encoding: gzip",), body=gzip.compress(JSON))))
    assert got[3] == JSON


def test_a_body_trickled_in_pieces_is_read_whole(server: Server) -> None:
    def reply(conn: socket.socket, request: bytes) -> bool:
        data = answer()
        for index in range(0, len(data), 5):
            conn.sendall(data[index:index + 5])
        return True
    assert both(server, reply)[3] == JSON


def test_an_answer_closing_the_connection_and_one_without_length(server: Server) -> None:
    assert both(server, sends(answer(headers=("Connection: close",)), keep=False))[3] == JSON
    assert both(server, sends(answer(length=False), keep=False))[3] == JSON


def test_a_100_continue_before_the_answer_is_skipped(server: Server) -> None:
    assert both(server, sends(b"HTTP/1.1 100 Continue\r\n\r\n" + answer()))[3] == JSON


def test_a_cookie_set_by_the_backend_reaches_only_the_response(server: Server) -> None:
    got = both(server, sends(answer(headers=("Set-Cookie: lb=7; Path=/",))))
    assert got[4] == {"lb": "7"}


def test_a_kept_alive_connection_is_reused(server: Server) -> None:
    session = build_session(SessionOptions())
    for _ in range(3):
        assert call(session, server.port)[3] == JSON
    session.close()  # type: ignore[no-untyped-call]
    assert server.connections == 1


def test_a_kept_alive_connection_the_server_closed_is_replaced(server: Server) -> None:
    for session in (stock_session(), build_session(SessionOptions())):
        server.reply = sends(answer(), keep=False)  # answers as if keeping the connection, then closes it
        before = server.connections
        server.closed.clear()
        assert call(session, server.port)[3] == JSON
        assert server.closed.wait(5)  # the pooled socket is closed before it is used again
        assert call(session, server.port)[3] == JSON
        assert server.connections == before + 2
        session.close()


def test_no_answer_at_all(server: Server) -> None:
    assert both(server, sends(b"", keep=False)) == ("UpstreamUnavailable", "ConnectionError")


def test_a_garbage_status_line(server: Server) -> None:
    assert both(server, sends(b"SPDY/9 banana\r\n\r\n", keep=False)) == ("UpstreamUnavailable",
                                                                        "ConnectionError")


def test_a_head_cut_short_or_refused_by_llhttp_ends_as_http_client_reads_it(server: Server) -> None:
    # http.client takes the status line and ignores the broken header line: an empty 200.
    assert both(server, sends(b"HTTP/1.1 200 OK\r\nContent-Le", keep=False))[:4] == (200, "OK", {}, b"")
    # A header line with a space before its colon: llhttp refuses it; http.client stops reading
    # headers there and reads the body to the end of the connection.
    refused = b"HTTP/1.1 200 OK\r\nX-Bad : 1\r\nContent-Length: %d\r\n\r\n%s" % (len(JSON), JSON)
    assert both(server, sends(refused, keep=False))[:2] == (200, "OK")


def test_a_body_cut_short(server: Server) -> None:
    both(server, sends(answer(body=JSON)[:-5], keep=False))


def test_a_chunked_body_cut_short(server: Server) -> None:
    both(server, sends(answer(headers=("Transfer-Encoding: chunked",), body=b"20\r\n" + b"x" * 10,
                              length=False), keep=False))


def test_a_read_timeout_before_the_answer_and_inside_the_body(server: Server) -> None:
    release = threading.Event()

    def silent(conn: socket.socket, request: bytes) -> bool:
        release.wait(5)
        return False

    def half(conn: socket.socket, request: bytes) -> bool:
        conn.sendall(answer()[:-5])
        release.wait(5)
        return False

    try:
        assert both(server, silent, read=0.2) == ("UpstreamTimeout", "ReadTimeout")
        both(server, half, read=0.2)
    finally:
        release.set()


def test_a_refused_connection() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    for session in (stock_session(), build_session(SessionOptions())):
        assert call(session, port) == ("UpstreamUnavailable", "ConnectionError")


def test_the_exceptions_are_the_product_errors(server: Server) -> None:
    session = build_session(SessionOptions())
    server.reply = sends(b"", keep=False)
    out = Outgoing(service="things", method="GET", route="things", url=f"http://127.0.0.1:{server.port}/x",
                   headers={}, timeout=(2.0, 5.0), request_id="r-1")
    with pytest.raises(UpstreamUnavailable):
        send_once(session, out, out.timeout)
    release = threading.Event()
    server.reply = lambda conn, request: bool(release.wait(5)) and False
    try:
        with pytest.raises(UpstreamTimeout):
            send_once(session, out, (2.0, 0.2))
    finally:
        release.set()
        session.close()  # type: ignore[no-untyped-call]


def test_a_head_request(server: Server) -> None:
    got = both(server, sends(b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n"), method="HEAD")
    assert got[0] == 200 and got[3] == b""


def test_a_cacheable_read_is_served_from_the_cache(server: Server) -> None:
    session = build_session(SessionOptions())
    out = Outgoing(service="things", method="GET", route="things", url=f"http://127.0.0.1:{server.port}/c",
                   headers={"Accept": "application/json"}, timeout=(2.0, 5.0), request_id="r-1",
                   cache_ttl=60)
    first = send_once(session, out, out.timeout)
    second = send_once(session, out, out.timeout)
    assert (first.content, second.content) == (JSON, JSON)
    assert not getattr(first, "from_cache", False) and second.from_cache  # type: ignore[attr-defined]
    assert len(server.requests) == 1
    session.close()  # type: ignore[no-untyped-call]


@responses.activate
def test_responses_still_mocks_the_shared_session() -> None:
    responses.get("http://things.test/x", json={"ok": True})
    session = build_session(SessionOptions())
    out = Outgoing(service="things", method="GET", route="things", url="http://things.test/x",
                   headers={}, timeout=(2.0, 5.0), request_id="r-1")
    assert send_once(session, out, out.timeout).json() == {"ok": True}
