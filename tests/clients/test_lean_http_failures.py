"""Broken answers, timeouts and refused connections through the shared session's transport.

Each one is sent once to the shared session and once to a stock ``requests`` session (stdlib
``http.client`` underneath): the two must end the same way, with the same exception and cause (or
the same status, headers and body where ``http.client`` accepts the answer).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from monoql.clients.http_session import SessionOptions, build_session
from monoql.clients.transport import Outgoing, send_once
from monoql.errors import UpstreamTimeout, UpstreamUnavailable
from tests.support.loopback import JSON, Server, answer, both, call, sends, stock_session


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


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
        # Inside the body the read times out in transport.py's own body loop: still a timeout.
        assert both(server, half, read=0.2) == ("UpstreamTimeout", "ConnectionError")
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
