"""monoql/gunicorn_worker.py: which of gunicorn's errors the worker answers in JSON, and the answer."""

from __future__ import annotations

import json

import pytest
from gunicorn.http import errors

from monoql.gunicorn_worker import answer, refusal_for


@pytest.mark.parametrize(
    ("error", "status", "reason"),
    [
        (errors.InvalidHeader("X-ODD"), 400, "BAD_HTTP_REQUEST"),
        (errors.InvalidHeaderName("X ODD"), 400, "BAD_HTTP_REQUEST"),
        (errors.InvalidRequestMethod("get"), 400, "BAD_HTTP_REQUEST"),
        (errors.InvalidRequestLine("NOT HTTP"), 400, "BAD_HTTP_REQUEST"),
        (errors.UnsupportedTransferCoding("gzip"), 400, "BAD_HTTP_REQUEST"),
        (errors.LimitRequestLine(9000, 8190), 414, "URI_TOO_LONG"),
        (errors.LimitRequestHeaders("limit request headers fields size"), 400, "HEADERS_TOO_LARGE"),
        (errors.ExpectationFailed("something-else"), 417, "EXPECTATION_FAILED"),
    ],
)
def test_parse_errors_are_the_clients_and_get_a_reason(error: Exception, status: int, reason: str) -> None:
    refusal = refusal_for(error)
    assert refusal is not None and refusal[:2] == (status, reason)


@pytest.mark.parametrize(
    "error",
    [
        errors.InvalidResponseHeader("X-APP"),  # a header the app tried to send
        errors.ConfigurationProblem("bad setting"),
        RuntimeError("the app failed"),
    ],
)
def test_the_apps_failures_stay_gunicorns_500(error: Exception) -> None:
    assert refusal_for(error) is None


def test_the_answer_is_the_gateways_error_shape_and_closes_the_connection() -> None:
    head, _, body = answer(414, "URI_TOO_LONG", "Too long.", "rid-1").partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "HTTP/1.1 414 URI Too Long"
    assert {"Connection: close", "Content-Type: application/json; charset=utf-8", "X-Request-ID: rid-1",
            f"Content-Length: {len(body)}"} <= set(lines)
    assert json.loads(body) == {"errors": [{"message": "Too long.", "extensions": {
        "code": "BAD_REQUEST", "reason": "URI_TOO_LONG", "requestId": "rid-1"}}]}
