"""Shared helpers of the viewer, campaign, market, content, promoter and search schema tests."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from monoql.clients import process
from tests.helpers import backend_url, gateway_settings, make_jwt, run_graphql

SUPREME_ID = "64b7f0c2a1e4d3b2c1a0ff01"
SUPREME = make_jwt(SUPREME_ID, is_supreme=True, tm_sig="sup")
FAN_ID = "64b7f0c2a1e4d3b2c1a09f11"
FAN = make_jwt(FAN_ID, tm_sig="sig")
CID = "64b7f0c2a1e4d3b2c1a0aa01"
CID2 = "64b7f0c2a1e4d3b2c1a0aa02"

# Anonymous campaign reads are cached per worker (docs/backends.md §6); these tests count every call.
UNCACHED = gateway_settings(services={"campaigns": {"cacheTtl": 0}})


def url(service: str, path: str = "") -> str:
    return backend_url(service, path)


def wrapped(data: Any, pagination: dict[str, Any] | None = None) -> dict[str, Any]:
    """A wrapped-envelope answer (campaigns), with `meta.pagination` when given."""
    meta: dict[str, Any] = {"timestamp": "2030-01-05T15:00:00.000Z"}
    if pagination is not None:
        meta["pagination"] = pagination
    return {"data": data, "meta": meta}


def failure(status: int, code: str, message: str = "Refused.") -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "payload": ""}}


def run(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> tuple[dict[str, Any], Any]:
    """`run_graphql` with the uncached settings and fresh per-process client state: (JSON body, response).

    Circuit breakers, retry budget and HTTP session live per process: a test that makes a backend
    fail must not open a circuit for the next one (before or after it, in any module).
    """
    kwargs.setdefault("settings", UNCACHED)
    process.reset_all()
    try:
        body, response = run_graphql(query, variables, **kwargs)
    finally:
        process.reset_all()
    assert isinstance(body, dict)
    return body, response


def gql(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    return run(query, variables, **kwargs)[0]


def errors_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Each error as `{code, reason, path}`."""
    return [
        {
            "code": (error.get("extensions") or {}).get("code"),
            "reason": (error.get("extensions") or {}).get("reason"),
            "path": error.get("path"),
        }
        for error in body.get("errors") or []
    ]


def calls(rsps: Any) -> list[tuple[str, str, dict[str, str]]]:
    """Every backend call as `(method, path, query)`."""
    return [
        (
            call.request.method,
            urlsplit(call.request.url).path,
            dict(parse_qsl(urlsplit(call.request.url).query)),
        )
        for call in rsps.calls
    ]


def json_of(call: Any) -> Any:
    return json.loads(call.request.body)


def header(call: Any, name: str) -> str | None:
    value = call.request.headers.get(name)
    return str(value) if value is not None else None
