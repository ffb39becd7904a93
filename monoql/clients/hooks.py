"""The client layer's injectable hooks: time, sleeping, randomness and name resolution.

Tests replace them through :data:`HOOKS`; :func:`monoql.per_process.reset_all` puts the real ones back.
"""

from __future__ import annotations

import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from monoql.per_process import on_reset

Resolver = Callable[..., Any]


@dataclass
class Hooks:
    """Time, randomness and name resolution, looked up at call time so tests can swap them."""

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random
    resolver: Resolver = field(default=socket.getaddrinfo)


HOOKS = Hooks()


@on_reset
def restore_hooks() -> None:
    """The real clock, sleep, randomness and resolver (part of :func:`monoql.per_process.reset_all`)."""
    HOOKS.clock = time.monotonic
    HOOKS.sleep = time.sleep
    HOOKS.rand = random.random
    HOOKS.resolver = socket.getaddrinfo
