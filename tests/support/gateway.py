"""The gateway under test: settings with every backend mocked, and a driver for the real `/graphql` view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

from monoql.app import create_app
from monoql.config import Settings, load_settings

BACKEND = "http://backend.test"


def backend_url(service: str, path: str = "") -> str:
    """URL of a backend route as the test settings set it, e.g. backend_url("campaigns", "/promoters")."""
    return f"{BACKEND}/{service}{path}"


def gateway_settings(**overrides: Any) -> Settings:
    """`local` settings with every backend at http://backend.test/<service> (mocked with `responses`)."""
    services = {
        name: {"url": backend_url(name)}
        for name in ("users", "campaigns", "entries", "codes", "uploads", "waves", "exports")
    }
    # No ppc stand-in either: `local` points ppc at the sandbox, which unit tests do not run.
    ppc = {"url": None, "id": None, "token": None}
    base: dict[str, Any] = {"services": services, "ppc": ppc, "logging": {"file": None}}
    return load_settings("local", overrides=_merge(base, overrides))


def _merge(base: dict[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    from monoql.config.loader import deep_merge

    return deep_merge(base, update)


# One app per settings object, so the tests share a schema build; `forget_apps` (before every test,
# tests/conftest.py) drops them with their document and persisted-query caches.
_apps: dict[int, Flask] = {}


def forget_apps() -> None:
    _apps.clear()


def app_for(settings: Settings | None = None) -> Flask:
    settings = settings or gateway_settings()
    app = _apps.get(id(settings))
    if app is None:
        app = _apps[id(settings)] = create_app(settings, configure_logs=False)
    return app


def post_graphql(
    query: str,
    variables: Mapping[str, Any] | None = None,
    *,
    jwt: str | None = None,
    cookies: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    files: Mapping[str, tuple[bytes, str, str]] | None = None,
    operation_name: str | None = None,
    settings: Settings | None = None,
) -> TestResponse:
    """POST an operation to `/graphql` (multipart when `files` maps variable paths to (bytes, name, type))."""
    app = app_for(settings)
    client = app.test_client()
    for name, value in (cookies or {}).items():
        client.set_cookie(name, value)
    request_headers = dict(headers or {})
    if jwt:
        request_headers["Authorization"] = f"Bearer {jwt}"
    body: dict[str, Any] = {"query": query, "variables": dict(variables or {})}
    if operation_name:
        body["operationName"] = operation_name
    if not files:
        return client.post("/graphql", json=body, headers=request_headers)
    return _multipart(client, body, files, request_headers)


def _multipart(
    client: Any, body: dict[str, Any], files: Mapping[str, tuple[bytes, str, str]], headers: dict[str, str]
) -> TestResponse:
    import io
    import json

    file_map = {str(index): [f"variables.{path}"] for index, path in enumerate(files)}
    for path in files:
        body["variables"].setdefault(path.split(".")[0], None)
    data: dict[str, Any] = {"operations": json.dumps(body), "map": json.dumps(file_map)}
    for index, (content, name, content_type) in enumerate(files.values()):
        data[str(index)] = (io.BytesIO(content), name, content_type)
    headers.setdefault("Apollo-Require-Preflight", "true")
    return client.post("/graphql", data=data, headers=headers, content_type="multipart/form-data")


def run_graphql(
    query: str, variables: Mapping[str, Any] | None = None, **kwargs: Any
) -> tuple[dict[str, Any], Any]:
    """Run an operation through the real view; returns (JSON body, response)."""
    response = post_graphql(query, variables, **kwargs)
    return response.get_json(), response
