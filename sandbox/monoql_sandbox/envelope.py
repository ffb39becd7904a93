"""Service envelopes (wrapped vs bare), error bodies and the correlation id (docs/backends.md §3 and §4)."""

import uuid
from typing import Any

from flask import Response, current_app, g, jsonify, request

from monoql_sandbox.clock import iso

WRAPPED: dict[str, bool] = {
    "users": False,
    "campaigns": True,
    "entries": False,
    "codes": True,
    "uploads": True,
    "waves": True,
    "exports": True,
}


class ApiError(Exception):
    """An error answer of a stand-in: HTTP status, SCREAMING_SNAKE code and details."""

    def __init__(
        self, status: int, code: str, message: str, *, payload: object = "", field: str | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.payload, self.field = payload, field

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "message": self.message,
            "payload": self.payload,
            "code": self.code,
        }
        if self.field is not None:
            out["field"] = self.field
        return out


def bad(code: str, message: str, *, field: str | None = None, payload: object = "") -> ApiError:
    return ApiError(400, code, message, field=field, payload=payload)


def not_found(code: str, message: str, payload: object = "") -> ApiError:
    return ApiError(404, code, message, payload=payload)


def service_of_path(path: str) -> str | None:
    """The stand-in serving a path (its first segment), or None for the sandbox root."""
    head = path.lstrip("/").split("/", 1)[0]
    return head if head in WRAPPED else None


def correlation_id() -> str:
    if "correlation_id" not in g:
        g.correlation_id = request.headers.get("X-Correlation-ID") or str(uuid.uuid4())
    result: str = g.correlation_id
    return result


def _meta() -> dict[str, Any]:
    clock = current_app.extensions["sandbox"].clock
    return {"timestamp": iso(clock.now()), "correlationId": correlation_id()}


def reply(payload: object, status: int = 200, *, meta: dict[str, Any] | None = None) -> Response:
    """A success answer in the envelope of the stand-in serving the current request."""
    service = service_of_path(request.path)
    wrapped = bool(service and WRAPPED[service])
    body = {"data": payload, "meta": {**_meta(), **(meta or {})}} if wrapped else payload
    response = jsonify(body)
    response.status_code = status
    return response


def error_response(error: ApiError, service: str | None) -> Response:
    body: dict[str, Any] = error.body()
    if service and WRAPPED[service]:
        body = {"error": body, "meta": _meta()}
    response = jsonify(body)
    response.status_code = error.status
    return response


def json_body() -> dict[str, Any]:
    """The request's JSON object body ({} when absent); 400 INVALID_BODY when not an object."""
    data = request.get_json(silent=True)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise bad("INVALID_BODY", "The request body must be a JSON object.")
    return data
