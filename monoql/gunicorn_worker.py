"""gunicorn's sync worker, answering the requests gunicorn refuses itself in the gateway's JSON shape
(docs/hostile-traffic.md §1).

gunicorn parses the request line and headers before the app sees a byte of them, and answers what it
cannot parse (a header value with a control character, a bad method or request line, a header over
its limits) with an HTML page of its own. In the pod nginx answers most of these first, but not all
(nginx passes header values with control characters), and without nginx gunicorn answers them all.
This worker gives each of them the same JSON error as nginx would: `BAD_REQUEST` with a reason and a
request id, which its log line carries too. The body and the log line never echo what the client sent
(a request line can carry GraphQL variables, passwords among them).

Idle workers wait for a connection with ``EPOLLEXCLUSIVE`` where Linux has it: gunicorn's sync worker
waits in ``select`` on the shared listening socket, so every connection woke every idle worker and all
but one found nothing to accept. With an exclusive wait the kernel wakes one idle worker per
connection, as nginx does for its own workers.

Spare workers (the ones past the pod's CPUs + 1, numbered by gunicorn.conf.py's ``pre_fork``) take no
connection while the CPUs are contended (monoql/spare_workers.py).

Imported by gunicorn's master before any worker starts, so it imports nothing of the app.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import select
import socket
import uuid
from typing import Any

from gunicorn import glogging, util
from gunicorn.http import errors
from gunicorn.workers.sync import SyncWorker

from monoql.spare_workers import RunQueueClock, SparePacing

#: (status, reason, message) per kind of request gunicorn cannot take; every other parse error
#: (a malformed line, method, version, header, chunk or transfer coding) is a 400 BAD_HTTP_REQUEST.
REFUSALS: list[tuple[type[Exception], int, str, str]] = [
    (errors.LimitRequestLine, 414, "URI_TOO_LONG",
     "The request line is too long: send the query in a POST body."),
    (errors.LimitRequestHeaders, 400, "HEADERS_TOO_LARGE", "A request header is too large."),
    (errors.ExpectationFailed, 417, "EXPECTATION_FAILED",
     "The request's Expect header asks for what this server does not do."),
]
BAD_HTTP = (400, "BAD_HTTP_REQUEST", "The request is not valid HTTP.")
STATUS_TEXT = {400: "Bad Request", 414: "URI Too Long", 417: "Expectation Failed"}


def refusal_for(exc: BaseException) -> tuple[int, str, str] | None:
    """(status, reason, message) for a request gunicorn could not parse; None for anything else
    (the app's own failures and gunicorn's configuration problems stay gunicorn's 500)."""
    if not isinstance(exc, errors.ParseException) or isinstance(exc, errors.ConfigurationProblem):
        return None
    if isinstance(exc, errors.InvalidResponseHeader | errors.InvalidResponseHeaderName):
        return None  # a header the app tried to send: the app's fault
    for kind, status, reason, message in REFUSALS:
        if isinstance(exc, kind):
            return status, reason, message
    return BAD_HTTP


def answer(status: int, reason: str, message: str, request_id: str) -> bytes:
    """The whole HTTP answer: the gateway's error body (docs/errors.md §1), and the connection closed."""
    extensions = {"code": "BAD_REQUEST", "reason": reason, "requestId": request_id}
    body = json.dumps({"errors": [{"message": message, "extensions": extensions}]}).encode()
    head = (
        f"HTTP/1.1 {status} {STATUS_TEXT[status]}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"X-Request-ID: {request_id}\r\n"
        "Cache-Control: no-store\r\n\r\n"
    )
    return head.encode("latin-1") + body


class QuietAccessLogger(glogging.Logger):  # type: ignore[misc]
    """gunicorn's logger, which gathers an access line's fields only when its access logger writes them.

    gunicorn builds every request's access fields (headers, environ, timings) whenever a
    `logconfig_dict` is set, and hands them to its access logger even when that logger is silenced
    (monoql.logging: the app writes the one access line). Here the fields are gathered only when the
    access logger would pass an INFO line on, as it would if gunicorn's access log were turned on.
    """

    @property
    def access_log_enabled(self) -> bool:
        return bool(super().access_log_enabled) and self.access_log.isEnabledFor(logging.INFO)


def exclusive_poller(listeners: list[socket.socket], wakeup_fd: int) -> select.epoll | None:
    """An epoll that one incoming connection wakes in one waiting worker only (``EPOLLEXCLUSIVE``,
    Linux 4.5 and later), and that ``wakeup_fd`` (gunicorn's signal pipe) wakes as usual; None where
    the system has no such wait (gunicorn's ``select`` is used there)."""
    exclusive = getattr(select, "EPOLLEXCLUSIVE", None)
    if exclusive is None or not hasattr(select, "epoll"):
        return None
    poller = select.epoll()
    try:
        for listener in listeners:
            poller.register(listener.fileno(), select.EPOLLIN | exclusive)
        poller.register(wakeup_fd, select.EPOLLIN)
    except OSError:  # a kernel that refuses the flag
        poller.close()
        return None
    return poller


class JsonErrorWorker(SyncWorker):  # type: ignore[misc]
    """A sync worker whose refusals of unparsable requests are JSON, like every other answer, whose
    idle wait wakes for a connection only when it is the one worker the kernel hands it to, and which,
    as a spare, rests while the CPUs are contended."""

    _poller: select.epoll | None = None
    #: Set by gunicorn.conf.py's ``pre_fork`` for the workers past the pod's CPUs + 1.
    spare = False
    _pacing: SparePacing | None = None

    def run(self) -> None:
        self._poller = exclusive_poller(self.sockets, self.PIPE[0])
        if self.spare:
            self._pacing = SparePacing(RunQueueClock())
        super().run()

    def accept(self, listener: socket.socket) -> None:
        """gunicorn's accept; a spare takes no connection while it rests (the loop then waits), and
        measures the CPU contention of each request it serves."""
        pacing = self._pacing
        if pacing is None:
            super().accept(listener)
            return
        if pacing.resting:
            raise BlockingIOError(errno.EAGAIN, "a spare worker rests while the CPUs are contended")
        started = pacing.start()
        super().accept(listener)
        pacing.finish(started)

    def wait(self, timeout: float) -> list[Any] | None:
        """gunicorn's ``SyncWorker.wait`` on the exclusive poller: what is ready (listeners, and the
        signal pipe after reading its byte), or None when the wait timed out. A resting spare waits out
        its rest on the signal pipe alone."""
        if self._pacing is not None and self._pacing.resting:
            return self._rest(self._pacing)
        if self._poller is None:
            return super().wait(timeout)  # type: ignore[no-any-return]
        self.notify()
        by_fd = {listener.fileno(): listener for listener in self.sockets}
        ready: list[Any] = []
        for fd, _events in self._poller.poll(timeout):
            if fd == self.PIPE[0]:
                os.read(fd, 1)
                ready.append(fd)
            elif fd in by_fd:
                ready.append(by_fd[fd])
        return ready or None

    def _rest(self, pacing: SparePacing) -> list[Any] | None:
        self.notify()
        ready, _, _ = select.select([self.PIPE[0]], [], [], pacing.rest)
        pacing.rested()
        if ready:  # a signal: gunicorn's loop sees it (``alive``) before accepting again
            os.read(self.PIPE[0], 1)
            return [self.PIPE[0]]
        return None

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        refusal = refusal_for(exc)
        if refusal is None:
            super().handle_error(req, client, addr, exc)
            return
        status, reason, message = refusal
        request_id = str(uuid.uuid4())  # the headers, and any id among them, did not parse
        self.log.warning(
            "request refused before the gateway read it",
            extra={"request_id": request_id, "status": status, "reason": reason,
                   "client_ip": (addr or ("",))[0], "error": type(exc).__name__},
        )
        try:  # without blocking, as gunicorn writes its own: a client that does not read holds nothing
            util.write_nonblock(client, answer(status, reason, message, request_id))
        except OSError:
            self.log.debug("the refused client went away before its answer")
