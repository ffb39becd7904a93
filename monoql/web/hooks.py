"""Request hooks: request id, log context, the access log line, CORS, and JSON error pages."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

import orjson
from flask import Flask, Request, Response, g, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from monoql.config import Settings
from monoql.errors import INTERNAL_MESSAGE
from monoql.logging import request_fields

logger = logging.getLogger("monoql.access")
error_logger = logging.getLogger(__name__)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
QUIET_ROUTES = {"/heartbeat", "/metrics"}
ALLOWED_HEADERS = (
    "Content-Type, Authorization, Apollo-Require-Preflight, X-Apollo-Operation-Name, "
    "GraphQL-Require-Preflight, "
    "tm-id-version, X-NuDetect-Session-ID, X-Request-ID, X-Correlation-ID"
)


def new_request_id() -> str:
    """A random UUID (version 4) in its usual text form."""
    return str(uuid.uuid4())


def request_id_from_headers(req: Request | None = None) -> str:
    headers = (req or request).headers
    for header in ("X-Request-ID", "X-Correlation-ID"):
        value = headers.get(header, "").strip()
        if _REQUEST_ID.match(value):
            return value
    return new_request_id()


def init_app(app: Flask, settings: Settings) -> None:
    @app.before_request
    def _start() -> Response | None:
        req: Request = request._get_current_object()  # type: ignore[attr-defined]  # once, not per use
        state = g._get_current_object()
        state.started = time.perf_counter()
        state.request_id = request_id = request_id_from_headers(req)
        state.operation_name = state.operation_type = state.user_id = None
        request_fields.set({"request_id": request_id})
        if req.method == "OPTIONS":
            if req.headers.get("Access-Control-Request-Method"):
                return _preflight(settings)
            if req.path == "/graphql":
                return Response(status=204, headers={"Allow": "GET, POST, OPTIONS"})
        return None

    @app.after_request
    def _finish(response: Response) -> Response:
        req: Request = request._get_current_object()  # type: ignore[attr-defined]
        state = g._get_current_object()
        response.headers["X-Request-ID"] = state.get("request_id", "")
        _cors_headers(req, response, settings)
        _access_log(req, state, response)
        return response

    @app.teardown_request
    def _forget(exception: BaseException | None = None) -> None:
        # The worker logs between requests too (gunicorn's own lines, a recycled worker's farewell):
        # those lines must not carry the request id of the request served last.
        request_fields.set(None)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        code = "NOT_FOUND" if status == 404 else "BAD_REQUEST"
        response = _json_error(status, code, error.description or error.name, http_reason(status))
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        error_logger.error("unhandled error", exc_info=error)
        message = f"{type(error).__name__}: {error}" if settings.show_developer_message else INTERNAL_MESSAGE
        return _json_error(500, "INTERNAL_SERVER_ERROR", message)


#: The reasons of the refusals outside /graphql, which has its own (docs/errors.md §1): the same
#: words as /graphql's and nginx's for the same status.
HTTP_REASONS = {
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "BODY_TOO_LARGE",
    414: "URI_TOO_LONG",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


def http_reason(status: int) -> str | None:
    """A BAD_REQUEST's reason by status (a 404 needs none; any other 4xx is not valid HTTP for us)."""
    if status == 404 or not 400 <= status < 500:
        return None
    return HTTP_REASONS.get(status, "BAD_HTTP_REQUEST")


def _json_error(status: int, code: str, message: str, reason: str | None = None) -> Response:
    extensions = {"code": code, **({"reason": reason} if reason else {}), "requestId": g.get("request_id")}
    body = {"errors": [{"message": message, "extensions": extensions}]}
    return Response(orjson.dumps(body), status=status, content_type="application/json; charset=utf-8")


def _access_log(req: Request, state: Any, response: Response) -> None:
    """The request's access line (probes at DEBUG), built only when its level is logged."""
    rule = req.url_rule
    route = rule.rule if rule else "other"
    level = logging.DEBUG if route in QUIET_ROUTES else logging.INFO
    if not logger.isEnabledFor(level):
        return
    seconds = time.perf_counter() - state.get("started", time.perf_counter())
    fields = {
        "method": req.method,
        "route": route,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 2),
        "operation_name": state.get("operation_name"),
        "operation_type": state.get("operation_type"),
        "user_id": state.get("user_id"),
    }
    logger.log(level, "request served", extra={k: v for k, v in fields.items() if v is not None})


def allowed_origin(origin: str, settings: Settings) -> bool:
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    if settings.cors.https_only and parts.scheme != "https":
        return False
    return parts.netloc.lower() in {host.lower() for host in settings.cors.allowed_hosts}


def _cors_headers(req: Request, response: Response, settings: Settings) -> None:
    allow_all = settings.cors.allow_all
    if not allow_all:
        # The answer depends on Origin even when none is sent: a shared cache must not reuse it.
        headers = response.headers
        if "Vary" in headers:
            response.vary.add("Origin")
        else:
            headers["Vary"] = "Origin"
    origin = req.headers.get("Origin")
    if not origin:
        return
    if allow_all:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif allowed_origin(origin, settings):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"


def _preflight(settings: Settings) -> Response:
    origin = request.headers.get("Origin", "")
    if not (settings.cors.allow_all or allowed_origin(origin, settings)):
        return Response(status=403)
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response.headers["Access-Control-Max-Age"] = str(settings.cors.max_age)
    return response
