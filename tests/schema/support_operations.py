"""Shared helpers of the entry, upload, wave, export, metrics, stats and codes schema tests."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from responses import RequestsMock

from tests.helpers import backend_url, gateway_settings, make_jwt, run_graphql

SUPREME = make_jwt("64b7f0c2a1e4d3b2c1a0ff01", is_supreme=True, tm_sig="sup")
FAN_ID = "64b7f0c2a1e4d3b2c1a09f11"
FAN = make_jwt(FAN_ID, tm_sig="sig")
CID = "64b7f0c2a1e4d3b2c1a0aa01"
# The worker cache keeps anonymous campaign reads; other test modules mock the same ids differently.
UNCACHED = gateway_settings(performance={"caches": False})


def url(service: str, path: str = "") -> str:
    return backend_url(service, path)


def wrapped(data: Any) -> dict[str, Any]:
    """A wrapped-envelope answer (campaigns, codes, uploads, waves, exports)."""
    return {"data": data, "meta": {"timestamp": "2030-01-05T15:00:00.000Z"}}


def failure(status: int, code: str, message: str = "Refused.") -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "payload": ""}}


def gql(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("settings", UNCACHED)
    body, _ = run_graphql(query, variables, **kwargs)
    assert isinstance(body, dict)
    return body


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    """The single error of a response, as `{code, reason, message, path}`."""
    errors = body.get("errors") or []
    assert len(errors) == 1, errors
    ext = errors[0].get("extensions") or {}
    return {
        "code": ext.get("code"),
        "reason": ext.get("reason"),
        "message": errors[0]["message"],
        "path": errors[0].get("path"),
    }


def query_of(call: Any) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(call.request.url).query))


def path_of(call: Any) -> str:
    return urlsplit(call.request.url).path


def json_of(call: Any) -> Any:
    return json.loads(call.request.body)


def described(rs: RequestsMock) -> list[tuple[str, str]]:
    """(method, path) of every backend call made, in order."""
    return [(c.request.method, path_of(c)) for c in rs.calls]


def multipart_of(call: Any) -> tuple[dict[str, str], dict[str, tuple[str, str, bytes]]]:
    """(text fields, {part name: (file name, content type, bytes)}) of a multipart backend call."""
    from io import BytesIO

    from werkzeug.wrappers import Request

    request = call.request
    raw = request.body if isinstance(request.body, bytes) else request.body.read()
    environ = {
        "wsgi.input": BytesIO(raw),
        "CONTENT_LENGTH": str(len(raw)),
        "CONTENT_TYPE": request.headers["Content-Type"],
        "REQUEST_METHOD": "POST",
    }
    parsed = Request(environ)
    files = {
        name: (storage.filename or "", storage.content_type or "", storage.read())
        for name, storage in parsed.files.items()
    }
    return dict(parsed.form.items()), files
