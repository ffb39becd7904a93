"""End-to-end harness: the real sandbox, monoql under gunicorn (two sync workers) and, as in the pod,
nginx in front of it with the chart's configuration, all on loopback ports.

nginx is required in CI; on a machine without it the stack serves gunicorn directly (`Stack.proxied`
says which), so the functional tests still run there.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "scripts" / "nginx_conf.py"
SERVICES = ("users", "campaigns", "entries", "codes", "uploads", "waves", "exports")

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def nginx_binary() -> str | None:
    """nginx on PATH; its absence fails in CI, where .ci/run installs it."""
    found = shutil.which("nginx")
    if found is None and os.environ.get("CI", "").lower() == "true":
        raise RuntimeError("nginx is not installed (.ci/run installs Debian's nginx)")
    return found


@dataclass
class Stack:
    """A running sandbox + gateway (+ nginx in front of it when `proxied`)."""

    gateway: str
    sandbox: str
    log_file: Path
    config_file: Path
    #: gunicorn's own address (the same as `gateway` when nginx is not in front).
    upstream: str = ""
    proxied: bool = False
    #: The marks nginx appends for requests it cut off for slowness.
    timeout_marks: Path | None = None
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def session(self) -> GraphQLClient:
        return GraphQLClient(self.gateway)

    def sandbox_call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return requests.request(method, f"{self.sandbox}{path}", timeout=30, **kwargs)

    def reset(self) -> None:
        self.sandbox_call("POST", "/_sandbox/reset").raise_for_status()
        for service in SERVICES:
            self.sandbox_call("DELETE", f"/_sandbox/faults/{service}")
        self.sandbox_call("DELETE", "/_sandbox/clock")
        self.sandbox_call("DELETE", "/_sandbox/calls")


class GraphQLClient:
    """A browser-like client: keeps cookies, sends JSON (or GraphQL multipart) to /graphql."""

    def __init__(self, gateway: str) -> None:
        self.gateway = gateway
        self.http = requests.Session()

    def post(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> requests.Response:
        body = {"query": query, "variables": dict(variables or {})}
        if not files:
            return self.http.post(
                f"{self.gateway}/graphql", json=body, headers=dict(headers or {}), timeout=70
            )
        file_map = {str(i): [f"variables.{name}"] for i, name in enumerate(files)}
        for name in files:
            body["variables"].setdefault(name, None)
        parts: dict[str, Any] = {str(i): part for i, part in enumerate(files.values())}
        data = {"operations": json.dumps(body), "map": json.dumps(file_map)}
        request_headers = {"Apollo-Require-Preflight": "true", **dict(headers or {})}
        return self.http.post(
            f"{self.gateway}/graphql", data=data, files=parts, headers=request_headers, timeout=70
        )

    def gql(self, query: str, variables: Mapping[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        """The response body; fails the test on a non-200 answer."""
        response = self.post(query, variables, **kwargs)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def login(self, token: str) -> dict[str, Any]:
        body = self.gql(
            "mutation Login($t: String) { authenticate(credentials: {token: $t}) { id isLoggedIn isAdmin } }",
            {"t": token},
        )
        assert not body.get("errors"), body
        viewer: dict[str, Any] = body["data"]["authenticate"]
        return viewer


def start_nginx(
    tmp: Path, *, listen: int, upstream: int, log_file: Path, args: list[str]
) -> subprocess.Popen[bytes]:
    """nginx in the foreground with its own prefix under `tmp`, rendered by scripts/nginx_conf.py."""
    binary = nginx_binary()
    assert binary is not None
    prefix = tmp / "nginx"
    rendered = subprocess.run(
        [
            sys.executable,
            str(NGINX_CONF),
            "--prefix",
            str(prefix),
            "--listen",
            f"127.0.0.1:{listen}",
            "--upstream",
            f"127.0.0.1:{upstream}",
            "--access-log",
            str(log_file),
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    conf = rendered.stdout.strip()
    return subprocess.Popen(
        [binary, "-e", "stderr", "-p", str(prefix), "-c", conf, "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "nginx.err").open("wb"),
    )


def start_stack(
    tmp: Path,
    *,
    sandbox_args: list[str] | None = None,
    env_overrides: dict[str, str] | None = None,
    workers: int = 2,
    nginx_args: list[str] | None = None,
) -> Stack:
    """Sandbox, gunicorn and (when installed) nginx; `nginx_args` go to scripts/nginx_conf.py."""
    proxied = nginx_binary() is not None
    sandbox_port, gateway_port = free_port(), free_port()
    gunicorn_port = free_port() if proxied else gateway_port
    sandbox = f"http://127.0.0.1:{sandbox_port}"
    config_file = tmp / "monoql-e2e.yaml"
    log_file = tmp / "logs" / "titan.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    marks = tmp / "nginx" / "timeouts.marks"
    config: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": gunicorn_port,
        "services": {name: {"url": f"{sandbox}/{name}"} for name in SERVICES},
        # local.yaml's ppc client, with the stand-in at this run's sandbox port.
        "ppc": {"url": f"{sandbox}/ppc"},
        "logging": {"level": "DEBUG", "file": str(log_file)},
    }
    if proxied:
        config["proxy"] = {"timeoutMarks": str(marks)}
    config_file.write_text(json.dumps(config))
    env = {
        **os.environ,
        "MONOQL_ENV": "local",
        "MONOQL_CONFIG_FILE": str(config_file),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),
        "WEB_CONCURRENCY": str(workers),
        **(env_overrides or {}),
    }
    stack = Stack(
        f"http://127.0.0.1:{gateway_port}",
        sandbox,
        log_file,
        config_file,
        upstream=f"http://127.0.0.1:{gunicorn_port}",
        proxied=proxied,
        timeout_marks=marks if proxied else None,
    )
    sandbox_process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "monoql_sandbox",
            "--host",
            "127.0.0.1",
            "--port",
            str(sandbox_port),
            *(sandbox_args or []),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "sandbox.err").open("wb"),
    )
    stack.processes.append(sandbox_process)
    wait_until_up(f"{sandbox}/users/heartbeat", sandbox_process)
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "monoql.wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=(tmp / "gunicorn.out").open("wb"),
        stderr=subprocess.STDOUT,
    )
    stack.processes.append(gunicorn)
    wait_until_up(f"{stack.upstream}/heartbeat", gunicorn)
    if proxied:
        nginx = start_nginx(
            tmp, listen=gateway_port, upstream=gunicorn_port, log_file=log_file, args=nginx_args or []
        )
        stack.processes.append(nginx)
        wait_until_up(f"{stack.gateway}/heartbeat", nginx)
    return stack


def stop_stack(stack: Stack) -> None:
    for process in reversed(stack.processes):
        stop(process)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One sandbox + gateway for the whole session; tests reset the sandbox when they need a clean state."""
    running = start_stack(tmp_path_factory.mktemp("stack"))
    try:
        yield running
    finally:
        stop_stack(running)


@pytest.fixture
def client(stack: Stack) -> GraphQLClient:
    """A fresh browser-like client (no cookies)."""
    return stack.session()
