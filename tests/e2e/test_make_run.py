"""`make run`: every port on loopback only, and "ready" only once the sandbox answers behind the gateway.

The target runs as a developer runs it (nginx in front when it is installed), on free ports and with
nginx's files in a temporary folder, so that it never meets another server of this machine.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import free_port

REPO = Path(__file__).resolve().parents[2]
READY = "monoql ready: "
LISTEN = "0A"  # the TCP state of a listening socket in /proc/net/tcp


@dataclass
class Run:
    gateway: int
    upstream: int
    sandbox: int
    ready_line: str
    output: list[str]


def listening_addresses(port: int) -> set[str]:
    """The addresses (hex, as the kernel writes them) of the sockets listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table, encoding="ascii") as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, _, hex_port = local.rpartition(":")
                if state == LISTEN and int(hex_port, 16) == port:
                    found.add(address)
    return found


def read_lines(stream: object, lines: queue.Queue[str | None]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put(line.rstrip("\n"))
    lines.put(None)


@pytest.fixture(scope="module")
def make_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    gateway, upstream, sandbox = free_port(), free_port(), free_port()
    variables = [f"RUN_PORT={gateway}", f"UPSTREAM_PORT={upstream}", f"SANDBOX_PORT={sandbox}",
                 f"NGINX_PREFIX={tmp_path_factory.mktemp('nginx')}"]
    env = {name: value for name, value in os.environ.items() if not name.startswith("MONOQL_")}
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run", *variables], cwd=REPO, env={**env, "WEB_CONCURRENCY": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=read_lines, args=(process.stdout, lines), daemon=True).start()
    output: list[str] = []
    try:
        deadline = time.monotonic() + 180
        while not any(line.startswith(READY) for line in output):
            assert time.monotonic() < deadline, "make run printed no ready line:\n" + "\n".join(output)
            try:
                line = lines.get(timeout=5)
            except queue.Empty:
                continue
            assert line is not None, "make run stopped before it was ready:\n" + "\n".join(output)
            output.append(line)
        yield Run(gateway, upstream, sandbox, output[-1], output)
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # make, the sandbox, nginx and gunicorn: the run's own group
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_ready_means_the_sandbox_answers_through_the_gateway(make_run: Run) -> None:
    """At the moment the line is printed, a login (which needs the users stand-in) already works."""
    url = f"http://127.0.0.1:{make_run.gateway}"
    assert make_run.ready_line.startswith(f"{READY}{url}/graphql (GraphiQL {url}/graphiql)")
    login = requests.post(
        f"{url}/graphql",
        json={"query": 'mutation { authenticate(credentials: {token: "sandbox-fan"}) { isLoggedIn isAdmin } }'},
        timeout=30,
    )
    assert login.status_code == 200
    assert login.json() == {"data": {"authenticate": {"isLoggedIn": True, "isAdmin": False}}}


def test_every_port_listens_on_loopback_only(make_run: Run) -> None:
    loopback = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}
    proxied = not any(line.startswith("nginx not found") for line in make_run.output)
    ports = [make_run.gateway, make_run.sandbox, *([make_run.upstream] if proxied else [])]
    for port in ports:
        addresses = listening_addresses(port)
        assert addresses, f"nothing listens on {port}"
        assert addresses <= loopback, f"port {port} listens on {addresses}"


def test_the_loopback_check_sees_a_socket_on_every_interface() -> None:
    with socket.socket() as server:
        server.bind(("0.0.0.0", 0))
        server.listen()
        assert listening_addresses(server.getsockname()[1]) == {"00000000"}
