"""Helpers of the workflow tests W3, W4 and W6-W13: logins, coded errors, sandbox state."""

from __future__ import annotations

from typing import Any

import requests

from tests.e2e.conftest import GraphQLClient, Stack

SESSION_COOKIE = "monoql_session"


def error_of(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """(code, reason) of the single error of a response."""
    errors = body.get("errors") or []
    assert len(errors) == 1, body
    ext = errors[0].get("extensions") or {}
    return ext.get("code"), ext.get("reason")


def ok(body: dict[str, Any]) -> dict[str, Any]:
    """The data of a response that must carry no error."""
    assert not body.get("errors"), body
    data: dict[str, Any] = body["data"]
    return data


def logged_in(stack: Stack, token: str) -> GraphQLClient:
    """A fresh browser-like client holding the session of the sandbox account `token`."""
    client = stack.session()
    viewer = client.login(token)
    assert viewer["isLoggedIn"] is True, viewer
    return client


def session_of(client: GraphQLClient) -> str | None:
    value: str | None = client.http.cookies.get(SESSION_COOKIE)
    return value


def sandbox_json(stack: Stack, method: str, path: str, **kwargs: Any) -> Any:
    response: requests.Response = stack.sandbox_call(method, path, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def backend_token(stack: Stack, account: str) -> str:
    """A session JWT straight from the sandbox users service, for control calls the gateway never makes."""
    answer = sandbox_json(
        stack, "POST", "/users/auth", json={"tm_token": account, "tmuo": None, "version": "v2"}
    )
    token: str = answer["auth"]["token"]
    return token


def backend_json(stack: Stack, method: str, path: str, token: str, **kwargs: Any) -> Any:
    """A sandbox backend call as `token`, its envelope unwrapped."""
    response = stack.sandbox_call(method, path, headers={"Authorization": f"Bearer {token}"}, **kwargs)
    assert response.status_code in (200, 201), response.text
    body = response.json()
    return (
        body["data"] if isinstance(body, dict) and set(body) <= {"data", "meta"} and "data" in body else body
    )


def calls_received(stack: Stack, service: str, request_id: str | None = None) -> list[dict[str, str]]:
    """The calls the sandbox's `service` received (docs/sandbox.md §4), those of one request only when
    `request_id` is given: the gateway forwards each request's id as `X-Correlation-ID`."""
    params = {"service": service, **({"correlationId": request_id} if request_id else {})}
    calls: list[dict[str, str]] = sandbox_json(stack, "GET", "/_sandbox/calls", params=params)["calls"]
    return calls
