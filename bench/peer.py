"""The Node.js peer of the benchmarks (bench/node-peer): its set-up, start-up and answer check.

The peer is what a team would build with Apollo Server 5 for the bench operations (standalone,
node:cluster with one worker per core, `NODE_ENV=production`, graphql-js 16, DataLoader 2, undici
keep-alive pools of 8 sockets) over the repository's SDL, with monoql's normalisation, backend calls,
5 s worker cache of anonymous campaign reads and remembered verified JWTs. Its dependencies are
pinned by bench/node-peer/package-lock.json and installed with `npm ci`. Before anything is measured
its answers must carry the same `data` as monoql's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import requests

from bench import catalog
from bench.stack import SERVICES, Server, _spawn, free_port
from monoql.config.loader import load_settings
from monoql_sandbox.keys import public_key_pem

PEER_DIR = Path(__file__).resolve().parent / "node-peer"
#: The bench operations the peer serves (it has no mutations).
OPERATIONS = frozenset({"fan_landing", "admin_campaign", "admin_campaign_list", "admin_metrics"})


def require_node() -> None:
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            raise SystemExit("the Node peer needs node (20.18 or later) and npm: apt-get install nodejs npm")


def install() -> None:
    """`npm ci` from the lock file, once per lock file (node_modules/.package-lock.json is newer)."""
    require_node()
    marker = PEER_DIR / "node_modules" / ".package-lock.json"
    lock = PEER_DIR / "package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=PEER_DIR, check=True)


def config(sandbox: Server, port: int) -> dict[str, Any]:
    """The peer's settings, taken from the settings monoql runs with in the bench (`local`)."""
    settings = load_settings("local", environ={"MONOQL_JWT__PUBLIC_KEY": public_key_pem()})
    identity = settings.identity

    def entry(value: Any) -> Any:
        if isinstance(value, str):
            return value
        fields = {"url": value.url, "version": value.version, "integratorId": value.integrator_id,
                  "placementId": value.placement_id}
        return {key: item for key, item in fields.items() if item is not None}

    default = identity.default
    return {
        "port": port,
        "services": {service: f"{sandbox.url}/{service}" for service in SERVICES},
        "publicKey": public_key_pem(),
        "cacheTtlSeconds": settings.services["campaigns"].cache_ttl,
        "maxListLimit": settings.lists.max_limit,
        "identity": {
            "default": {"url": default.url, "version": default.version, "integratorId": default.integrator_id,
                        "placementId": default.placement_id},
            "hosts": {host: entry(value) for host, value in identity.hosts.items()},
        },
    }


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Node peer exited with {process.returncode}")
        try:
            reply = requests.post(f"{url}/graphql", json={"query": "{ __typename }"}, timeout=1)
            if reply.status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the Node peer did not come up in {timeout} s")


def start_peer(tmp: Path, sandbox: Server, *, workers: int | None = None) -> Server:
    """The peer under node:cluster (one worker per core unless `workers`), on a free loopback port."""
    install()
    port = free_port()
    folder = tmp / "peer"
    folder.mkdir(parents=True, exist_ok=True)
    config_file = folder / "peer.json"
    config_file.write_text(json.dumps(config(sandbox, port)))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NODE_ENV": "production",
           "PEER_CONFIG": str(config_file)}
    if workers:
        env["PEER_WORKERS"] = str(workers)
    process = _spawn(["node", str(PEER_DIR / "server.js")], env, folder / "peer.log")
    server = Server("peer", f"http://127.0.0.1:{port}", process)
    _wait_until_serving(server.url, process)
    # Every worker serves on the shared port; a few requests reach each before the check.
    for _ in range(4 * (workers or os.cpu_count() or 1)):
        requests.post(f"{server.url}/graphql", json={"query": "{ __typename }"}, timeout=5)
    return server


def _differences(mine: Any, theirs: Any, where: str = "data") -> list[str]:
    if isinstance(mine, dict) and isinstance(theirs, dict):
        found = [f"{where}.{key}: only in {'monoql' if key in mine else 'peer'}"
                 for key in sorted(set(mine) ^ set(theirs))]
        for key in mine.keys() & theirs.keys():
            found += _differences(mine[key], theirs[key], f"{where}.{key}")
        return found
    if isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        return [line for index, (a, b) in enumerate(zip(mine, theirs, strict=True))
                for line in _differences(a, b, f"{where}[{index}]")]
    if mine == theirs and type(mine) is type(theirs):
        return []
    return [f"{where}: monoql {mine!r} peer {theirs!r}"]


def _answer(url: str, op: catalog.Operation, token: str | None) -> dict[str, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    reply = requests.post(f"{url}/graphql", data=op.body(), headers=headers, timeout=60)
    body: dict[str, Any] = reply.json()
    return body


def _error_paths(body: dict[str, Any]) -> list[str]:
    errors = body.get("errors") or ()
    return sorted(".".join(str(part) for part in error.get("path") or ()) for error in errors)


def check_answers(gateway: Server, peer: Server, cases: list[catalog.Operation],
                  tokens: dict[str, str | None]) -> int:
    """Every case's `data` (and the paths of its errors) from the peer equal monoql's.

    Stops the benchmark at the first case that differs: a peer that answers something else would
    not be measuring the same work.
    """
    for op in cases:
        token = tokens[op.caller]
        mine, theirs = _answer(gateway.url, op, token), _answer(peer.url, op, token)
        differences = _differences(mine.get("data"), theirs.get("data"))
        if _error_paths(mine) != _error_paths(theirs):
            differences.append(f"errors at monoql {_error_paths(mine)} peer {_error_paths(theirs)}")
        if differences:
            shown = "\n  ".join(differences[:20])
            raise SystemExit(f"the Node peer's answer to {op.key} {op.variables} differs from monoql's:"
                             f"\n  {shown}")
    return len(cases)
