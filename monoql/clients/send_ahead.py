"""The calls of one wave made on the request's own thread, each request written before any answer is read.

A wave's calls are independent of each other (the executor's batch, a remembered answer's replay),
so they may travel at once. On threads that costs the GIL: every socket operation of every call
releases it and queues for it again, about a quarter of a metrics dashboard's CPU at 0 ms backend
latency. Here each call runs in a greenlet of the request's thread, through the same client, session
and adapter as any call, until its connection is about to read the answer (:func:`park`); the thread
then goes on to the next call. Once every request of the wave (or of a window of them) is on its
way, the parked calls are resumed as their answers arrive (``poll`` on their sockets): the wave
takes about its slowest call's latency, and a call answered in time is read in time even when an
earlier one hangs until the deadline.

A call parks only while its request travels: a call answered without reaching a socket (a cached
read, a mocked adapter, a failure before sending) runs to its end at once. A call that makes a
second request (a retry, a next page) parks again. At most ``window`` calls are parked at a time, as
many as the connection pool keeps per host, so a wave of fifty calls never opens more connections
than a pool of threads of that size would.

A new connection is opened on a short-lived thread of its own (:func:`connect_aside`), the call
parked until it is open: a backend whose connects hang costs a wave one connect timeout, not one
per call. What a thread would overlap and this does not: a retry's back-off sleep.

The time a call spent parked counts against its read timeout (:func:`read_timeout_left`): it is the
time its answer had to arrive, as it would have had on a thread of its own. A parked call whose read
timeout ends before its answer comes is resumed then, and times out as it would have.
"""

from __future__ import annotations

import contextvars
import math
import select
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from greenlet import GreenletExit, getcurrent, greenlet

V = TypeVar("V")

# A parked call resumed after its read timeout has passed still reads what has arrived: its answer
# may be waiting in the socket's buffer. It gets this long for it.
MIN_READ_SECONDS = 0.001


class _Call(greenlet):  # type: ignore[misc]  # greenlet is untyped for subclassing
    """One call of a wave; while parked, the socket it waits on and when its read timeout ends."""

    fd = -1
    expires = math.inf


def park(sock: socket.socket, timeout: Any) -> float:
    """Called by a connection that has written its request on ``sock`` and is about to read the answer
    with ``timeout`` (its read timeout: seconds or None).

    Inside a wave, hands the thread back to the wave until the answer is there (or the timeout has
    passed), and returns how long it was parked (seconds); anywhere else returns 0.0 at once.
    """
    current = getcurrent()
    if type(current) is not _Call:
        return 0.0
    return _park(current, sock.fileno(), timeout)


def _park(call: _Call, fd: int, timeout: Any) -> float:
    parked_at = time.monotonic()
    call.fd = fd
    call.expires = parked_at + timeout if type(timeout) in (int, float) else math.inf
    call.parent.switch()
    return time.monotonic() - parked_at


def connect_aside(connect: Callable[[], None]) -> None:
    """Opens a new connection with ``connect`` (urllib3's own: name resolution, connect timeout, TLS).

    Inside a wave it runs on a thread of its own, and the call is parked until it has returned: the
    wave goes on with its other calls meanwhile. Anywhere else it runs here. Whatever ``connect``
    raises is raised here.
    """
    current = getcurrent()
    if type(current) is not _Call:
        connect()
        return
    failure: list[BaseException] = []
    done, signal = socket.socketpair()

    def run() -> None:
        try:
            connect()
        except BaseException as exc:  # handed to the call, which raises it
            failure.append(exc)
        finally:
            with signal:
                signal.send(b"x")

    thread = threading.Thread(target=run, name="monoql-connect", daemon=True)
    with done:
        thread.start()
        try:
            # The thread always ends: `connect` is bounded by its connect timeout.
            _park(current, done.fileno(), None)
        except BaseException:  # the wave ends (GreenletExit): the connection settles before it is closed
            thread.join()
            raise
    if failure:
        raise failure[0]


def read_timeout_left(timeout: Any, parked: float) -> Any:
    """A read timeout shortened by the time its call was parked (never below MIN_READ_SECONDS)."""
    if not parked or type(timeout) not in (int, float):
        return timeout
    return max(timeout - parked, MIN_READ_SECONDS)


class _Wave:
    """The calls of one wave: which are parked on which socket, and what each returned."""

    def __init__(self, size: int) -> None:
        self.values: list[Any] = [None] * size
        self.parked: dict[int, tuple[int, _Call]] = {}  # by socket
        self.poller = select.poll()
        self.ready: deque[int] = deque()  # sockets of parked calls whose answer has come, not yet resumed

    def run(self, index: int, call: _Call) -> None:
        """Runs ``call`` until it ends or parks."""
        value = call.switch()
        if call.dead:
            self.values[index] = value
            return
        self.parked[call.fd] = (index, call)
        self.poller.register(call.fd, select.POLLIN)

    def resume_next(self) -> None:
        """Resumes the parked call whose answer came first, or else the one whose read timeout ends first.

        One ``poll`` reports every answer there: those calls are resumed one by one before the next.
        """
        if not self.ready:
            soonest = min(self.parked, key=lambda parked: self.parked[parked][1].expires)
            expires = self.parked[soonest][1].expires
            wait = None if expires == math.inf else max(0, math.ceil((expires - time.monotonic()) * 1000))
            # Nothing came before the soonest read timeout: that call is resumed, to time out.
            self.ready.extend([fd for fd, _ in self.poller.poll(wait)] or [soonest])
        fd = self.ready.popleft()
        self.poller.unregister(fd)
        self.run(*self.parked.pop(fd))

    def end(self) -> None:
        """Ends the calls still parked (the wave failed): ``GreenletExit`` closes their connections."""
        for _, call in self.parked.values():
            if not call.dead:
                call.throw(GreenletExit)
        self.parked.clear()


def run_sent_ahead(work: Sequence[Callable[[], V]], window: int) -> list[V]:
    """Each piece of work's value, in order, its requests written ahead of reading the answers.

    Each runs in a copy of this context. An exception raised by one (the loaders and the replay
    catch their own) ends the wave: calls still parked are ended before it is raised here.
    """
    wave = _Wave(len(work))
    try:
        for index, item in enumerate(work):
            while len(wave.parked) >= window:
                wave.resume_next()
            wave.run(index, _start(item))
        while wave.parked:
            wave.resume_next()
    finally:
        wave.end()
    return wave.values


def _start(item: Callable[[], V]) -> _Call:
    """A call of the wave that runs ``item`` in a copy of this context."""
    context = contextvars.copy_context()
    return _Call(run=lambda: context.run(item), parent=getcurrent())
