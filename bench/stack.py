"""Start and stop the processes a benchmark measures: the sandbox, monoql and the floor under gunicorn.

Everything binds to free loopback ports; each server's CPU time and worker memory are read from
/proc so the load generator's own cost never counts against the server.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from monoql_sandbox.keys import public_key_pem

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("users", "campaigns", "entries", "codes", "uploads", "waves", "exports")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

#: The switches of the stock Graphene behaviour: no caches, no batching/dedupe, no concurrency.
OPTIMISATIONS_OFF = {"batching": False, "concurrency": False, "caches": False}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def default_workers() -> int:
    """What gunicorn.conf.py picks on this machine: 2 x CPUs + 1."""
    return 2 * (os.cpu_count() or 1) + 1


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from `state` on (the name may hold spaces)


def children(pid: int) -> list[int]:
    """Direct children of `pid` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (all their threads)."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def reaped_cpu_seconds(pid: int) -> float:
    """CPU time of the children `pid` has waited for: a gunicorn worker recycled after `max_requests`
    takes its CPU time with it when it exits, and its master counts it here once it reaps it."""
    fields = _stat(pid)
    return (int(fields[13]) + int(fields[14])) / CLOCK_TICKS if fields else 0.0  # cutime, cstime


def rss_mib(pid: int) -> float:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * PAGE_SIZE / 2**20


@dataclass
class Server:
    """One running gunicorn (monoql or the floor) or the sandbox."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pids(self) -> list[int]:
        return [self.process.pid, *children(self.process.pid)]

    @property
    def worker_pids(self) -> list[int]:
        return children(self.process.pid) or [self.process.pid]

    def cpu(self) -> float:
        """CPU time of the server's processes, workers that exited since it started included."""
        return cpu_seconds(self.pids) + reaped_cpu_seconds(self.process.pid)

    def worker_rss(self) -> list[float]:
        return [rss_mib(pid) for pid in self.worker_pids]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
    )


def start_sandbox(tmp: Path, latency_ms: int = 0) -> Server:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    faults = [f"--fault={service}:latencyMs={latency_ms}" for service in SERVICES] if latency_ms else []
    process = _spawn(
        [sys.executable, "-m", "monoql_sandbox", "--host", "127.0.0.1", "--port", str(port), *faults],
        {**os.environ, "PYTHONPATH": str(ROOT)},
        tmp / "sandbox.log",
    )
    server = Server("sandbox", url, process)
    wait_until_up(f"{url}/users/heartbeat", process)
    return server


def set_latency(sandbox: Server, latency_ms: int) -> None:
    """The same fixed latency on every stand-in (docs/sandbox.md §4 fault injection)."""
    for service in SERVICES:
        url = f"{sandbox.url}/_sandbox/faults/{service}"
        if latency_ms:
            requests.put(url, json={"latencyMs": latency_ms}, timeout=10).raise_for_status()
        else:
            requests.delete(url, timeout=10).raise_for_status()


def start_gateway(tmp: Path, name: str, sandbox: Server, *, performance: dict[str, bool] | None = None,
                  workers: int | None = None, max_requests: int | None = None) -> Server:
    """monoql under gunicorn.conf.py (sync workers), configured like `local` but pointing at `sandbox`."""
    port = free_port()
    folder = tmp / name
    folder.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {
        "port": port,
        "services": {service: {"url": f"{sandbox.url}/{service}"} for service in SERVICES},
        "logging": {"level": "INFO", "file": str(folder / "titan.log")},
        "showDeveloperMessage": False,  # production error bodies (no stack traces)
    }
    if performance is not None:
        config["performance"] = performance
    config_file = folder / "monoql.json"
    config_file.write_text(json.dumps(config))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "MONOQL_ENV": "local",
        "MONOQL_JWT__PUBLIC_KEY": public_key_pem(),  # trust the sandbox's development key, as `make run` does
        "MONOQL_CONFIG_FILE": str(config_file),
        "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
        "WEB_CONCURRENCY": str(workers or default_workers()),
    }
    args = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    if max_requests is not None:
        args += ["--max-requests", str(max_requests)]
    process = _spawn([*args, "monoql.wsgi:app"], env, folder / "gunicorn.log")
    server = Server(name, f"http://127.0.0.1:{port}", process)
    wait_until_up(f"{server.url}/heartbeat", process)
    return server


def start_floor(tmp: Path, sandbox: Server, responses_file: Path, *, workers: int | None = None) -> Server:
    """The floor client (bench.floor) under gunicorn with the same worker model as monoql."""
    port = free_port()
    folder = tmp / "floor"
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FLOOR_BACKEND": sandbox.url,
        "FLOOR_RESPONSES": str(responses_file),
    }
    args = [
        sys.executable, "-m", "gunicorn", "--config", "python:bench.floor_gunicorn",
        "--workers", str(workers or default_workers()),
        "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--timeout", "65",
        "--log-level", "warning", "bench.floor:app",
    ]
    process = _spawn(args, env, folder / "gunicorn.log")
    server = Server("floor", f"http://127.0.0.1:{port}", process)
    wait_until_up(f"{server.url}/heartbeat", process)
    return server
