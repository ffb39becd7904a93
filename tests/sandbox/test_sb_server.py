"""The real sandbox server (CLI, gunicorn gthread) over loopback: heartbeat, down and latency faults."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "monoql_sandbox",
            "--port",
            str(port),
            "--threads",
            "8",
            "--fault",
            "users:latencyMs=250",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/campaigns/heartbeat", timeout=1).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail(f"sandbox did not start: {proc.stdout.read().decode()}")
    yield base
    proc.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
    proc.wait(timeout=20)


def test_real_server(server):
    for prefix in ("users", "campaigns", "entries", "codes", "uploads", "waves", "exports"):
        assert requests.get(f"{server}/{prefix}/heartbeat", timeout=5).json() == {"status": "ok"}
    started = time.monotonic()
    requests.get(f"{server}/users/heartbeat", timeout=5)
    assert time.monotonic() - started >= 0.25  # start-up latency fault applies
    requests.put(f"{server}/_sandbox/faults/entries", json={"down": True}, timeout=5)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server}/entries/heartbeat", timeout=5)
    requests.delete(f"{server}/_sandbox/faults/entries", timeout=5)
    assert requests.get(f"{server}/entries/heartbeat", timeout=5).ok
    login = requests.post(f"{server}/users/auth", json={"tm_token": "sandbox-supreme", "version": "v2"}, timeout=5)
    assert login.status_code == 200 and login.json()["auth"]["token"]
