"""Backend answers as the services send them, and readers of the calls `responses` recorded."""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from responses import RequestsMock
from werkzeug.wrappers import Request

from tests.support.gateway import backend_url


def url(service: str, path: str = "") -> str:
    """A mocked backend route, e.g. url("campaigns", "/promoters")."""
    return backend_url(service, path)


def wrapped(data: Any, pagination: dict[str, Any] | None = None) -> dict[str, Any]:
    """A wrapped-envelope answer (campaigns, codes, uploads, waves, exports), with `meta.pagination` when given."""
    meta: dict[str, Any] = {"timestamp": "2030-01-05T15:00:00.000Z"}
    if pagination is not None:
        meta["pagination"] = pagination
    return {"data": data, "meta": meta}


def listing(*keys: str) -> dict[str, Any]:
    """A files/list answer (uploads, waves): one object per key."""
    return wrapped([{"key": key, "date": "2030-01-01T00:00:00.000Z"} for key in keys])


def failure(status: int, code: str, message: str = "Refused.") -> dict[str, Any]:
    """A backend's error body."""
    return {"error": {"status": status, "code": code, "message": message, "payload": ""}}


def path_of(call: Any) -> str:
    return urlsplit(call.request.url).path


def query_of(call: Any) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(call.request.url).query))


def json_of(call: Any) -> Any:
    return json.loads(call.request.body)


def header(call: Any, name: str) -> str | None:
    value = call.request.headers.get(name)
    return str(value) if value is not None else None


def calls(rsps: RequestsMock) -> list[tuple[str, str, dict[str, str]]]:
    """Every backend call as `(method, path, query)`, in order."""
    return [(call.request.method, path_of(call), query_of(call)) for call in rsps.calls]


def described(rsps: RequestsMock) -> list[tuple[str, str]]:
    """(method, path) of every backend call made, in order."""
    return [(call.request.method, path_of(call)) for call in rsps.calls]


def multipart_of(call: Any) -> tuple[dict[str, str], dict[str, tuple[str, str, bytes]]]:
    """(text fields, {part name: (file name, content type, bytes)}) of a multipart backend call."""
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
