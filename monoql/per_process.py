"""State a worker keeps for itself, and the one function that forgets all of it.

A gunicorn worker builds some state once and reuses it for every request: HTTP sessions (with their
DNS-aware adapters and HTTP caches), circuit breakers, retry budgets, verified JWTs, the operation
names admitted as metric labels, "this failure was already logged" flags. None of it may cross a
fork: a :class:`PerProcess` value is keyed by the process id (:func:`current_pid`), so a worker forked
from a master that already touched it starts afresh.

:func:`reset_all` forgets every such value of this process, as a new worker would start. Modules
with state that is not a ``PerProcess`` value register how to forget it with :func:`on_reset`. The
tests call ``reset_all`` before every test, so no test inherits another's open breaker or cache.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

K = TypeVar("K")
T = TypeVar("T")

_holders: list[PerProcess[Any]] = []
_resets: list[Callable[[], None]] = []

# The pid, read once and again in each forked child: glibc does not cache `getpid`, and it was a system
# call per look-up of per-process state and per metric update, about twenty per request.
_pid = os.getpid()


def _read_pid() -> None:
    global _pid
    _pid = os.getpid()


os.register_at_fork(after_in_child=_read_pid)


def current_pid() -> int:
    """This process's id, as ``os.getpid()`` returns it, without asking the kernel."""
    return _pid


class PerProcess(Generic[T]):
    """A value created lazily, once per process, by ``factory``."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._value: T | None = None
        _holders.append(self)

    def get(self) -> T:
        pid = _pid
        value = self._value
        if self._pid == pid and value is not None:
            return value
        with self._lock:
            if self._pid != pid or self._value is None:
                self._value = self._factory()
                self._pid = pid
            return self._value

    def reset(self) -> None:
        with self._lock:
            self._pid = None
            self._value = None


class PerProcessByKey(Generic[K, T]):
    """Values created lazily, once per process and key: a breaker per service, a cache per set of bounds."""

    def __init__(self) -> None:
        self._values: PerProcess[dict[K, T]] = PerProcess(dict)
        self._lock = threading.Lock()

    def get(self, key: K, create: Callable[[], T]) -> T:
        """The value of ``key``, made by ``create`` the first time this process asks for it."""
        values = self._values.get()
        value = values.get(key)
        if value is None:
            with self._lock:
                value = values.get(key)
                if value is None:
                    value = values[key] = create()
        return value

    def peek(self, key: K) -> T | None:
        """The value of ``key`` if this process made one, without making it."""
        return self._values.get().get(key)


def on_reset(forget: Callable[[], None]) -> Callable[[], None]:
    """Register ``forget`` (state a module keeps outside a ``PerProcess``) with :func:`reset_all`."""
    _resets.append(forget)
    return forget


def reset_all() -> None:
    """Forget this process's state, as a freshly forked worker starts: every ``PerProcess`` value and
    everything registered with :func:`on_reset` (only modules already imported have registered; the
    others have no state yet)."""
    for forget in _resets:
        forget()
    for holder in _holders:
        holder.reset()
