"""The request deadline bounds a worker whatever a backend does, including a backend that answers
headers at once and then trickles its body a byte at a time (each read stays under the timeout)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from tests.support.gateway import app_for, gateway_settings
from tests.support.tokens import make_jwt

DEADLINE = 1.0
MARGIN = 2.0  # a behaviour bound, not a benchmark
TRICKLE_SECONDS = 5.0


@pytest.fixture
def trickling_backend() -> Iterator[str]:
    """An HTTP server that sends its headers, then one byte every 0.2 s for TRICKLE_SECONDS."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"data\": [")
            end = time.monotonic() + TRICKLE_SECONDS
            while time.monotonic() < end and not stop.is_set():
                time.sleep(0.2)
                conn.sendall(b" ")
        except OSError:
            pass
        finally:
            conn.close()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/campaigns"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def test_trickling_backend_is_cut_at_the_deadline(trickling_backend: str) -> None:
    settings = gateway_settings(deadline={"query": DEADLINE}, services={"campaigns": {"url": trickling_backend}})
    client = app_for(settings).test_client()
    started = time.monotonic()
    response = client.post("/graphql", json={"query": "{ promoters { id } identity { url } }"},
                           headers={"Authorization": f"Bearer {make_jwt(is_supreme=True)}"})
    elapsed = time.monotonic() - started
    body = response.get_json()
    assert body["data"]["identity"] is not None
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_TIMEOUT"
    assert elapsed < DEADLINE + MARGIN
