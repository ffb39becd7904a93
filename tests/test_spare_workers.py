"""monoql/spare_workers.py and the worker's use of it: slots, the contention rule, the rest."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

import pytest

from monoql.gunicorn_worker import JsonErrorWorker
from monoql.spare_workers import RunQueueClock, SparePacing, core_workers, free_slot
from tests.test_gunicorn_worker import idle_worker, listening


class ScriptedClock(RunQueueClock):
    """Readings (ran, waited) in nanoseconds, one per read."""

    def __init__(self, readings: list[tuple[int, int] | None]) -> None:
        self._readings = list(readings)

    def read(self) -> tuple[int, int] | None:
        return self._readings.pop(0)


def contended(requests: int) -> list[tuple[int, int] | None]:
    """Readings around `requests` requests, each 1 ms on a CPU and 2 ms waiting for one."""
    return [(ns * 1_000_000, ns * 2_000_000) for n in range(requests) for ns in (n, n + 1)]


def test_core_workers_are_one_per_cpu_and_one_more() -> None:
    assert core_workers(1) == 2
    assert core_workers(2) == 3
    assert core_workers(4) == 5


def test_a_new_worker_takes_the_lowest_free_slot() -> None:
    assert free_slot([]) == 0
    assert free_slot([0, 1, 2]) == 3
    assert free_slot([0, 2, 3]) == 1  # replacing the worker of slot 1


def test_the_clock_reads_this_threads_schedstat() -> None:
    clock = RunQueueClock()
    first = clock.read()
    if first is None:
        pytest.skip("this system has no /proc/thread-self/schedstat")
    sum(range(2_000_000))  # some CPU time
    second = clock.read()
    assert second is not None
    assert second[0] > first[0]
    assert second[1] >= first[1]
    clock.close()
    assert clock.read() is None


def test_the_clock_says_nothing_where_the_system_does_not(tmp_path: Path) -> None:
    assert RunQueueClock(str(tmp_path / "absent")).read() is None
    garbage = tmp_path / "schedstat"
    garbage.write_text("not numbers\n")
    assert RunQueueClock(str(garbage)).read() is None


def test_a_contended_request_starts_a_rest_that_doubles_up_to_a_tenth_of_a_second() -> None:
    pacing = SparePacing(ScriptedClock(contended(7)))
    rests = []
    for _ in range(7):
        pacing.finish(pacing.start())
        assert pacing.resting
        rests.append(pacing.rest)
        pacing.rested()
        assert not pacing.resting
    assert rests == [0.005, 0.01, 0.02, 0.04, 0.08, 0.1, 0.1]


def test_a_request_that_waited_less_than_half_its_run_time_ends_the_rests() -> None:
    pacing = SparePacing(ScriptedClock([*contended(2), (10_000_000, 0), (12_000_000, 999_999)]))
    pacing.finish(pacing.start())
    pacing.rested()
    pacing.finish(pacing.start())
    pacing.rested()
    assert pacing.rest == 0.01
    pacing.finish(pacing.start())  # 2 ms on a CPU, just under 1 ms waiting
    assert not pacing.resting
    assert pacing.rest == 0.0


def test_without_readings_a_spare_never_rests() -> None:
    pacing = SparePacing(ScriptedClock([None, None, (0, 0), None]))
    pacing.finish(pacing.start())
    pacing.finish(pacing.start())
    assert not pacing.resting
    assert pacing.rest == 0.0


def serving_worker(listener: socket.socket, clock: RunQueueClock | None) -> tuple[JsonErrorWorker, list[str]]:
    """An idle worker whose `handle` records and closes each connection; a spare when `clock` is given."""
    worker = idle_worker(listener)
    served: list[str] = []

    def handle(_listener: socket.socket, client: socket.socket, _addr: object) -> None:
        served.append(client.recv(16).decode())
        client.close()

    worker.handle = handle  # type: ignore[method-assign]
    if clock is not None:
        worker.spare = True
        worker._pacing = SparePacing(clock)
    return worker, served


def connect(listener: socket.socket, text: str) -> socket.socket:
    client = socket.create_connection(listener.getsockname())
    client.sendall(text.encode())
    return client


def test_a_spare_takes_no_connection_while_it_rests_and_serves_after_its_rest() -> None:
    listener = listening()
    worker, served = serving_worker(listener, ScriptedClock(contended(2)))
    clients = [connect(listener, "first"), connect(listener, "second")]
    worker.accept(listener)
    assert served == ["first"]
    with pytest.raises(BlockingIOError) as refused:  # gunicorn's loop then waits
        worker.accept(listener)
    assert refused.value.errno == errno.EAGAIN
    assert worker.wait(30.0) is None  # the rest (5 ms), not the listener with its pending connection
    worker.accept(listener)
    assert served == ["first", "second"]
    for client in clients:
        client.close()
    listener.close()


def test_a_signal_ends_the_rest() -> None:
    listener = listening()
    worker, _served = serving_worker(listener, ScriptedClock(contended(1)))
    assert worker._pacing is not None
    worker._pacing.rest = 30.0
    worker._pacing.resting = True
    os.write(worker.PIPE[1], b".")  # what a signal writes to wake the worker
    assert worker.wait(30.0) == [worker.PIPE[0]]
    assert not worker._pacing.resting
    assert worker.wait(0.05) is None  # its byte was read
    listener.close()


def test_a_core_worker_serves_whatever_the_contention() -> None:
    listener = listening()
    worker, served = serving_worker(listener, None)
    clients = [connect(listener, "first"), connect(listener, "second")]
    worker.accept(listener)
    worker.accept(listener)
    assert served == ["first", "second"]
    for client in clients:
        client.close()
    listener.close()
