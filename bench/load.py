"""The load driver: wrk (C, one thread) with bench/wrk.lua, plus what the servers did meanwhile.

One measurement = one wrk run at a fixed number of connections against one server. Around it the
driver reads the server's CPU time (/proc), worker RSS, and, for monoql, its /metrics counters
(backend calls made and served from the worker cache, GraphQL requests answered); the floor and
the Node peer report their calls in response headers. wrk's own CPU is measured too: on a 2-core machine the
load generator competes with the servers, so it must stay small and be reported.
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import requests

from bench.stack import Server

WRK_LUA = Path(__file__).resolve().parent / "wrk.lua"
#: Servers that report their backend calls per response (headers) instead of on /metrics.
SELF_REPORTING = frozenset({"floor", "peer"})
_SAMPLE = re.compile(r"^(?P<name>[a-zA-Z_:]+)(?:\{(?P<labels>[^}]*)\})? (?P<value>\S+)$")


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("the benchmarks drive load with wrk: install it (Debian: apt-get install -y wrk)")
    return path


@dataclass
class Measurement:
    """What one load run measured."""

    server: str
    connections: int
    seconds: float
    requests: int
    throughput: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    errors: int
    calls_per_op: float | None
    network_calls_per_op: float | None
    cpu_ms_per_op: float
    backend_cpu_ms_per_op: float
    cpu_percent: float
    worker_rss_mib: float
    load_cpu_percent: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def gateway_counters(server: Server) -> dict[str, float]:
    """Backend calls (cache hits included), cache hits and /graphql requests, summed over workers."""
    text = requests.get(f"{server.url}/metrics", timeout=10).text
    totals = {"calls": 0.0, "cache_hits": 0.0, "graphql": 0.0}
    for line in text.splitlines():
        match = _SAMPLE.match(line)
        if not match:
            continue
        name, labels, value = match["name"], match["labels"] or "", float(match["value"])
        if name == "monoql_upstream_request_duration_seconds_count":
            totals["calls"] += value
        elif name == "monoql_upstream_cache_total" and 'result="hit"' in labels:
            totals["cache_hits"] += value
        elif name == "monoql_http_request_duration_seconds_count" and 'route="/graphql"' in labels:
            totals["graphql"] += value
    return totals


def settled_counters(server: Server, timeout: float = 30.0) -> dict[str, float]:
    """The counters once requests still in flight when wrk stopped have finished."""
    deadline = time.monotonic() + timeout
    previous = gateway_counters(server)
    while time.monotonic() < deadline:
        time.sleep(0.3)
        current = gateway_counters(server)
        if current == previous:
            return current
        previous = current
    return previous


def start_wrk(url: str, body_file: Path, token: str | None, connections: int,
              seconds: float, *, surge: bool = False) -> subprocess.Popen[str]:
    """wrk in the background: one thread, `connections` connections, POSTing `body_file`.

    `surge`: the file holds one body a line, sent in turn, each request as another anonymous fan.
    """
    env = {"BODY_FILE": str(body_file), "AUTH": token or "", "PATH": "/usr/bin:/bin",
           "SURGE": "1" if surge else ""}
    args = [require_wrk(), "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
            "-s", str(WRK_LUA), f"{url}/graphql"]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wrk_result(process: subprocess.Popen[str]) -> dict[str, Any]:
    """Wait for wrk and return the JSON line wrk.lua printed."""
    out, err = process.communicate()
    for line in out.splitlines():
        if line.startswith("BENCH_JSON "):
            result: dict[str, Any] = json.loads(line[len("BENCH_JSON "):])
            return result
    raise RuntimeError(f"wrk printed no result (exit {process.returncode}): {out} {err}")


def _wrk(url: str, body_file: Path, token: str | None, connections: int, seconds: float,
         surge: bool = False) -> dict[str, Any]:
    return wrk_result(start_wrk(url, body_file, token, connections, seconds, surge=surge))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(server: Server, body: bytes, token: str | None, *, connections: int,
            seconds: float, backend: Server | None = None, surge: bool = False) -> Measurement:
    """Run wrk against `server` and collect its throughput, latency, calls, CPU and memory.

    `backend` (the sandbox) has its CPU time read too: it shares the machine with the server.
    `surge`: `body` holds one request body a line, each sent as another anonymous fan (wrk.lua).
    """
    is_gateway = server.name not in SELF_REPORTING
    with tempfile.NamedTemporaryFile(suffix=".json") as body_file:
        body_file.write(body)
        body_file.flush()
        before = gateway_counters(server) if is_gateway else None
        backend_before = backend.cpu() if backend else 0.0
        cpu_before, load_before, started = server.cpu(), _children_cpu(), time.monotonic()
        result = _wrk(server.url, Path(body_file.name), token, connections, seconds, surge)
        elapsed = time.monotonic() - started
        cpu = server.cpu() - cpu_before
        load_cpu = _children_cpu() - load_before
        backend_cpu = backend.cpu() - backend_before if backend else 0.0
        after = settled_counters(server) if is_gateway else None
    count = max(1, int(result["requests"]))
    if before is not None and after is not None:
        served = max(1.0, after["graphql"] - before["graphql"])
        calls = (after["calls"] - before["calls"]) / served
        network = calls - (after["cache_hits"] - before["cache_hits"]) / served
    else:
        calls = result["floor_calls"] / count
        network = result.get("floor_sent", result["floor_calls"]) / count
    errors = sum(int(result[key]) for key in ("connect_errors", "read_errors", "write_errors", "timeouts",
                                                "bad_status", "graphql_errors"))
    rss = server.worker_rss()
    wall = result["duration_us"] / 1e6
    return Measurement(
        server=server.name, connections=connections, seconds=round(wall, 2), requests=count,
        throughput=round(count / wall, 1), p50_ms=result["p50"] / 1000, p95_ms=result["p95"] / 1000,
        p99_ms=result["p99"] / 1000, mean_ms=round(result["mean"] / 1000, 3), errors=errors,
        calls_per_op=round(calls, 3), network_calls_per_op=round(network, 3),
        cpu_ms_per_op=round(cpu * 1000 / count, 3),
        backend_cpu_ms_per_op=round(backend_cpu * 1000 / count, 3), cpu_percent=round(cpu * 100 / elapsed, 1),
        worker_rss_mib=round(sum(rss) / max(1, len(rss)), 1),
        load_cpu_percent=round(load_cpu * 100 / elapsed, 1),
    )
