"""monoql/gunicorn_worker.py: which of gunicorn's errors the worker answers in JSON, and the answer."""

from __future__ import annotations

import json
import os
import select
import socket
import threading
import time
from types import SimpleNamespace

import pytest
from gunicorn.http import errors

from monoql.gunicorn_worker import JsonErrorWorker, answer, exclusive_poller, refusal_for


@pytest.mark.parametrize(
    ("error", "status", "reason"),
    [
        (errors.InvalidHeader("X-ODD"), 400, "BAD_HTTP_REQUEST"),
        (errors.InvalidHeaderName("X ODD"), 400, "BAD_HTTP_REQUEST"),
        (errors.InvalidRequestMethod("get"), 400, "BAD_HTTP_REQUEST"),
        (errors.InvalidRequestLine("NOT HTTP"), 400, "BAD_HTTP_REQUEST"),
        (errors.UnsupportedTransferCoding("gzip"), 400, "BAD_HTTP_REQUEST"),
        (errors.LimitRequestLine(9000, 8190), 414, "URI_TOO_LONG"),
        (errors.LimitRequestHeaders("limit request headers fields size"), 400, "HEADERS_TOO_LARGE"),
        (errors.ExpectationFailed("something-else"), 417, "EXPECTATION_FAILED"),
    ],
)
def test_parse_errors_are_the_clients_and_get_a_reason(error: Exception, status: int, reason: str) -> None:
    refusal = refusal_for(error)
    assert refusal is not None and refusal[:2] == (status, reason)


@pytest.mark.parametrize(
    "error",
    [
        errors.InvalidResponseHeader("X-APP"),  # a header the app tried to send
        errors.ConfigurationProblem("bad setting"),
        RuntimeError("the app failed"),
    ],
)
def test_the_apps_failures_stay_gunicorns_500(error: Exception) -> None:
    assert refusal_for(error) is None


def test_the_answer_is_the_gateways_error_shape_and_closes_the_connection() -> None:
    head, _, body = answer(414, "URI_TOO_LONG", "Too long.", "rid-1").partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "HTTP/1.1 414 URI Too Long"
    assert {"Connection: close", "Content-Type: application/json; charset=utf-8", "X-Request-ID: rid-1",
            f"Content-Length: {len(body)}"} <= set(lines)
    assert json.loads(body) == {"errors": [{"message": "Too long.", "extensions": {
        "code": "BAD_REQUEST", "reason": "URI_TOO_LONG", "requestId": "rid-1"}}]}


def listening() -> socket.socket:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.setblocking(False)
    return listener


def idle_worker(listener: socket.socket) -> JsonErrorWorker:
    """A worker as gunicorn's `init_process` leaves it, waiting on `listener` (no app, no arbiter)."""
    worker = JsonErrorWorker.__new__(JsonErrorWorker)
    worker.sockets = [listener]
    worker.PIPE = os.pipe()
    for end in worker.PIPE:
        os.set_blocking(end, False)
    worker.tmp = SimpleNamespace(notify=lambda: None)
    worker._poller = exclusive_poller(worker.sockets, worker.PIPE[0])
    return worker


@pytest.mark.skipif(not hasattr(select, "EPOLLEXCLUSIVE"), reason="the exclusive wait is Linux's")
def test_one_connection_wakes_one_of_the_idle_workers() -> None:
    listener = listening()
    workers = [idle_worker(listener) for _ in range(3)]
    woken: list[object] = []
    waiting = threading.Barrier(len(workers) + 1)

    def wait(worker: JsonErrorWorker) -> None:
        waiting.wait()
        if worker.wait(3.0):
            woken.append(worker)

    threads = [threading.Thread(target=wait, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    waiting.wait()
    # Every worker inside its wait before the connection arrives: the kernel hands a connection to a
    # worker that is waiting, and one that only polls later would find it still pending too.
    time.sleep(1.0)
    client = socket.create_connection(listener.getsockname())
    for thread in threads:
        thread.join()
    client.close()
    listener.close()
    assert len(woken) == 1  # gunicorn's select woke all three


def test_the_wait_hands_over_the_ready_listener_and_the_signal_pipe() -> None:
    listener = listening()
    worker = idle_worker(listener)
    assert worker.wait(0.05) is None  # nothing happened: the wait timed out
    client = socket.create_connection(listener.getsockname())
    assert worker.wait(2.0) == [listener]
    os.write(worker.PIPE[1], b".")  # what a signal writes to wake the worker
    listener.accept()[0].close()
    assert worker.wait(2.0) == [worker.PIPE[0]]
    assert worker.wait(0.05) is None  # its byte was read
    client.close()
    listener.close()
