"""A wave's calls on the request's thread: every request written before any answer is read, on loopback."""

from __future__ import annotations

import contextvars
import gc
import socket
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
import requests
from greenlet import greenlet

from monoql.clients.http_session import SessionOptions, build_session
from monoql.clients.lean_connection import LeanHTTPConnection
from monoql.clients.send_ahead import MIN_READ_SECONDS, park, read_timeout_left, run_sent_ahead
from monoql.clients.transport import Outgoing, send_once
from monoql.errors import UpstreamTimeout, UpstreamUnavailable
from tests.support.loopback import Server, echoes_target, gated, target

WINDOW = 8  # the connection pool's size per host in these tests (SessionOptions' default)


@pytest.fixture
def server() -> Iterator[Server]:
    backend = Server()
    backend.reply = echoes_target
    yield backend
    backend.close()


@pytest.fixture
def session() -> Iterator[requests.Session]:
    built = build_session(SessionOptions(pool_size=WINDOW))
    yield built
    built.close()  # type: ignore[no-untyped-call]


def outgoing(port: int, path: str = "/", *, timeout: tuple[float, float] = (2.0, 20.0)) -> Outgoing:
    """A GET to the loopback backend on ``port``, as the clients describe a call."""
    return Outgoing(service="things", method="GET", route="things", url=f"http://127.0.0.1:{port}{path}",
                    headers={"Accept": "application/json"}, timeout=timeout, request_id="r-1")


def fetch(session: requests.Session, port: int, path: str) -> Any:
    """One call as the clients make it; its answer's `data`."""
    out = outgoing(port, path)
    response = send_once(session, out, out.timeout)
    assert response.status_code == 200, response.content
    return response.json()["data"]


def fetches(session: requests.Session, server: Server, count: int) -> list[Callable[[], Any]]:
    return [partial(fetch, session, server.port, f"/things/{index}") for index in range(count)]


def test_every_request_of_a_wave_is_written_before_an_answer_is_read(server: Server,
                                                                    session: requests.Session) -> None:
    server.reply = gated(5)  # answers nothing until all five wait together
    values = run_sent_ahead(fetches(session, server, 5), WINDOW)
    assert values == [f"/things/{index}" for index in range(5)]
    assert server.connections == 5


def test_at_most_a_window_of_requests_is_in_flight(server: Server, session: requests.Session) -> None:
    values = run_sent_ahead(fetches(session, server, 7), 3)
    assert values == [f"/things/{index}" for index in range(7)]
    # The fourth call waits for an answer and takes that call's connection back from the pool.
    assert server.connections == 3
    assert len(server.requests) == 7


def test_answers_are_read_as_they_arrive_not_in_the_order_they_were_asked_for(
        server: Server, session: requests.Session) -> None:
    def never_answers_the_first(conn: socket.socket, request: bytes) -> bool:
        return target(request) == "/first" or echoes_target(conn, request)  # the first waits, open

    server.reply = never_answers_the_first
    done: list[str] = []

    def first() -> None:
        out = outgoing(server.port, "/first", timeout=(2.0, 2.0))
        with pytest.raises(UpstreamTimeout):
            send_once(session, out, out.timeout)
        done.append("first timed out")

    def second() -> None:
        done.append(fetch(session, server.port, "/second"))

    run_sent_ahead([first, second], WINDOW)
    assert done == ["/second", "first timed out"]


def test_a_call_that_makes_a_second_request_parks_again(server: Server, session: requests.Session) -> None:
    server.reply = gated(3)  # both rounds of requests go out three at a time

    def two_pages(index: int) -> list[Any]:
        return [fetch(session, server.port, f"/things/{index}?page={page}") for page in (1, 2)]

    values = run_sent_ahead([partial(two_pages, index) for index in range(3)], WINDOW)
    assert values == [[f"/things/{index}?page=1", f"/things/{index}?page=2"] for index in range(3)]
    assert server.connections == 3


def test_work_that_sends_nothing_runs_to_its_end_in_order(server: Server, session: requests.Session) -> None:
    work: list[Callable[[], Any]] = [lambda: "computed", partial(fetch, session, server.port, "/things/1"),
                                     lambda: None]
    assert run_sent_ahead(work, WINDOW) == ["computed", "/things/1", None]


def test_outside_a_wave_a_connection_does_not_park(server: Server, session: requests.Session) -> None:
    left, right = socket.socketpair()
    with left, right:
        assert park(left, 5.0) == 0.0
    assert fetch(session, server.port, "/things/alone") == "/things/alone"


def test_each_piece_runs_in_a_copy_of_the_context() -> None:
    caller: contextvars.ContextVar[str] = contextvars.ContextVar("caller")
    caller.set("fan")

    def read_then_change() -> str:
        seen = caller.get()
        caller.set("someone else")
        return seen

    assert run_sent_ahead([read_then_change, read_then_change], WINDOW) == ["fan", "fan"]
    assert caller.get() == "fan"


def test_a_wave_that_fails_closes_the_connections_of_its_parked_calls(server: Server,
                                                                      session: requests.Session) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    run_sent_ahead(fetches(session, server, 2), WINDOW)  # two connections kept: the next calls park at reading
    with pytest.raises(KeyboardInterrupt):
        run_sent_ahead([*fetches(session, server, 2), interrupted], WINDOW)
    while server.ended < 2:  # the server sees each connection closed once it has read its request
        assert server.closed.wait(10)
        server.closed.clear()
    assert server.ended == 2
    assert len(server.requests) == 4  # the second two written, neither answer read
    # The pool kept neither connection: the next call opens a third.
    assert fetch(session, server.port, "/things/after") == "/things/after"
    assert server.connections == 3


def test_the_new_connections_of_a_wave_are_opened_together(session: requests.Session,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # A listener that accepts nothing: once its one-connection backlog is full, connects hang.
    with socket.create_server(("127.0.0.1", 0), backlog=0) as listener:
        port = listener.getsockname()[1]
        filler = socket.create_connection(("127.0.0.1", port))
        events: list[str] = []
        connect = LeanHTTPConnection.connect

        def logged(conn: Any) -> None:
            events.append("start")
            try:
                connect(conn)
            finally:
                events.append("end")

        monkeypatch.setattr(LeanHTTPConnection, "connect", logged)

        def hanging() -> str:
            out = outgoing(port, timeout=(1.0, 5.0))
            with pytest.raises(UpstreamTimeout):
                send_once(session, out, out.timeout)
            return "timed out"

        with filler:
            assert run_sent_ahead([hanging, hanging, hanging], WINDOW) == ["timed out"] * 3
    assert events == ["start"] * 3 + ["end"] * 3  # one connect timeout for the wave, not one per call


def test_a_connection_refused_in_a_wave_fails_as_anywhere(session: requests.Session) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    out = outgoing(port, timeout=(1.0, 5.0))

    def refused() -> str:
        with pytest.raises(UpstreamUnavailable) as raised:
            send_once(session, out, out.timeout)
        return type(raised.value.__cause__).__name__

    alone = refused()
    assert run_sent_ahead([refused, refused], WINDOW) == [alone, alone] == ["ConnectionError"] * 2


@pytest.mark.parametrize(("timeout", "parked", "left"), [
    (5.0, 1.5, 3.5),  # the answer has had 1.5 s of its 5 s while the call was parked
    (1.0, 2.0, MIN_READ_SECONDS),  # past its timeout: it still reads what has arrived
    (5.0, 0.0, 5.0),  # never parked
    (None, 1.0, None),  # no read timeout at all
])
def test_the_time_parked_counts_against_the_read_timeout(timeout: float | None, parked: float,
                                                         left: float | None) -> None:
    assert read_timeout_left(timeout, parked) == left


def test_no_call_outlives_its_wave(server: Server, session: requests.Session) -> None:
    def live_calls() -> int:
        """Greenlets of waves still alive (other greenlets of the process, a browser test's, not counted)."""
        gc.collect()
        return sum(isinstance(thing, greenlet) and type(thing).__module__ == "monoql.clients.send_ahead"
                   for thing in gc.get_objects())

    for _ in range(3):
        assert run_sent_ahead(fetches(session, server, 4), WINDOW) == [f"/things/{index}" for index in range(4)]
    assert live_calls() == 0
