"""Raw HTTP exchanges with a running server: bytes no HTTP client library would send, answers read as they come."""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from typing import Any

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
