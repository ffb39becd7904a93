"""Shared pieces of the hardening suite: production-like settings, the case runner, leak checks, and
raw HTTP exchanges with a running server (bytes no HTTP client library would send)."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.test import TestResponse

from monoql.config import Settings
from tests.helpers import app_for, gateway_settings

#: What preprod and prod run: no developer detail, no introspection, no GraphiQL.
PROD: Settings = gateway_settings(
    showDeveloperMessage=False, introspection=False, graphiql=False, heartbeat={"dependencies": False}
)
#: `local`/`dev`: developer detail on.
DEV: Settings = gateway_settings(showDeveloperMessage=True)

GRAPHQL_RESPONSE = "application/graphql-response+json"

# Anything a production answer must never show: stack traces, backend URLs, source paths, Python
# class or module names, schema hints.
LEAK_PATTERNS = [
    re.compile(pattern)
    for pattern in (
        r"Traceback",
        r"File \"",
        r"line \d+, in ",
        r"\.py\b",
        r"site-packages",
        r"backend\.test",
        r"https?://(?!identity\.ticketmaster)[a-z0-9.-]+\.(test|internal|local|io)",
        r"localhost:\d+",
        r"\b[A-Z][A-Za-z]*(Error|Exception)\b",
        r"<[A-Za-z_]+ (instance|object)",
        r"\bmonoql\.[a-z]",
        r"\bgraphql\.[a-z]",
        r"Did you mean",
        r"stacktrace",
        r"developerMessage",
    )
]


def leaks(text: str) -> list[str]:
    """The leak patterns found in an answer (empty when it is clean)."""
    return [pattern.pattern for pattern in LEAK_PATTERNS if pattern.search(text)]


@dataclass(frozen=True)
class Case:
    """One request of the corpus and the exact answer it must get."""

    id: str
    status: int
    code: str | None  # extensions.code of the first error; None: no errors expected
    reason: str | None = None
    method: str = "POST"
    json: Any = None
    data: bytes | str | None = None
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    query_string: Mapping[str, str] | str | None = None

    def send(self, client: Any) -> TestResponse:
        kwargs: dict[str, Any] = {"headers": dict(self.headers)}
        if self.json is not None:
            kwargs["json"] = self.json
        if self.data is not None:
            kwargs["data"] = self.data
        if self.content_type is not None:
            kwargs["content_type"] = self.content_type
        if self.query_string is not None:
            kwargs["query_string"] = self.query_string
        response: TestResponse = client.open("/graphql", method=self.method, **kwargs)
        return response


def client_for(settings: Settings = PROD) -> Any:
    return app_for(settings).test_client()


def check(case: Case, response: TestResponse) -> dict[str, Any] | None:
    """Assert the exact status, code and reason, a JSON body without leaks, and a request id."""
    text = response.get_data(as_text=True)
    assert response.status_code == case.status, f"{case.id}: {response.status_code} {text[:300]}"
    assert response.status_code < 500
    assert not leaks(text), f"{case.id}: leaks {leaks(text)} in {text[:300]}"
    if case.method == "HEAD" or response.status_code == 204:
        return None
    body = response.get_json(silent=True)
    assert body is not None, f"{case.id}: not JSON: {text[:200]}"
    if case.code is None:
        assert "errors" not in body, f"{case.id}: {text[:300]}"
        return dict(body)
    first = body["errors"][0]["extensions"]
    assert first["code"] == case.code, f"{case.id}: {text[:300]}"
    if case.reason is not None:
        assert first.get("reason") == case.reason, f"{case.id}: {text[:300]}"
    assert first["requestId"] == response.headers["X-Request-ID"]
    return dict(body)


def assert_healthy(client: Any) -> None:
    """The worker still serves a normal request after the hostile one."""
    response = client.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.get_json() == {"data": {"__typename": "Query"}}


# -- raw HTTP over a socket --------------------------------------------------------------------------

PROBE_TIMEOUT = 5  # the chart's probes.timeoutSeconds


def address(base_url: str) -> tuple[str, int]:
    host, port = base_url.removeprefix("http://").split(":")
    return host, int(port)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def read_answer(sock: socket.socket) -> Answer:
    """One HTTP/1.1 answer with a Content-Length (nginx's and the gateway's always have one)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before an answer: {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return Answer(int(lines[0].split()[1]), headers, body[:length])


def raw_request(base_url: str, data: bytes, timeout: float = PROBE_TIMEOUT) -> Answer:
    """Send `data` as it is to the server at `base_url` and read its one answer."""
    with socket.create_connection(address(base_url), timeout=timeout) as sock:
        sock.sendall(data)
        return read_answer(sock)


def code_and_reason(answer: Answer) -> tuple[str, str | None]:
    assert answer.headers["content-type"].startswith("application/json"), answer.headers
    extensions = answer.json()["errors"][0]["extensions"]
    return extensions["code"], extensions.get("reason")
