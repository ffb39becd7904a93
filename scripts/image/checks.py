"""What the image test asks of a running gateway over HTTP, and of the image's files.

Each check returns a short description of what it saw, or raises CheckFailed saying what was wrong.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

ADMIN_ACCOUNT = "sandbox-supreme"  # the sandbox's seeded supreme admin
LOGIN = "mutation Login($t: String) { authenticate(credentials: {token: $t}) { isLoggedIn isAdmin } }"
UPLOAD = """mutation Upload($f: Upload!, $s: Int!) {
  uploadBlacklist(file: $f, fileSize: $s, fileName: "image-test.csv") { url name contentType } }"""
# Larger than werkzeug's 500 KB in-memory limit for a form part: the part is spooled to a temporary
# file, and /tmp is the only place a read-only root leaves for one.
UPLOAD_BYTES = 1_500_000
TIMEOUT = 30


class CheckFailed(Exception):
    """A check saw something other than what it expects; the message says what."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


class Client:
    """Requests to the pod's front port; counts the heartbeats it sends (the metrics check needs it)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.heartbeats = 0
        self.cookie: str | None = None

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        response = self.http.get(self.base + path, timeout=TIMEOUT, **kwargs)
        if path == "/heartbeat" and response.status_code == 200:
            self.heartbeats += 1
        return response

    def graphql(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        # The session cookie is `Secure` outside local: a plain-HTTP client must send it back itself.
        headers = {"Cookie": self.cookie} if self.cookie else {}
        files = kwargs.pop("files", None)
        # The GraphQL multipart spec: each file's variable is a null placeholder the map points at.
        placeholders: dict[str, Any] = dict.fromkeys(files or {})
        body: dict[str, Any] = {"query": query, "variables": {**(variables or {}), **placeholders}}
        if files:
            mapping = {str(i): [f"variables.{name}"] for i, name in enumerate(files)}
            data = {"operations": json.dumps(body), "map": json.dumps(mapping)}
            parts = {str(i): part for i, part in enumerate(files.values())}
            headers["Apollo-Require-Preflight"] = "true"
            response = self.http.post(
                self.base + "/graphql", data=data, files=parts, headers=headers, timeout=TIMEOUT * 2
            )
        else:
            response = self.http.post(self.base + "/graphql", json=body, headers=headers, timeout=TIMEOUT)
        expect(
            response.status_code == 200, f"/graphql answered {response.status_code}: {response.text[:200]}"
        )
        session = response.cookies.get("monoql_session")
        if session:
            self.cookie = f"monoql_session={session}"
        answer: dict[str, Any] = response.json()
        expect(not answer.get("errors"), f"/graphql errors: {json.dumps(answer.get('errors'))[:300]}")
        return answer


def wait_until_up(client: Client, alive: Callable[[], bool], timeout: float = 180) -> float:
    """Seconds until /heartbeat answered 200; fails when the pod stops or `timeout` passes."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if client.get("/heartbeat").status_code == 200:
                return time.monotonic() - started
        except requests.RequestException:
            pass
        expect(alive(), "the pod stopped before /heartbeat answered")
        time.sleep(0.5)
    raise CheckFailed(f"/heartbeat did not answer 200 within {timeout:.0f} s")


def heartbeat(client: Client, version: str, proxied: bool) -> str:
    response = client.get("/heartbeat")
    expect(response.status_code == 200, f"/heartbeat answered {response.status_code}")
    body = response.json()
    expect(body.get("status") == "ok" and body.get("version") == version, f"/heartbeat said {body}")
    if not proxied:
        return f"/heartbeat 200 {body}"
    alive = client.get("/_nginx/alive")
    expect(alive.status_code == 200, f"the proxy's own probe answered {alive.status_code}")
    unknown = client.get("/no-such-path")
    expect(
        unknown.status_code == 404 and unknown.headers.get("Content-Type", "").startswith("application/json"),
        f"an unknown path answered {unknown.status_code} {unknown.headers.get('Content-Type')}",
    )
    return f"/heartbeat 200 {body} through nginx; /_nginx/alive 200; an unknown path 404 in JSON"


def graphql_query(client: Client) -> str:
    anonymous = client.graphql("{ viewer { isLoggedIn } }")
    expect(anonymous["data"]["viewer"] == {"isLoggedIn": False}, f"anonymous viewer: {anonymous}")
    viewer = client.graphql(LOGIN, {"t": ADMIN_ACCOUNT})["data"]["authenticate"]
    expect(viewer == {"isLoggedIn": True, "isAdmin": True}, f"admin sign-in answered {viewer}")
    expect(client.cookie is not None, "sign-in set no session cookie")
    return "anonymous query answered; the admin signed in through the users backend on the host"


def dependencies(client: Client) -> str:
    """Every backend answers the gateway: the pod reaches the sandbox on the host."""
    response = client.get("/heartbeat/dependencies")
    body = response.json()
    expect(
        response.status_code == 200 and body.get("status") == "ok",
        f"/heartbeat/dependencies answered {response.status_code}: {json.dumps(body)[:300]}",
    )
    return f"/heartbeat/dependencies: {len(body.get('dependencies') or [])} backends up"


def admin_upload(client: Client, spooled: Callable[[], bool]) -> str:
    """An admin's upload is stored, and while the backend takes its time the gateway holds the
    part in a temporary file (`spooled()` looks for one open under /tmp)."""
    content = b"".join(b"fan%07d@example.com\n" % i for i in range(UPLOAD_BYTES // 20 + 1))[:UPLOAD_BYTES]
    files = {"f": ("image test.csv", content, "text/csv")}
    with ThreadPoolExecutor(max_workers=1) as pool:
        upload = pool.submit(client.graphql, UPLOAD, {"s": len(content)}, files=files)
        seen = False
        while not upload.done() and not seen:
            seen = spooled()
        stored = upload.result()["data"]["uploadBlacklist"]
    expect(stored and stored["name"] == "image-test.csv", f"upload answered {stored}")
    expect(seen, "no temporary file under /tmp was open while the upload was in the gateway")
    return f"{len(content)} bytes spooled to /tmp and stored as {stored['name']}"


def _samples(text: str, name: str) -> list[tuple[dict[str, str], float]]:
    found = []
    for line in text.splitlines():
        match = re.match(rf"^{name}(?:_total)?\{{(.*)\}} (\S+)$", line)
        if match:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
            found.append((labels, float(match.group(2))))
    return found


def metrics(client: Client, workers: int, files: list[str]) -> str:
    """Every worker is in /metrics, and the multiprocess files of the workers add up."""
    response = client.get("/metrics")
    expect(response.status_code == 200, f"/metrics answered {response.status_code}")
    text = response.text
    worker_pids = {
        labels["pid"]
        for labels, _ in _samples(text, "monoql_process_cpu_seconds")
        if labels.get("role") == "worker"
    }
    expect(
        len(worker_pids) == workers, f"/metrics lists {len(worker_pids)} workers, the chart runs {workers}"
    )
    file_pids = {m.group(1) for f in files if (m := re.search(r"_(\d+)\.db$", f))}
    expect(worker_pids <= file_pids, f"workers {sorted(worker_pids)}, multiprocess files {files}")
    served = sum(
        v
        for labels, v in _samples(text, "monoql_http_request_duration_seconds_count")
        if labels.get("route") == "/heartbeat" and labels.get("status") == "200"
    )
    expect(
        served == client.heartbeats > 0,
        f"/metrics counts {served:.0f} heartbeats, the test sent {client.heartbeats}",
    )
    return (
        f"{len(worker_pids)} workers in /metrics, files of {len(file_pids)} processes, "
        f"{served:.0f} heartbeats counted of {client.heartbeats} sent"
    )


def json_log(path: Path, requests_logged: bool = True, proxied: bool = False) -> str:
    expect(path.is_file(), f"no log file at {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    expect(bool(lines), f"{path} is empty")
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            raise CheckFailed(f"a line of {path.name} is not JSON: {line[:120]}") from None
    expect(all({"timestamp", "level", "message"} <= set(r) for r in records), "records lack standard fields")
    pids = {r.get("pid") for r in records}
    if requests_logged:
        expect(any("/graphql" in json.dumps(r) for r in records), "no request to /graphql in the log file")
    if proxied:
        expect(
            any(r.get("logger") == "nginx.access" for r in records), "no nginx access line in the log file"
        )
    return f"{len(records)} JSON lines from {len(pids)} processes in {path.name}"


def graphiql(client: Client) -> str:
    page = client.get("/graphiql")
    expect(
        page.status_code == 200 and "text/html" in page.headers.get("Content-Type", ""),
        f"/graphiql answered {page.status_code}",
    )
    assets = re.findall(r'(?:src|href)="(/graphiql/assets/[^"]+)"', page.text)
    expect(len(assets) >= 3, f"the page links {assets}")
    for asset in assets:
        response = client.get(asset)
        expect(
            response.status_code == 200 and len(response.content) > 100,
            f"{asset} answered {response.status_code} ({len(response.content)} bytes)",
        )
    return f"/graphiql and its {len(assets)} assets served by monoql"


# Looked for in bin directories; gcc's own tree (/usr/lib/gcc) is refused wherever it is.
COMPILERS = {"gcc", "cc", "c++", "g++", "clang", "cpp", "tcc", "as", "ld", "make"}
NODE_TOOLS = {"npm", "npx", "node", "nodejs", "yarn", "corepack"}
COMPILER_NAME = re.compile(r"(x86_64-linux-gnu-)?(gcc|g\+\+|cc|c\+\+)(-\d+)?")
# The sandbox is dev-only: neither the package inside monoql nor a distribution of its own, nor its keys.
SANDBOX = re.compile(r"site-packages/(monoql/sandbox|monoql[_-]sandbox)|/devkeys(/|$)")
PRIVATE_KEY = re.compile(rb"-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=]{40}")


def _is_tool(directory: str, name: str) -> bool:
    """A compiler or a Node.js tool in a bin directory."""
    return directory.endswith("bin") and (
        name in COMPILERS | NODE_TOOLS or bool(COMPILER_NAME.fullmatch(name))
    )


def image_files(root: Path) -> str:
    """No sandbox, no private key, no compiler, no npm/node in the image's file tree."""
    problems: list[str] = []
    scanned = 0
    for directory, dirs, names in os.walk(root):
        relative = "/" + os.path.relpath(directory, root).removeprefix(".").lstrip("/")
        dirs[:] = [d for d in dirs if f"{relative.rstrip('/')}/{d}" not in ("/proc", "/sys", "/dev")]
        for name in list(dirs) + names:
            where = f"{relative.rstrip('/')}/{name}"
            if SANDBOX.search(where) or name == "node_modules":
                problems.append(where)
                if name in dirs:
                    dirs.remove(name)  # one finding per unwanted tree
            elif _is_tool(relative, name) or re.match(r"/usr/(lib|libexec)/gcc(/|$)", where):
                problems.append(where)
        for name in names:
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file() or path.stat().st_size > 20_000_000:
                continue
            scanned += 1
            content = path.read_bytes()
            # A key is a text file; libraries (libgnutls, cryptography) carry PEM templates.
            if not content.startswith(b"\x7fELF") and PRIVATE_KEY.search(content):
                problems.append(f"{relative.rstrip('/')}/{name} (private key)")
    expect(not problems, f"{len(problems)} unwanted: {', '.join(sorted(set(problems))[:8])}")
    return f"{scanned} files scanned: no sandbox, private key, compiler, node or npm"
