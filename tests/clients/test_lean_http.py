"""The shared session's transport (lean_connection.py, lean_response.py) against a real server on a loopback port.

Each answer is sent once to the shared session and once to a stock ``requests`` session
(``HTTPAdapter``, same pool settings, stdlib ``http.client`` underneath): the two must end the same
way, with the same status, headers and body. The requests must go out byte for byte the same.
Broken answers, timeouts and refused connections are in test_lean_http_failures.py.
"""

from __future__ import annotations

import gzip
import socket
from collections.abc import Iterator

import pytest
import responses

from monoql.clients.http_session import SessionOptions, build_session
from monoql.clients.lean_connection import LeanHTTPConnectionPool
from monoql.clients.transport import Outgoing, send_once
from tests.support.loopback import JSON, Server, answer, both, call, sends, stock_session, target


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


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


@pytest.mark.parametrize("name", ["Set-Cookie", "set-cookie", "SET-COOKIE"])
def test_a_cookie_set_by_the_backend_reaches_only_the_response(server: Server, name: str) -> None:
    got = both(server, sends(answer(headers=(f"{name}: lb=7; Path=/", "X-Set-Cookie: no=1"))))
    assert got[4] == {"lb": "7"}


def test_a_redirect_is_answered_not_followed_and_names_its_next_hop(server: Server) -> None:
    got = both(server, sends(answer("302 Found", headers=("Location: /elsewhere",))))
    assert got[0] == 302 and got[2]["location"] == "/elsewhere"
    assert [target(request) for request in server.requests] == ["/things", "/things"]  # one per session
    session = build_session(SessionOptions())
    out = Outgoing(service="things", method="GET", route="things", url=f"http://127.0.0.1:{server.port}/a",
                   headers={}, timeout=(2.0, 5.0), request_id="r-1")
    assert send_once(session, out, out.timeout).next.url == f"http://127.0.0.1:{server.port}/elsewhere"
    server.reply = sends(answer())
    assert send_once(session, out, out.timeout).next is None
    session.close()  # type: ignore[no-untyped-call]


def test_repeated_headers_are_combined_as_urllib3_combines_them(server: Server) -> None:
    got = both(server, sends(answer(headers=("Vary: Origin", "X-Trace: a", "Vary: Accept-Encoding",
                                              "Set-Cookie: a=1", "Set-Cookie: b=2"))))
    assert got[2]["vary"] == "Origin, Accept-Encoding"
    assert got[4] == {"a": "1", "b": "2"}


def test_a_kept_alive_connection_is_reused(server: Server) -> None:
    session = build_session(SessionOptions())
    for _ in range(3):
        assert call(session, server.port)[3] == JSON
    session.close()  # type: ignore[no-untyped-call]
    assert server.connections == 1


def test_a_kept_alive_connection_the_server_closed_is_replaced(server: Server) -> None:
    outcomes = []
    for session in (stock_session(), build_session(SessionOptions())):
        server.reply = sends(answer(), keep=False)  # answers as if keeping the connection, then closes it
        before = server.connections
        server.closed.clear()
        assert call(session, server.port)[3] == JSON
        assert server.closed.wait(5)  # the pooled socket is closed before it is used again
        # urllib3 drops a pooled socket it sees closed; one whose close it has not seen yet fails the
        # call that used it, in both stacks alike (the transport retries such a read). Either way the
        # next call is answered on a new connection.
        second = call(session, server.port)
        assert second == ("UpstreamUnavailable", "ConnectionError") or second[3] == JSON
        third = second if len(second) == 5 else call(session, server.port)
        assert third[3] == JSON
        outcomes.append(server.connections - before)
        session.close()
    assert outcomes == [2, 2]


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
