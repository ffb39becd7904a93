"""The image's HEALTHCHECK probes /heartbeat on the configured port, whatever that port is."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from monoql import healthcheck


class _Heartbeat(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:  # the http.server hook name
        code = self.status if self.path == "/heartbeat" else 404
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # silence the server
        pass


def _serve(status: int) -> Iterator[int]:
    handler = type("Handler", (_Heartbeat,), {"status": status})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def healthy_port() -> Iterator[int]:
    yield from _serve(200)


@pytest.fixture
def failing_port() -> Iterator[int]:
    yield from _serve(503)


# What the chart's Secret provides: a made-up session secret and the sandbox's development key (set
# for every test by tests/conftest.py).
SECRETS = {"MONOQL_SESSION__SECRET": "s" * 40, "MONOQL_JWT__PUBLIC_KEY": os.environ["MONOQL_JWT__PUBLIC_KEY"]}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_probes_the_port_monoql_port_sets(healthy_port: int) -> None:
    environ = {**SECRETS, "MONOQL_ENV": "local", "MONOQL_PORT": str(healthy_port)}
    assert healthcheck.heartbeat_url(environ) == f"http://127.0.0.1:{healthy_port}/heartbeat"
    assert healthcheck.main(environ) == 0


def test_probes_loopback_when_listening_everywhere_and_the_address_otherwise() -> None:
    everywhere = {"MONOQL_ENV": "dev", "MONOQL_HOST": "0.0.0.0", "MONOQL_PORT": "9191", **SECRETS}
    assert healthcheck.heartbeat_url(everywhere) == "http://127.0.0.1:9191/heartbeat"
    one = {**everywhere, "MONOQL_HOST": "10.1.2.3"}
    assert healthcheck.heartbeat_url(one) == "http://10.1.2.3:9191/heartbeat"


def test_probes_the_port_of_the_mounted_config_file(healthy_port: int, tmp_path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"port: {healthy_port}\n")
    assert healthcheck.main({**SECRETS, "MONOQL_ENV": "local", "MONOQL_CONFIG_FILE": str(config)}) == 0


def test_a_heartbeat_that_is_not_200_is_unhealthy(failing_port: int, capsys) -> None:
    assert healthcheck.main({**SECRETS, "MONOQL_ENV": "local", "MONOQL_PORT": str(failing_port)}) == 1
    assert f"127.0.0.1:{failing_port}/heartbeat: HTTP 503" in capsys.readouterr().err


def test_nothing_listening_is_unhealthy() -> None:
    assert healthcheck.main({**SECRETS, "MONOQL_ENV": "local", "MONOQL_PORT": str(_closed_port())}) == 1


def test_an_unusable_configuration_is_unhealthy(capsys) -> None:
    assert healthcheck.main({"MONOQL_ENV": "nowhere"}) == 1
    assert "MONOQL_ENV: unknown environment" in capsys.readouterr().err
