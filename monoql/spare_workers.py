"""Spare sync workers: the workers past what the pod's CPUs keep busy step aside while those CPUs are
contended, and serve again as soon as they are not.

A sync worker holds its request through its backend calls, so gunicorn runs ``2 x CPUs + 1`` of them:
while some wait on backends, the others use the CPUs. When the requests cost CPU rather than waiting
(fast backends, remembered answers), all of them compete for the CPUs at once. Each is then preempted
mid-request and resumes with cold caches: on two CPUs, five busy workers spent about half again the
CPU per request of three, and served fewer requests (``bench/results/profile.md``).

So each worker gets a slot when gunicorn forks it; the first ``CPUs + 1`` are core workers and always
accept. A spare measures, over each request it serves, how long its main thread waited for a CPU
while runnable (Linux's ``/proc/thread-self/schedstat``) against how long it ran. A wait longer than
half the run time means the CPUs are contended: the spare rests, taking no connection for a few
milliseconds, twice as long after each contended request up to a tenth of a second. It then serves
one request again to measure. When backends are slow the workers wait on them rather than on the
CPUs, spares measure no contention and serve as before. Where the system does not say (no
schedstat), a spare is a worker like any other.

Imported by gunicorn's master (gunicorn.conf.py, the worker class): the standard library only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

#: A request whose main thread waited for a CPU longer than this share of its run time was contended.
CONTENDED_SHARE = 0.5
FIRST_REST_SECONDS = 0.005
LONGEST_REST_SECONDS = 0.1
SCHEDSTAT = "/proc/thread-self/schedstat"


def core_workers(cpus: int) -> int:
    """Workers that always accept: one per CPU, and one to take over while another is between requests."""
    return cpus + 1


def free_slot(taken: Iterable[int]) -> int:
    """The lowest slot no live worker holds: a worker replacing one that exited takes its slot."""
    held = set(taken)
    slot = 0
    while slot in held:
        slot += 1
    return slot


class RunQueueClock:
    """This thread's time on a CPU and time waiting for one while runnable, in nanoseconds."""

    def __init__(self, path: str = SCHEDSTAT) -> None:
        try:
            self._fd: int | None = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            self._fd = None

    def read(self) -> tuple[int, int] | None:
        """(ran, waited), or None where the system does not say."""
        if self._fd is None:
            return None
        try:
            ran, waited = os.pread(self._fd, 128, 0).split()[:2]
            return int(ran), int(waited)
        except (OSError, ValueError):
            return None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class SparePacing:
    """When a spare worker rests, from what its requests waited for a CPU."""

    def __init__(self, clock: RunQueueClock) -> None:
        self._clock = clock
        #: Seconds of the next rest; 0 while the CPUs were free at the last request.
        self.rest = 0.0
        #: True from a contended request until the worker has rested once.
        self.resting = False

    def start(self) -> tuple[int, int] | None:
        return self._clock.read()

    def finish(self, started: tuple[int, int] | None) -> None:
        """After a request started at `started` (what `start` read): rest if it was contended."""
        if started is None:
            return
        now = self._clock.read()
        if now is None:
            return
        ran, waited = now[0] - started[0], now[1] - started[1]
        if waited > ran * CONTENDED_SHARE:
            self.rest = min(LONGEST_REST_SECONDS, self.rest * 2 or FIRST_REST_SECONDS)
            self.resting = True
        else:
            self.rest = 0.0

    def rested(self) -> None:
        """The rest is over: the next connection is served (and measured)."""
        self.resting = False
