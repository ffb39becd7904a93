"""Attacks on the buffering proxy, over real nginx + gunicorn + sandbox (docs/hostile-traffic.md §1 and §6).

Every attack is bounded in connections and time and stops by itself. Slow clients hold nginx
connections, never gunicorn's sync workers: the probes and a query keep answering within the probe's
own timeout. Uploads are refused from their headers before their bodies are sent. What nginx answers
itself is JSON in the gateway's shape.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from monoql_sandbox import seed_ids
from tests.e2e.conftest import Stack, free_port, nginx_binary, start_nginx, start_stack, stop, stop_stack
from tests.e2e.flows import backend_json, backend_token
from tests.support.raw_http import address, code_and_reason, raw_request

pytestmark = pytest.mark.e2e

WORKERS = 2
# Short timeouts keep the attacks short; the pod's are 10 s (values.yaml nginx.*TimeoutSeconds).
HEADER_TIMEOUT = 3
BODY_TIMEOUT = 3
PROBE_TIMEOUT = 5  # the chart's probes.timeoutSeconds
ATTACK_SECONDS = 12
PER_KIND = 5  # connections per kind of slow client: 15 in all against 2 workers
MANY = 300  # trickling connections held at once by one test thread
BUCKET = "vf-scoring"
SEEDED = ["blacklists/seed-blacklist.csv"]  # what the sandbox's seed stores under blacklists/
BLACKLIST = """mutation($f: Upload!, $s: Int!) {
  uploadBlacklist(file: $f, fileSize: $s, fileName: "attack.csv") { url name } }"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install nginx); CI installs it")
    running = start_stack(
        tmp_path_factory.mktemp("attack-proxy"),
        workers=WORKERS,
        nginx_args=["--header-timeout", str(HEADER_TIMEOUT), "--body-timeout", str(BODY_TIMEOUT)],
    )
    try:
        yield running
    finally:
        stop_stack(running)


def timeouts_counted(stack: Stack) -> float:
    text = requests.get(f"{stack.gateway}/metrics", timeout=PROBE_TIMEOUT).text
    found = re.search(r"^monoql_proxy_request_timeouts_total (\S+)$", text, re.MULTILINE)
    assert found, "monoql_proxy_request_timeouts_total missing from /metrics"
    return float(found.group(1))


def graphql_posts_served(stack: Stack) -> int:
    """POSTs to /graphql the gateway's workers served, from its access lines."""
    lines = stack.log_file.read_text(encoding="utf-8").splitlines()
    served = [json.loads(line) for line in lines if '"request served"' in line]
    return sum(1 for line in served if line.get("route") == "/graphql" and line.get("method") == "POST")


class SlowClient(threading.Thread):
    """Opens a connection, sends `opening`, then one byte of `trickle` every `every` seconds until the
    attack's end (or nginx closes the connection); records whether nginx cut it off."""

    def __init__(self, stack: Stack, opening: bytes, trickle: bytes, every: float, until: float) -> None:
        super().__init__(daemon=True)
        self.stack, self.opening, self.trickle, self.every, self.until = stack, opening, trickle, every, until
        self.cut_off = False
        self.error: str | None = None

    def run(self) -> None:
        try:
            with socket.create_connection(address(self.stack.gateway), timeout=PROBE_TIMEOUT) as sock:
                sock.sendall(self.opening)
                position = 0
                while time.monotonic() < self.until:
                    time.sleep(self.every)
                    if self._closed_by_peer(sock):
                        self.cut_off = True
                        return
                    if self.trickle:
                        sock.sendall(
                            self.trickle[position % len(self.trickle) : position % len(self.trickle) + 1]
                        )
                        position += 1
        except OSError as error:  # a reset after nginx closed: cut off too
            self.cut_off = True
            self.error = str(error)

    @staticmethod
    def _closed_by_peer(sock: socket.socket) -> bool:
        sock.setblocking(False)
        try:
            return sock.recv(1, socket.MSG_PEEK) == b""
        except BlockingIOError:
            return False
        finally:
            sock.setblocking(True)
            sock.settimeout(PROBE_TIMEOUT)


def test_slow_headers_and_bodies_never_hold_a_worker(stack: Stack) -> None:
    """15 slow connections against 2 sync workers: every probe and query still answers in time."""
    before, posts_before = timeouts_counted(stack), graphql_posts_served(stack)
    until = time.monotonic() + ATTACK_SECONDS
    body_head = (
        b"POST /graphql HTTP/1.1\r\nHost: attack\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n"
    )
    # Headers one byte a second: nginx wants the whole header within HEADER_TIMEOUT and cuts them.
    slow_headers = [
        SlowClient(stack, b"POST /graphql HTTP/1.1\r\n", b"X-Slow: aaaaaaaa\r\n", 1.0, until)
        for _ in range(PER_KIND)
    ]
    # A body byte a second: never a pause longer than BODY_TIMEOUT, so nginx holds it all along.
    trickling_bodies = [SlowClient(stack, body_head, b'{"query": "', 1.0, until) for _ in range(PER_KIND)]
    # A body that stops after its headers: cut off after BODY_TIMEOUT.
    stalled_bodies = [SlowClient(stack, body_head + b"{", b"", 1.0, until) for _ in range(PER_KIND)]
    attackers = slow_headers + trickling_bodies + stalled_bodies
    for attacker in attackers:
        attacker.start()
    probes = queries = 0
    while time.monotonic() < until:
        heartbeat = requests.get(f"{stack.gateway}/heartbeat", timeout=PROBE_TIMEOUT)
        assert heartbeat.status_code == 200 and heartbeat.json()["status"] == "ok"
        query = requests.post(
            f"{stack.gateway}/graphql", json={"query": "{ __typename }"}, timeout=PROBE_TIMEOUT
        )
        assert query.json() == {"data": {"__typename": "Query"}}
        probes, queries = probes + 1, queries + 1
        time.sleep(1.0)
    for attacker in attackers:
        attacker.join(timeout=PROBE_TIMEOUT + 2)
        assert not attacker.is_alive()
    assert probes >= 5 and queries >= 5
    assert all(a.cut_off for a in slow_headers), [a.error for a in slow_headers]
    assert all(a.cut_off for a in stalled_bodies), [a.error for a in stalled_bodies]
    assert not any(a.cut_off for a in trickling_bodies), [a.error for a in trickling_bodies]
    # Each request cut off for slowness is counted once; the trickling ones were never cut.
    assert timeouts_counted(stack) - before == 2 * PER_KIND
    # gunicorn served only the queries: no slow request ever reached a worker.
    assert graphql_posts_served(stack) - posts_before == queries


def test_hundreds_of_trickling_bodies_hold_nginx_not_the_workers(stack: Stack) -> None:
    """300 connections each trickling a body byte a second (one thread, bounded): probes still answer."""
    posts_before = graphql_posts_served(stack)
    head = (
        b"POST /graphql HTTP/1.1\r\nHost: attack\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100000\r\n\r\n{"
    )
    sockets = [socket.create_connection(address(stack.gateway), timeout=PROBE_TIMEOUT) for _ in range(MANY)]
    queries = 0
    try:
        for sock in sockets:
            sock.sendall(head)
        until = time.monotonic() + ATTACK_SECONDS / 2
        while time.monotonic() < until:
            for sock in sockets:
                sock.sendall(b" ")  # one byte a second: never a pause nginx would cut
            heartbeat = requests.get(f"{stack.gateway}/heartbeat", timeout=PROBE_TIMEOUT)
            assert heartbeat.status_code == 200
            query = requests.post(
                f"{stack.gateway}/graphql", json={"query": "{ __typename }"}, timeout=PROBE_TIMEOUT
            )
            assert query.json() == {"data": {"__typename": "Query"}}
            queries += 1
            time.sleep(1.0)
        still_open = [sock for sock in sockets if not SlowClient._closed_by_peer(sock)]
    finally:
        for sock in sockets:
            sock.close()
    assert queries >= 3
    assert len(still_open) == MANY  # nginx held every one of them
    assert graphql_posts_served(stack) - posts_before == queries


def multipart_head(length: int, authorization: str | None, preflight: bool = True) -> bytes:
    lines = [
        "POST /graphql HTTP/1.1",
        "Host: attack",
        "Content-Type: multipart/form-data; boundary=attackboundary",
        f"Content-Length: {length}",
    ]
    if preflight:
        lines.append("Apollo-Require-Preflight: true")
    if authorization:
        lines.append(f"Authorization: Bearer {authorization}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def stored_blacklists(stack: Stack) -> list[str]:
    admin = backend_token(stack, seed_ids.SUPREME_TOKEN)
    listed = backend_json(stack, "GET", f"/uploads/files/list?bucketName={BUCKET}&prefix=blacklists", admin)
    return [entry["key"] for entry in listed]


@pytest.mark.parametrize(
    ("account", "status", "code", "reason"),
    [
        (None, 401, "UNAUTHENTICATED", "NOT_LOGGED_IN"),
        (seed_ids.FAN_TOKEN, 403, "FORBIDDEN", "FORBIDDEN"),
    ],
)
def test_uploads_are_refused_before_their_body_is_sent(
    stack: Stack, account: str | None, status: int, code: str, reason: str
) -> None:
    """A 30 MiB upload's headers alone get the answer; the body is never sent, nothing is stored."""
    stack.reset()
    token = backend_token(stack, account) if account else None
    answer = raw_request(stack.gateway, multipart_head(30 * 1024 * 1024, token))
    assert answer.status == status
    assert code_and_reason(answer) == (code, reason)
    assert answer.json()["errors"][0]["extensions"]["requestId"] == answer.headers["x-request-id"]
    assert stored_blacklists(stack) == SEEDED
    # The gateway's check ran under the same request id as nginx's answer and log line.
    lines = [json.loads(line) for line in stack.log_file.read_text(encoding="utf-8").splitlines()]
    checks = [line for line in lines if line.get("route") == "/_upload-check"]
    assert checks[-1]["request_id"] == answer.headers["x-request-id"]


def test_an_upload_over_the_limit_is_refused_before_its_body_is_sent(stack: Stack) -> None:
    admin = backend_token(stack, seed_ids.SUPREME_TOKEN)
    answer = raw_request(stack.gateway, multipart_head(5 * 100 * 1024 * 1024 + 1024 * 1024 + 1, admin))
    assert answer.status == 413
    assert code_and_reason(answer) == ("BAD_USER_INPUT", "FILE_TOO_LARGE")


def test_an_upload_without_a_preflight_header_is_refused_before_its_body_is_sent(stack: Stack) -> None:
    admin = backend_token(stack, seed_ids.SUPREME_TOKEN)
    answer = raw_request(stack.gateway, multipart_head(1024, admin, preflight=False))
    assert answer.status == 400
    assert code_and_reason(answer) == ("BAD_REQUEST", "CSRF_PREFLIGHT_REQUIRED")


def test_an_admins_upload_goes_through_the_proxy_and_is_stored(stack: Stack) -> None:
    stack.reset()
    admin = backend_token(stack, seed_ids.SUPREME_TOKEN)
    content = b"fan-1@example.com\n"
    operations = {"query": BLACKLIST, "variables": {"f": None, "s": len(content)}}
    response = requests.post(
        f"{stack.gateway}/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]})},
        files={"0": ("attack.csv", content, "text/csv")},
        headers={"Authorization": f"Bearer {admin}", "Apollo-Require-Preflight": "true"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["uploadBlacklist"]["name"] == "attack.csv"
    assert sorted(stored_blacklists(stack)) == sorted([*SEEDED, "blacklists/attack.csv"])


def test_what_nginx_answers_itself_is_json(stack: Stack) -> None:
    big = b"x" * (1024 * 1024 + 1)
    too_large = raw_request(
        stack.gateway,
        b"POST /graphql HTTP/1.1\r\nHost: attack\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % len(big),
    )
    assert too_large.status == 413
    assert code_and_reason(too_large) == ("BAD_REQUEST", "BODY_TOO_LARGE")
    header = raw_request(
        stack.gateway, b"GET /heartbeat HTTP/1.1\r\nHost: attack\r\nCookie: " + b"c" * 9000 + b"\r\n\r\n"
    )
    assert header.status == 400
    assert code_and_reason(header) == ("BAD_REQUEST", "HEADERS_TOO_LARGE")
    internal = raw_request(stack.gateway, b"GET /_upload-check HTTP/1.1\r\nHost: attack\r\n\r\n")
    assert internal.status == 404
    assert code_and_reason(internal) == ("NOT_FOUND", None)
    garbage = raw_request(stack.gateway, b"NOT HTTP AT ALL\r\n\r\n")
    assert garbage.status == 400
    assert code_and_reason(garbage) == ("BAD_REQUEST", "BAD_HTTP_REQUEST")
    trace = raw_request(stack.gateway, b"TRACE /graphql HTTP/1.1\r\nHost: attack\r\n\r\n")
    assert trace.status == 405
    assert code_and_reason(trace) == ("BAD_REQUEST", "METHOD_NOT_ALLOWED")
    # A transfer coding nginx does not implement is the client's mistake: a 400, never its 501.
    coding = raw_request(stack.gateway, b"POST /graphql HTTP/1.1\r\nHost: attack\r\nTransfer-Encoding: gzip\r\n\r\n")
    assert coding.status == 400
    assert code_and_reason(coding) == ("BAD_REQUEST", "BAD_HTTP_REQUEST")


def request_line_of(length: int) -> bytes:
    """A GET of exactly `length` characters (without CRLF), a query string padding the line."""
    frame = "GET /graphql?query=%7B__typename%7D&pad= HTTP/1.1"
    return frame.replace("&pad=", "&pad=" + "p" * (length - len(frame))).encode()


def test_a_get_over_the_request_line_limit_is_a_json_414(stack: Stack) -> None:
    headers = b"\r\nHost: attack\r\nApollo-Require-Preflight: true\r\n\r\n"
    over = raw_request(stack.gateway, request_line_of(8191) + headers)
    assert over.status == 414
    assert code_and_reason(over) == ("BAD_REQUEST", "URI_TOO_LONG")
    # The longest line nginx passes is one gunicorn accepts: the gateway itself answers it.
    longest = raw_request(stack.gateway, request_line_of(8190) + headers)
    assert longest.status == 200
    assert longest.json() == {"data": {"__typename": "Query"}}


def test_header_limits_are_nginxs_and_its_json(stack: Stack) -> None:
    """What nginx passes, gunicorn takes: many headers, and header lines as long as nginx allows."""
    base = b"GET /heartbeat HTTP/1.1\r\nHost: attack\r\n"
    # 500 headers: five times gunicorn's default limit, well inside nginx's buffers.
    many = raw_request(stack.gateway, base + b"".join(b"X-H%d: v\r\n" % i for i in range(500)) + b"\r\n")
    assert (many.status, many.json()["status"]) == (200, "ok")
    longest_line = b"X-Big: " + b"a" * (8190 - len("X-Big: "))
    longest = raw_request(stack.gateway, base + longest_line + b"\r\n\r\n")
    assert (longest.status, longest.json()["status"]) == (200, "ok")
    too_long = raw_request(stack.gateway, base + longest_line + b"a\r\n\r\n")
    assert too_long.status == 400
    assert code_and_reason(too_long) == ("BAD_REQUEST", "HEADERS_TOO_LARGE")


def test_a_gateway_that_is_down_is_a_json_502(stack: Stack, tmp_path: Path) -> None:
    listen = free_port()
    nginx = start_nginx(
        tmp_path, listen=listen, upstream=free_port(), log_file=tmp_path / "titan.log", args=[]
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                answer = requests.get(f"http://127.0.0.1:{listen}/heartbeat", timeout=PROBE_TIMEOUT)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
    finally:
        stop(nginx)
    assert answer.status_code == 502
    extensions = answer.json()["errors"][0]["extensions"]
    assert (extensions["code"], extensions["reason"]) == ("UPSTREAM_UNAVAILABLE", "GATEWAY_UNAVAILABLE")


@pytest.mark.parametrize(
    "path",
    [
        "/graphql/../metrics",
        "/heartbeat/../metrics",
        "/heartbeat/%2e%2e/metrics",
        "/graphiql/assets/../../metrics",
        "/graphiql/assets/%2e%2e/%2e%2e/metrics",
        "/graphql/..%2fmetrics",
        "/heartbeat/../heartbeat/dependencies",
    ],
)
def test_cluster_only_pages_are_not_reachable_through_routed_paths(stack: Stack, path: str) -> None:
    """The ALB matches /graphql, /heartbeat and /graphiql/assets/ on the raw path: dot segments
    behind them must not lead nginx or the gateway to /metrics or /heartbeat/dependencies."""
    answer = raw_request(stack.gateway, f"GET {path} HTTP/1.1\r\nHost: attack\r\n\r\n".encode())
    assert answer.status in (400, 404), (answer.status, answer.body[:200])
    assert b"monoql_build_info" not in answer.body and b"dependencies" not in answer.body
