"""Uploads refused from their headers over a real socket against real gunicorn (docs/uploads.md §1, docs/hostile-traffic.md §1):
the client sends the headers of a 30 MiB multipart upload, `operations`, `map` and the start of the
file part, then reads the answer before sending the rest: it arrives while the first mebibyte is
still the only one sent."""

from __future__ import annotations

import json
import socket
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import Stack
from tests.support.tokens import make_jwt

pytestmark = pytest.mark.e2e

DECLARED = 30 * 1024 * 1024
SENT_BEFORE_READING = 256 * 1024
BOUNDARY = "e2eb0undary"
UPLOAD = "mutation ($f: Upload!) { uploadBlacklist(file: $f, fileSize: 31457280) { url } }"


def upload_start(host: str, headers: dict[str, str]) -> bytes:
    parts = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
        f'{json.dumps({"query": UPLOAD, "variables": {"f": None}})}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{json.dumps({"0": ["variables.f"]})}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="list.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    lines = [
        "POST /graphql HTTP/1.1",
        f"Host: {host}",
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
        f"Content-Length: {DECLARED}",
        "Apollo-Require-Preflight: true",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode()
    return head + parts + b"x" * (SENT_BEFORE_READING - len(parts))


def read_answer(sock: socket.socket) -> tuple[int, dict[str, Any]]:
    """Status and JSON body of the answer (the socket's own timeout bounds the wait)."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = sock.recv(65536)
        assert chunk, received
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, body
        body += chunk
    return status, json.loads(body[:length])


@pytest.mark.parametrize(
    ("headers", "status", "code", "reason"),
    [
        ({}, 401, "UNAUTHENTICATED", "NOT_LOGGED_IN"),
        ({"Authorization": f"Bearer {make_jwt(is_admin=False)}"}, 403, "FORBIDDEN", "FORBIDDEN"),
    ],
    ids=["anonymous", "not-an-admin"],
)
def test_an_upload_is_answered_before_its_first_mebibyte_is_sent(
    stack: Stack, headers: dict[str, str], status: int, code: str, reason: str
) -> None:
    address = urlsplit(stack.gateway)
    start = upload_start(address.netloc, headers)
    assert len(start) < 1024 * 1024
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(start)
        answer_status, body = read_answer(sock)
    assert answer_status == status
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["reason"]) == (code, reason)
