"""Coded JSON refusals of `/graphql`, including every refusal graphql-server's view would answer itself.

The library's Flask view answers its `HTTPException`s as plain text (`dispatch_request`), turns
any exception raised while executing into a 400 carrying the exception's text, and lets a werkzeug
exception raised while it reads the body (a size limit) escape. `library_refusal` maps each of
these to the gateway's coded JSON (docs/errors.md §1): the library's own texts to a `reason`,
an exception it wrapped to a masked 500. `Refused` is the library's exception type, so a refusal
raised from one of the view's hooks passes through the library's `run()` unchanged.
"""

from __future__ import annotations

import logging

from flask import Response, g
from graphql_server.http.exceptions import HTTPException as LibraryHTTPException
from werkzeug.exceptions import HTTPException as WerkzeugHTTPException
from werkzeug.exceptions import RequestEntityTooLarge

from monoql.errors import INTERNAL_MESSAGE, BadRequest, MonoqlError
from monoql.web.error_format import request_error
from monoql.web.responses import JSON, json_response

logger = logging.getLogger(__name__)

ALLOWED_METHODS = "GET, POST"


class Refused(LibraryHTTPException):
    """A request answered with one coded error instead of an execution result."""

    def __init__(
        self, error: MonoqlError, status: int | None = None, *, media: str = JSON, allow: str | None = None
    ) -> None:
        status = status or (error.http_status if isinstance(error, BadRequest) else 400)
        super().__init__(status, error.message)
        self.error = error
        self.media = media
        self.allow = allow or (ALLOWED_METHODS if status == 405 else None)

    def body(self) -> dict[str, object]:
        extra = {"reason": self.error.reason} if self.error.reason else {}
        return request_error(self.error.code, self.error.message, request_id=g.request_id, **extra)

    def response(self) -> Response:
        response = json_response(self.body(), self.status_code, self.media)
        if self.allow:
            response.headers["Allow"] = self.allow
        return response


def _bad(message: str, reason: str, status: int = 400) -> BadRequest:
    return BadRequest(message, reason=reason, http_status=status)


#: The library's fixed refusal texts (graphql_server/http/*.py, 3.0.0) and what the gateway says instead.
LIBRARY_TEXTS: dict[str, BadRequest] = {
    "Unable to parse request body as JSON": _bad("The request body is not valid JSON.", "MALFORMED_JSON"),
    "File(s) missing in form data": _bad("The map names a file part that was not sent.", "INVALID_MAP"),
    "Unsupported content type": _bad(
        "Unsupported Content-Type: send application/json or a GraphQL multipart request.",
        "UNSUPPORTED_MEDIA_TYPE",
        415,
    ),
    "Multipart subscriptions are not supported in sync mode": _bad(
        "Subscriptions are not supported.", "UNSUPPORTED_MEDIA_TYPE", 415
    ),
    "Variables must be a JSON object": _bad("'variables' must be an object.", "INVALID_VARIABLES"),
    "Extensions must be a JSON object": _bad("'extensions' must be an object.", "INVALID_EXTENSIONS"),
    "GraphQL only supports GET and POST requests.": _bad(
        "Use GET or POST.", "METHOD_NOT_ALLOWED", 405
    ),
}
GET_NOT_ALLOWED = " are not allowed when using GET"


def library_refusal(error: LibraryHTTPException) -> Refused:
    """The coded refusal for an exception graphql-server's view raised (or let through)."""
    if isinstance(error, Refused):
        return error
    known = LIBRARY_TEXTS.get(error.reason)
    if known is not None:
        return Refused(known)
    if error.reason.endswith(GET_NOT_ALLOWED):
        message = "Only queries may be sent with GET; send mutations with POST."
        refusal = _bad(message, "METHOD_NOT_ALLOWED", 405)
        return Refused(refusal, allow="POST")
    # Anything else is an exception the library caught while executing and would answer with its
    # text: a fault of the gateway, never shown to the client.
    logger.error("unexpected error in the GraphQL view", exc_info=error.__cause__ or error)
    return internal_error()


def internal_error() -> Refused:
    return Refused(MonoqlError(INTERNAL_MESSAGE), 500)


def werkzeug_refusal(error: WerkzeugHTTPException) -> Refused:
    """A werkzeug exception raised while the body was read (its limits, a client that went away)."""
    if isinstance(error, RequestEntityTooLarge):
        return Refused(_bad("The request body is too large.", "BODY_TOO_LARGE", 413))
    return Refused(_bad("The request body could not be read.", "MALFORMED_BODY", error.code or 400))
