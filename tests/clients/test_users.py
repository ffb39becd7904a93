"""users client: login without Authorization, profile read and update (backends.md 2)."""

from __future__ import annotations

from typing import Any

import pytest

from monoql.errors import BadUserInput, NotFound, Unauthenticated

USER = {"id": "64b7f0c2a1e4d3b2c1a09f11", "firstName": "Sam", "auth": {"token": "new.jwt.token"}}

CASES: list[dict[str, Any]] = [
    {
        "client": "users",
        "method": "login",
        "args": ("tm-token", "tmuo-value"),
        "http": "POST",
        "path": "/users/auth",
        "json": {"tm_token": "tm-token", "tmuo": "tmuo-value", "version": "v2"},
        "answer": USER,
        "auth": False,
    },
    {
        "id": "login-no-tmuo",
        "client": "users",
        "method": "login",
        "args": ("tm-token", None),
        "http": "POST",
        "path": "/users/auth",
        "json": {"tm_token": "tm-token", "tmuo": None, "version": "v2"},
        "answer": USER,
        "auth": False,
    },
    {"client": "users", "method": "get_me", "http": "GET", "path": "/users/me", "answer": USER},
    {
        "client": "users",
        "method": "update_me",
        "args": ({"first_name": "Sam", "zip": None},),
        "http": "POST",
        "path": "/users/me",
        "json": {"first_name": "Sam", "zip": None},
        "answer": USER,
    },
]
IDS = [case.get("id", case["method"]) for case in CASES]


@pytest.mark.parametrize("form", ["wrapped", "bare"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_calls(case: dict[str, Any], form: str, verify: Any) -> None:
    verify(case, form=form)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_anonymous_calls_send_no_authorization(case: dict[str, Any], verify: Any) -> None:
    verify(case, jwt=None)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_errors_are_translated(case: dict[str, Any], fail: Any) -> None:
    err = fail(case, 404, form="bare")
    assert isinstance(err, NotFound)
    assert (err.service, err.status, err.reason, err.message) == (
        "users",
        404,
        "SOME_REASON",
        "It went wrong.",
    )


def test_login_rejected_token(fail: Any) -> None:
    err = fail(CASES[0], 401, form="bare")
    assert isinstance(err, Unauthenticated)


def test_update_me_field_error_names_the_field(mocked: Any, settings: Any, call: Any, wire: Any) -> None:
    from monoql.clients import Clients

    mocked.add(
        "POST",
        wire.base + "/users/me",
        status=400,
        json={
            "status": 400,
            "message": "Invalid email.",
            "payload": "",
            "code": "INVALID_USER_FIELD",
            "field": "email",
        },
    )
    with pytest.raises(BadUserInput) as info:
        Clients(settings, call).users.update_me({"email": "nope"})
    assert (info.value.reason, info.value.field) == ("INVALID_USER_FIELD", "email")
