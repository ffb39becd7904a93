"""What the root fixture (tests/conftest.py) runs before and after every test."""

from __future__ import annotations

import socket
from typing import Any

from monoql.per_process import reset_all
from tests.support.gateway import BACKEND, forget_apps

MOCKED_HOST = BACKEND.split("://", 1)[1]


def fresh_process_state() -> None:
    """This process as a new worker starts it (`monoql.per_process.reset_all`), and no app kept by
    `tests.support.gateway.app_for` (each app holds its own document and persisted-query caches)."""
    reset_all()
    forget_apps()


def resolve_mocked_backends(host: str, port: int, *args: Any) -> Any:
    """`socket.getaddrinfo`, but the mocked backends' host (a `.test` name, which never resolves)
    answers loopback at once. The DNS check asks for it before every mocked call, from the pool
    threads at once; the system resolver's failures then took seconds, enough to pass a deadline."""
    if host == MOCKED_HOST:
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", port))]
    return socket.getaddrinfo(host, port, *args)
