"""Per-process state of the client layer (safe across gunicorn's fork) and its injectable hooks.

State built in one process is never used in another: every holder is keyed by ``os.getpid()``, so a
worker forked from a master that already touched the client layer starts afresh. Tests replace the
hooks (clock, sleep, random, resolver) through :data:`HOOKS` and drop state with :func:`reset_all`.
"""

from __future__ import annotations

import os
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")

Resolver = Callable[..., Any]


@dataclass
class Hooks:
    """Time, randomness and name resolution, looked up at call time so tests can swap them."""

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random
    resolver: Resolver = field(default=socket.getaddrinfo)


HOOKS = Hooks()

_holders: list[PerProcess[Any]] = []


class PerProcess(Generic[T]):
    """A value created lazily, once per process, by ``factory``."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._value: T | None = None
        _holders.append(self)

    def get(self) -> T:
        pid = os.getpid()
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


def reset_all() -> None:
    """Forget every per-process value (sessions, breakers, budgets) and restore the default hooks."""
    for holder in _holders:
        holder.reset()
    HOOKS.clock = time.monotonic
    HOOKS.sleep = time.sleep
    HOOKS.rand = random.random
    HOOKS.resolver = socket.getaddrinfo
