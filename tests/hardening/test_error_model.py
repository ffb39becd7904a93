"""The error model (docs/errors.md): one code vocabulary, the backend's own code as `reason`, the
service, a request id found in the logs; developer detail only when `showDeveloperMessage` is on;
partial results: a failing backend nulls only the fields that need it."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import requests
import responses

from tests.support.gateway import backend_url
from tests.support.production import DEV, PROD, client_for, leaks
from tests.support.tokens import make_jwt

ADMIN = {"Authorization": f"Bearer {make_jwt(is_supreme=True)}"}
QUERY = "{ promoters { id name } identity { url } viewer { isLoggedIn } }"
PROMOTERS = backend_url("campaigns", "/promoters")


def backend_error(status: int, code: str, message: str = "Backend says no") -> dict[str, Any]:
    return {"json": {"error": {"status": status, "message": message, "code": code}}, "status": status}


# id → (responses kwargs, expected code, expected reason, status in extensions); a 5xx page without the
# backend's error envelope names no reason, so `reason` is absent there.
FAILURES: dict[str, tuple[dict[str, Any], str, str | None, int | None]] = {
    "400": (backend_error(400, "INVALID_FIELD"), "BAD_USER_INPUT", "INVALID_FIELD", 400),
    "401": (backend_error(401, "TOKEN_EXPIRED"), "UNAUTHENTICATED", "TOKEN_EXPIRED", 401),
    "403": (backend_error(403, "NOT_ALLOWED"), "FORBIDDEN", "NOT_ALLOWED", 403),
    "404": (backend_error(404, "PROMOTERS_NOT_FOUND"), "NOT_FOUND", "PROMOTERS_NOT_FOUND", 404),
    "409": (backend_error(409, "CONFLICT"), "UPSTREAM_ERROR", "CONFLICT", 409),
    "413": (backend_error(413, "TOO_BIG"), "BAD_USER_INPUT", "TOO_BIG", 413),
    "422": (backend_error(422, "UNPROCESSABLE"), "BAD_USER_INPUT", "UNPROCESSABLE", 422),
    "429": (backend_error(429, "RATE_LIMITED"), "UPSTREAM_ERROR", "RATE_LIMITED", 429),
    "500": (backend_error(500, "DB_DOWN"), "UPSTREAM_ERROR", "DB_DOWN", 500),
    "503": (backend_error(503, "MAINTENANCE"), "UPSTREAM_ERROR", "MAINTENANCE", 503),
    "500-html": ({"body": "<html>Internal Server Error</html>", "status": 500}, "UPSTREAM_ERROR", None, 500),
    "garbage-200": ({"body": "<html>this is not JSON {", "status": 200}, "UPSTREAM_ERROR", "BAD_RESPONSE", 200),
    "wrong-shape": ({"json": {"data": {"not": "a list"}}, "status": 200}, "UPSTREAM_ERROR", "BAD_RESPONSE", None),
    "empty-body": ({"body": "", "status": 200}, "UPSTREAM_ERROR", "BAD_RESPONSE", None),
    "read-timeout": ({"body": requests.exceptions.ReadTimeout("read timed out")}, "UPSTREAM_TIMEOUT", "TIMEOUT",
                     None),
    "connect-timeout": ({"body": requests.exceptions.ConnectTimeout("connect timed out")}, "UPSTREAM_TIMEOUT",
                        "TIMEOUT", None),
    "refused": ({"body": requests.exceptions.ConnectionError("refused")}, "UPSTREAM_UNAVAILABLE",
                "CONNECTION_FAILED", None),
    "closed": ({"body": requests.exceptions.ChunkedEncodingError("closed")}, "UPSTREAM_UNAVAILABLE",
               "CONNECTION_FAILED", None),
}


def run(settings: Any, failure: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.get(PROMOTERS, **failure)
        response = client_for(settings).post("/graphql", json={"query": QUERY}, headers={**ADMIN, **(headers or {})})
    return response


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
def test_backend_failure_nulls_only_its_field_with_a_coded_error(failure: tuple[Any, ...]) -> None:
    mock, code, reason, status = failure
    response = run(PROD, mock, {"X-Request-ID": "req-under-test"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert not leaks(text), text
    body = response.get_json()
    assert body["data"]["promoters"] is None
    assert body["data"]["identity"]["url"].startswith("https://")
    assert body["data"]["viewer"] == {"isLoggedIn": True}
    (error,) = body["errors"]
    assert error["path"] == ["promoters"]
    extensions = error["extensions"]
    assert extensions["code"] == code
    assert extensions["service"] == "campaigns"
    assert extensions.get("reason") == reason
    assert extensions.get("status") == status
    assert extensions["requestId"] == "req-under-test" == response.headers["X-Request-ID"]
    assert "developerMessage" not in extensions and "stacktrace" not in extensions


@pytest.mark.parametrize("failure", ["500", "garbage-200", "read-timeout", "refused"])
def test_developers_see_the_detail_and_the_stack(failure: str) -> None:
    mock, code, _, _ = FAILURES[failure]
    extensions = run(DEV, mock).get_json()["errors"][0]["extensions"]
    assert extensions["code"] == code
    assert "campaigns" in extensions["developerMessage"]
    assert isinstance(extensions["stacktrace"], list) and extensions["stacktrace"]


def test_backend_message_is_the_error_message() -> None:
    body = run(PROD, backend_error(404, "PROMOTERS_NOT_FOUND", "No promoters here")).get_json()
    assert body["errors"][0]["message"] == "No promoters here"


def test_request_id_is_in_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    run(PROD, FAILURES["500"][0], {"X-Request-ID": "find-me-42"})
    calls = [r for r in caplog.records if r.getMessage() == "upstream_call"]
    assert calls and all(getattr(r, "request_id", None) == "find-me-42" for r in calls)


def test_retries_only_idempotent_calls_and_stay_bounded() -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.get(PROMOTERS, **backend_error(503, "BUSY"))
        client_for(PROD).post("/graphql", json={"query": QUERY}, headers=ADMIN)
        gets = len(backends.calls)
    assert 2 <= gets <= 1 + PROD.retry.attempts
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.post(PROMOTERS, **backend_error(503, "BUSY"))
        mutation = 'mutation { upsertPromoter(promoter: {name: "x"}) { id } }'
        response = client_for(PROD).post("/graphql", json={"query": mutation}, headers=ADMIN)
        assert len(backends.calls) == 1
    assert response.get_json()["errors"][0]["extensions"]["code"] == "UPSTREAM_ERROR"


def test_open_circuit_answers_fast_with_upstream_unavailable() -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.get(PROMOTERS, body=requests.exceptions.ConnectionError("refused"))
        client = client_for(PROD)
        for _ in range(PROD.breaker.failure_threshold + 2):
            client.post("/graphql", json={"query": QUERY}, headers=ADMIN)
        before = len(backends.calls)
        response = client.post("/graphql", json={"query": QUERY}, headers=ADMIN)
        assert len(backends.calls) == before  # no call while the circuit is open
    extensions = response.get_json()["errors"][0]["extensions"]
    assert (extensions["code"], extensions["reason"]) == ("UPSTREAM_UNAVAILABLE", "CIRCUIT_OPEN")
    assert response.get_json()["data"]["identity"] is not None


NULLS = {"id": None, "name": None, "privacyUrls": None}
MASKED = ("Internal server error", "INTERNAL_SERVER_ERROR")

# Backend items the schema cannot represent: (items, the promoters answered, the path of each masked error).
# A value String can coerce is coerced; a value it cannot is null with one masked error; an item that is
# not an object (or a list where one is expected) reads as nulls.
UNEXPECTED_ITEMS: dict[str, tuple[list[Any], list[Any], list[list[Any]]]] = {
    "objects and lists for strings": (
        [{"id": {"nested": "object"}, "name": ["a", "list"]}],
        [NULLS],
        [["promoters", 0, "id"], ["promoters", 0, "name"]],
    ),
    "numbers for strings": ([{"id": 10**30, "name": 1.5}], [{"id": "1e+30", "name": "1.5", "privacyUrls": None}], []),
    "items that are not objects": ([1, "string", None, True], [NULLS, NULLS, None, NULLS], []),
    "a string for a list": (
        [{"id": "ok", "name": "ok", "privacyUrls": "not-a-list"}],
        [{"id": "ok", "name": "ok", "privacyUrls": None}],
        [["promoters", 0, "privacyUrls"]],
    ),
}


@pytest.mark.parametrize(("items", "promoters", "masked_paths"), UNEXPECTED_ITEMS.values(), ids=UNEXPECTED_ITEMS)
def test_values_the_schema_cannot_represent_are_masked_and_logged(
    items: list[Any], promoters: list[Any], masked_paths: list[list[Any]], caplog: pytest.LogCaptureFixture
) -> None:
    query = "{ promoters { id name privacyUrls { url } } identity { url } }"
    with caplog.at_level(logging.ERROR, logger="monoql"), responses.RequestsMock(
        assert_all_requests_are_fired=False
    ) as backends:
        backends.get(PROMOTERS, json={"data": items})
        response = client_for(PROD).post("/graphql", json={"query": query}, headers=ADMIN)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert not leaks(text), text
    assert "nested" not in text and "10000000000" not in text
    body = response.get_json()
    assert body["data"]["promoters"] == promoters
    assert body["data"]["identity"] is not None
    errors = [(e["message"], e["extensions"]["code"], e["path"]) for e in body.get("errors", [])]
    assert errors == [(*MASKED, path) for path in masked_paths]
    logged = [r for r in caplog.records if r.getMessage() == "field could not be completed"]
    assert len(logged) == len(masked_paths)


def test_unexpected_exception_in_a_resolver_is_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    from monoql.schema.identity import queries

    def explode(*_: Any, **__: Any) -> Any:
        raise KeyError("secret_internal_key")

    monkeypatch.setattr(queries, "identity_for_host", explode)
    body = client_for(PROD).post("/graphql", json={"query": "{ identity { url } __typename }"}).get_json()
    assert body["data"] == {"identity": None, "__typename": "Query"}
    error = body["errors"][0]
    assert error["message"] == "Internal server error"
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret_internal_key" not in str(body)
    dev = client_for(DEV).post("/graphql", json={"query": "{ identity { url } }"}).get_json()
    assert "secret_internal_key" in dev["errors"][0]["extensions"]["developerMessage"]
    assert dev["errors"][0]["extensions"]["stacktrace"]


@pytest.mark.parametrize(("depth", "served"), [(300, True), (1010, False)])
def test_deeply_nested_backend_json_is_encoded_or_refused_without_a_5xx(depth: int, served: bool) -> None:
    """orjson writes at most 254 levels: deeper JSON-scalar data goes through the standard library,
    and what no encoder can write becomes a coded error, never a 500."""
    body = '{"data": [' + "[" * depth + "]" * depth + '], "meta": {}}'
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.get(backend_url("campaigns", "/contacts"), body=body)
        response = client_for(PROD).post("/graphql", json={"query": '{ searchContacts(query: "a") }'}, headers=ADMIN)
    assert response.status_code == 200
    answer = response.get_json()
    if served:
        assert answer["data"]["searchContacts"] is not None
    else:
        assert answer == {"errors": [{"message": "Internal server error", "extensions": {
            "code": "INTERNAL_SERVER_ERROR", "requestId": response.headers["X-Request-ID"]}}], "data": None}
