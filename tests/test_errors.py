"""The exception tree: codes, backend status mapping and GraphQL extensions (docs/errors.md §1)."""

from __future__ import annotations

import pytest

from monoql import errors
from monoql.errors import (
    BadRequest,
    BadResponse,
    BadUserInput,
    Forbidden,
    MonoqlError,
    NotFound,
    Unauthenticated,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnavailable,
    error_from_response,
    public_message,
    to_extensions,
)


@pytest.mark.parametrize(
    ("cls", "code"),
    [
        (MonoqlError, "INTERNAL_SERVER_ERROR"),
        (BadUserInput, "BAD_USER_INPUT"),
        (Unauthenticated, "UNAUTHENTICATED"),
        (Forbidden, "FORBIDDEN"),
        (NotFound, "NOT_FOUND"),
        (UpstreamError, "UPSTREAM_ERROR"),
        (BadResponse, "UPSTREAM_ERROR"),
        (UpstreamTimeout, "UPSTREAM_TIMEOUT"),
        (UpstreamUnavailable, "UPSTREAM_UNAVAILABLE"),
        (BadRequest, "BAD_REQUEST"),
    ],
)
def test_every_class_has_its_code(cls: type[MonoqlError], code: str) -> None:
    assert cls.code == code
    assert issubclass(cls, MonoqlError)


def test_every_class_is_in_the_module_docstring_table() -> None:
    doc = errors.__doc__ or ""
    for cls in (
        MonoqlError,
        BadUserInput,
        Unauthenticated,
        Forbidden,
        NotFound,
        UpstreamError,
        BadResponse,
        UpstreamTimeout,
        UpstreamUnavailable,
        BadRequest,
    ):
        assert cls.__name__ in doc
        assert cls.code in doc


def test_constructor_keeps_every_attribute() -> None:
    err = NotFound(
        "Entry not found.",
        reason="ENTRY_NOT_FOUND",
        service="entries",
        status=404,
        field="id",
        payload="p",
        developer_message="GET http://x/c1/entries → HTTP 404",
    )
    assert (err.message, err.reason, err.service, err.status, err.field, err.payload) == (
        "Entry not found.",
        "ENTRY_NOT_FOUND",
        "entries",
        404,
        "id",
        "p",
    )
    assert err.developer_message.startswith("GET")
    assert str(err) == "Entry not found."


def test_default_reasons() -> None:
    assert BadResponse("x").reason == "BAD_RESPONSE"
    assert UpstreamTimeout("x").reason == "TIMEOUT"
    assert UpstreamUnavailable("x").reason == "CONNECTION_FAILED"
    assert UpstreamUnavailable("x", reason="CIRCUIT_OPEN").reason == "CIRCUIT_OPEN"
    assert MonoqlError("x").reason is None


def test_bad_request_carries_its_http_status() -> None:
    err = BadRequest("Too large", http_status=413, reason="BODY_TOO_LARGE")
    assert err.http_status == 413
    assert err.reason == "BODY_TOO_LARGE"
    assert BadRequest("x").http_status == 400


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadUserInput),
        (413, BadUserInput),
        (422, BadUserInput),
        (401, Unauthenticated),
        (403, Forbidden),
        (404, NotFound),
        (405, UpstreamError),
        (409, UpstreamError),
        (429, UpstreamError),
        (500, UpstreamError),
        (502, UpstreamError),
        (503, UpstreamError),
    ],
)
def test_error_from_response_maps_status(status: int, cls: type[MonoqlError]) -> None:
    err = error_from_response(
        "campaigns",
        status,
        {"status": 200, "message": "Nope.", "code": "SOME_CODE", "field": "name", "payload": "detail"},
    )
    assert type(err) is cls
    assert err.status == status  # the HTTP status wins over the body's
    assert (err.message, err.reason, err.field, err.payload, err.service) == (
        "Nope.",
        "SOME_CODE",
        "name",
        "detail",
        "campaigns",
    )


def test_error_from_response_without_a_message() -> None:
    err = error_from_response("users", 502, None, developer_message="dev")
    assert isinstance(err, UpstreamError)
    assert err.message == "The users service answered HTTP 502."
    assert err.reason is None
    assert err.developer_message == "dev"


def test_extensions_of_a_backend_error_hide_developer_detail_by_default() -> None:
    err = NotFound(
        "Entry not found.",
        reason="ENTRY_NOT_FOUND",
        service="entries",
        status=404,
        payload="secret-payload",
        developer_message="GET http://entries/c1/entries",
    )
    ext = to_extensions(err, request_id="r1", show_developer_message=False)
    assert ext == {
        "code": "NOT_FOUND",
        "service": "entries",
        "status": 404,
        "reason": "ENTRY_NOT_FOUND",
        "requestId": "r1",
    }


def test_extensions_in_developer_mode() -> None:
    try:
        raise BadUserInput(
            "Bad field.",
            reason="INVALID_USER_FIELD",
            service="users",
            status=400,
            field="email",
            developer_message="POST http://users/me → HTTP 400",
        )
    except BadUserInput as exc:
        err = exc
    ext = to_extensions(err, request_id="r2", show_developer_message=True)
    assert ext["code"] == "BAD_USER_INPUT"
    assert ext["field"] == "email"
    assert ext["developerMessage"] == "POST http://users/me → HTTP 400"
    assert isinstance(ext["stacktrace"], list)
    assert all("\n" not in line for line in ext["stacktrace"])
    assert any("test_extensions_in_developer_mode" in line for line in ext["stacktrace"])


def test_extensions_of_an_unexpected_exception() -> None:
    err = KeyError("boom")
    assert to_extensions(err, request_id="r3", show_developer_message=False) == {
        "code": "INTERNAL_SERVER_ERROR",
        "requestId": "r3",
    }
    dev = to_extensions(err, request_id="r3", show_developer_message=True)
    assert dev["developerMessage"] == "KeyError: 'boom'"


def test_public_message_masks_unexpected_errors() -> None:
    assert (
        public_message(ValueError("db password wrong"), show_developer_message=False)
        == "Internal server error"
    )
    assert public_message(ValueError("detail"), show_developer_message=True) == "detail"
    assert public_message(NotFound("Gone."), show_developer_message=False) == "Gone."
