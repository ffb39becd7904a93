"""Requests that are not valid HTTP, over real nginx + gunicorn (docs/hostile-traffic.md §1): whether
gunicorn answers them itself (without nginx, or when nginx passes them) or nginx does, the answer is
the gateway's JSON error with a reason and a request id, never an HTML page, never a 5xx."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import Stack, nginx_binary, start_stack, stop_stack
from tests.support.raw_http import Answer, address, code_and_reason, raw_request

pytestmark = pytest.mark.e2e

SLOW_TIMEOUT = 2  # nginx's header and body timeouts here (the pod's are 10 s)
HEAD = b"GET /heartbeat HTTP/1.1\r\nHost: refusals\r\n"
#: (case, request, status, reason) as gunicorn answers them when it reads the request itself.
GUNICORN_REFUSALS = [
    ("control character in a header value", HEAD + b"X-Odd: a\x01b\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
    ("escape character in a header value", HEAD + b"User-Agent: \x1b[31mred\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
    ("header name with a space", HEAD + b"X Odd: a\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
    ("header line without a colon", HEAD + b"NoColonHere\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
    ("lower-case method", b"get /heartbeat HTTP/1.1\r\nHost: refusals\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
    ("method with a symbol", b"G@T /heartbeat HTTP/1.1\r\nHost: refusals\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
    ("not HTTP at all", b"NOT HTTP AT ALL\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
    ("unknown HTTP version", b"GET /heartbeat HTTP/7.3\r\nHost: refusals\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
    ("obsolete header folding", HEAD + b"X-Folded: a\r\n  b\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
    ("request line over 8,190 characters", b"GET /heartbeat?" + b"p" * 8200 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
     414, "URI_TOO_LONG"),
    ("header line over 8 KiB", HEAD + b"X-Big: " + b"a" * 8200 + b"\r\n\r\n", 400, "HEADERS_TOO_LARGE"),
]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(
        tmp_path_factory.mktemp("http-refusals"), workers=1,
        nginx_args=["--header-timeout", str(SLOW_TIMEOUT), "--body-timeout", str(SLOW_TIMEOUT)],
    )
    try:
        yield running
    finally:
        stop_stack(running)


def assert_json_refusal(answer: Answer, status: int, reason: str) -> str:
    """The gateway's error shape, coded BAD_REQUEST with `reason`; returns its request id."""
    assert answer.status == status, (answer.status, answer.body[:200])
    assert code_and_reason(answer) == ("BAD_REQUEST", reason)
    request_id: str = answer.json()["errors"][0]["extensions"]["requestId"]
    assert request_id and answer.headers["x-request-id"] == request_id
    return request_id


@pytest.mark.parametrize(("request_bytes", "status", "reason"), [c[1:] for c in GUNICORN_REFUSALS],
                         ids=[c[0] for c in GUNICORN_REFUSALS])
def test_gunicorn_answers_what_it_cannot_parse_in_json(
    stack: Stack, request_bytes: bytes, status: int, reason: str
) -> None:
    request_id = assert_json_refusal(raw_request(stack.upstream, request_bytes), status, reason)
    lines = [json.loads(line) for line in stack.log_file.read_text(encoding="utf-8").splitlines()]
    [logged] = [line for line in lines if line.get("request_id") == request_id]
    assert (logged["level"], logged["message"], logged["reason"]) == (
        "WARN", "request refused before the gateway read it", reason)
    # Never what the client sent: a request line can carry variables, passwords among them.
    assert "pppp" not in json.dumps(logged) and "red" not in json.dumps(logged)


def test_the_worker_still_serves_after_the_refusals(stack: Stack) -> None:
    answer = raw_request(stack.upstream, HEAD + b"\r\n")
    assert (answer.status, answer.json()["status"]) == (200, "ok")


def test_a_control_character_nginx_passes_gets_gunicorns_json_through_nginx(stack: Stack) -> None:
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install nginx); CI installs it")
    for header in (b"X-Odd: a\x01b", b"User-Agent: \x1b[31mred", b"Cookie: a=\x7f"):
        assert_json_refusal(raw_request(stack.gateway, HEAD + header + b"\r\n\r\n"), 400, "BAD_HTTP_REQUEST")


# nginx refuses most of these itself with its JSON pages and passes the methods gunicorn refuses
# (shorter than three letters, longer than twenty); a header line without a colon nginx drops
# (ignore_invalid_headers) and passes the rest of the request on.
@pytest.mark.parametrize(
    ("request_bytes", "status", "reason"),
    [
        (b"AB /heartbeat HTTP/1.1\r\nHost: refusals\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
        (b"A" * 26 + b" /heartbeat HTTP/1.1\r\nHost: refusals\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
        (b"get /heartbeat HTTP/1.1\r\nHost: refusals\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
        (b"G@T /heartbeat HTTP/1.1\r\nHost: refusals\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
        (HEAD + b"X Odd: a\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
        (HEAD + b"X-Nul: a\x00b\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
        (HEAD + b"X-Folded: a\r\n  b\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
        (b"GET /heartbeat HTTP/7.3\r\nHost: refusals\r\n\r\n", 400, "BAD_HTTP_REQUEST"),
        (HEAD + b"X-Big: " + b"a" * 8200 + b"\r\n\r\n", 400, "HEADERS_TOO_LARGE"),
    ],
    ids=["two-letter method", "26-letter method", "lower-case method", "method with a symbol", "header name with a space", "NUL",
         "folding", "version", "header too large"],
)
def test_through_nginx_the_same_requests_are_json_too(
    stack: Stack, request_bytes: bytes, status: int, reason: str
) -> None:
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install nginx); CI installs it")
    assert_json_refusal(raw_request(stack.gateway, request_bytes), status, reason)


def closed_without_an_answer(stack: Stack, opening: bytes) -> bool:
    """Send `opening`, then nothing: True when nginx closes the connection without sending a byte."""
    with socket.create_connection(address(stack.gateway), timeout=SLOW_TIMEOUT + 10) as sock:
        sock.sendall(opening)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received == b""


def timeouts_logged(stack: Stack) -> list[dict[str, object]]:
    lines = [json.loads(line) for line in stack.log_file.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line.get("logger") == "nginx.access" and line["status"] == 408]


@pytest.mark.parametrize(
    "opening",
    [
        b"POST /graphql HTTP/1.1\r\nHost: refusals\r\n",  # the header never ends
        b"POST /graphql HTTP/1.1\r\nHost: refusals\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n{",  # the body stops
    ],
    ids=["slow header", "slow body"],
)
def test_a_request_cut_off_for_slowness_is_closed_without_an_answer(stack: Stack, opening: bytes) -> None:
    """What nginx cannot answer in JSON: a timed-out request gets no answer at all (the metric
    monoql_proxy_request_timeouts_total and the MonoqlSlowClients alert count them)."""
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install nginx); CI installs it")
    before = len(timeouts_logged(stack))
    assert closed_without_an_answer(stack, opening)
    cut = timeouts_logged(stack)
    assert len(cut) == before + 1 and (cut[-1]["response_bytes"], cut[-1]["upstream_status"]) == (0, "")


def test_a_connection_that_sends_nothing_is_closed_unlogged_and_uncounted(stack: Stack) -> None:
    """Not a request to nginx: closed after the header timeout, with no access line and no mark
    (docs/hostile-traffic.md §1; behind the ALB such a connection never reaches the pod)."""
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install nginx); CI installs it")
    before = len(timeouts_logged(stack))
    assert closed_without_an_answer(stack, b"")
    assert len(timeouts_logged(stack)) == before
