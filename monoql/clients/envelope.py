"""Backend answers → payloads or exceptions, exactly as docs/backends.md §3 describes.

Both envelope forms are accepted from every service: ``{"data": …, "meta": …}`` (wrapped) and the bare
payload; errors come as ``{"error": {…}}``, as the bare error object, or not as JSON at all.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson
import requests

from monoql.errors import BadResponse, MonoqlError, error_from_response

_SECRET_PARAMS = frozenset({"password", "token", "tm_token", "phonejwt"})


class Reply(NamedTuple):
    """An unwrapped answer: the payload and the envelope's ``meta`` (paging), when there was one."""

    payload: Any
    meta: dict[str, Any] | None


def redact_url(url: str) -> str:
    """The URL with secret query values (campaign passwords, tokens) replaced by ``***``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, "***" if k.lower() in _SECRET_PARAMS else v) for k, v in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


def _decode(content: bytes) -> Any:
    return orjson.loads(content)


def _is_wrapped(body: Any) -> bool:
    return isinstance(body, dict) and "data" in body and set(body) <= {"data", "meta"}


def success_reply(service: str, response: requests.Response, *, what: object) -> Reply:
    """Payload of a 2xx answer; 204 or an empty body is ``None``; a body that is not JSON is BadResponse."""
    content = response.content or b""
    if response.status_code == 204 or not content.strip():
        return Reply(None, None)
    try:
        body = _decode(content)
    except ValueError as exc:
        raise BadResponse(
            f"The {service} service sent an answer that could not be read.",
            service=service,
            status=response.status_code,
            developer_message=f"{what} → HTTP {response.status_code} with a body that is not JSON",
        ) from exc
    if _is_wrapped(body):
        meta = body.get("meta")
        return Reply(body["data"], meta if isinstance(meta, dict) else None)
    return Reply(body, None)


def error_object(status: int, reason: str | None, content: bytes | None) -> dict[str, Any]:
    """The error object of a non-2xx answer (docs/backends.md §3 rule 3)."""
    body: Any = None
    if content and content.strip():
        try:
            body = _decode(content)
        except ValueError:
            body = None
    if isinstance(body, dict):
        if isinstance(body.get("error"), dict):
            return dict(body["error"])
        if "message" in body or "status" in body:
            return dict(body)
    try:
        phrase = reason or HTTPStatus(status).phrase
    except ValueError:
        phrase = f"HTTP {status}"
    return {"status": status, "message": phrase}


def failure_error(service: str, response: requests.Response, *, what: object) -> MonoqlError:
    """The exception for a non-2xx answer; the HTTP status always wins over the body's ``status``."""
    status = response.status_code
    error = error_object(status, response.reason, response.content)
    detail = f"{what} → HTTP {status}"
    if error.get("code"):
        detail += f" {error['code']}"
    if error.get("payload") not in (None, ""):
        detail += f" (payload: {error['payload']!r})"
    return error_from_response(service, status, error, developer_message=detail)


def unwrap(service: str, response: requests.Response, *, what: object) -> Reply:
    """``Reply`` for a 2xx answer, else raise the translated error. ``what`` formats as ``METHOD URL``
    (redacted); only a failure's message formats it, so it may be an object that describes the call
    when asked."""
    if 200 <= response.status_code < 300:
        return success_reply(service, response, what=what)
    raise failure_error(service, response, what=what)


def expect_list(service: str, payload: Any, what: str) -> list[Any]:
    """``payload`` when it is a list; a wrongly shaped answer is an upstream error."""
    if isinstance(payload, list):
        return payload
    raise BadResponse(f"The {service} service sent an answer of an unexpected shape.", service=service,
                      developer_message=f"{what}: expected a list, got {type(payload).__name__}")


def expect_dict(service: str, payload: Any, what: str) -> dict[str, Any]:
    """``payload`` when it is an object; a wrongly shaped answer is an upstream error."""
    if isinstance(payload, dict):
        return payload
    raise BadResponse(f"The {service} service sent an answer of an unexpected shape.", service=service,
                      developer_message=f"{what}: expected an object, got {type(payload).__name__}")
