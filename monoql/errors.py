"""The gateway's one exception tree and its translation into GraphQL error extensions.

Every class carries a SCREAMING_SNAKE ``code`` that becomes ``extensions.code`` (docs/errors.md §1):

========================  ===========================  ======================================
Class                     ``code``                     Raised for
========================  ===========================  ======================================
MonoqlError               INTERNAL_SERVER_ERROR        base; anything not anticipated
BadUserInput              BAD_USER_INPUT               backend 400/413/422; input checks
Unauthenticated           UNAUTHENTICATED              backend 401; missing/invalid session
Forbidden                 FORBIDDEN                    backend 403
NotFound                  NOT_FOUND                    backend 404; lookups finding nothing
UpstreamError             UPSTREAM_ERROR               other backend 4xx/5xx, bad body
  BadResponse             UPSTREAM_ERROR               a 2xx body not the expected JSON
UpstreamTimeout           UPSTREAM_TIMEOUT             call timeout, request deadline spent
UpstreamUnavailable       UPSTREAM_UNAVAILABLE         refused/closed, DNS, open circuit
BadRequest                BAD_REQUEST                  HTTP refusal before GraphQL work
PersistedQueryNotFound    PERSISTED_QUERY_NOT_FOUND    a persisted-query hash not registered
PersistedQueryNotAllowed  PERSISTED_QUERY_NOT_ALLOWED  not a trusted document (safelist)
StartupError              STARTUP_ERROR                the process cannot start as set up
  ConfigError             CONFIG_INVALID               configuration that cannot be used
  LogFileError            LOG_FILE_UNWRITABLE          the log file cannot be written
========================  ===========================  ======================================

Attributes shared by all: ``message`` (public sentence), ``reason`` (backend ``code`` or gateway reason such
as ``ENTRY_NOT_FOUND``), ``service`` (backend name), ``status`` (backend HTTP status), ``field`` (offending
input field), ``payload`` (backend detail, never shown publicly) and ``developer_message`` (URL and detail,
shown only when ``showDeveloperMessage`` is on).
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from typing import Any, ClassVar

INTERNAL_MESSAGE = "Internal server error"


class MonoqlError(Exception):
    """Base of every error the gateway raises on purpose."""

    code: ClassVar[str] = "INTERNAL_SERVER_ERROR"
    default_reason: ClassVar[str | None] = None

    def __init__(
        self,
        message: str,
        *,
        reason: str | None = None,
        service: str | None = None,
        status: int | None = None,
        field: str | None = None,
        payload: Any = None,
        developer_message: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason if reason is not None else self.default_reason
        self.service = service
        self.status = status
        self.field = field
        self.payload = payload
        self.developer_message = developer_message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, reason={self.reason!r}, "
            f"service={self.service!r}, status={self.status!r})"
        )


class BadUserInput(MonoqlError):
    """The caller's input was refused (by a backend with 400/413/422, or by the gateway)."""

    code = "BAD_USER_INPUT"


class Unauthenticated(MonoqlError):
    """No valid session where one is required (backend 401 or gateway check)."""

    code = "UNAUTHENTICATED"


class Forbidden(MonoqlError):
    """A valid session without the right (backend 403)."""

    code = "FORBIDDEN"


class NotFound(MonoqlError):
    """The object does not exist (backend 404 or gateway lookup)."""

    code = "NOT_FOUND"


class UpstreamError(MonoqlError):
    """A backend answered, but not usefully: other 4xx/5xx, non-JSON or wrongly shaped body."""

    code = "UPSTREAM_ERROR"


class BadResponse(UpstreamError):
    """A 2xx backend body that is not JSON or not of the expected shape."""

    default_reason = "BAD_RESPONSE"


class UpstreamTimeout(MonoqlError):
    """A backend did not answer within the call timeout or the request deadline."""

    code = "UPSTREAM_TIMEOUT"
    default_reason = "TIMEOUT"


class UpstreamUnavailable(MonoqlError):
    """A backend could not be reached: refused/closed connection, DNS failure, open circuit."""

    code = "UPSTREAM_UNAVAILABLE"
    default_reason = "CONNECTION_FAILED"


class BadRequest(MonoqlError):
    """The HTTP request itself is refused before any GraphQL work; ``http_status`` says why."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, *, http_status: int = 400, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.http_status = http_status


class PersistedQueryNotFound(MonoqlError):
    """A persisted-query hash this worker has not registered: the client sends the document with it."""

    code = "PERSISTED_QUERY_NOT_FOUND"


class PersistedQueryNotAllowed(MonoqlError):
    """A document outside the trusted-documents manifests, where only those may run (safelist mode)."""

    code = "PERSISTED_QUERY_NOT_ALLOWED"


class LimitExceeded(MonoqlError):
    """A document over one of `limits.*` (depth, cost, aliases…), found while validating it; the
    validation rule reports it as a validation error with the reason."""

    code = "GRAPHQL_VALIDATION_FAILED"


class StartupError(MonoqlError):
    """The process cannot start as configured; the message is one line naming what to fix."""

    code = "STARTUP_ERROR"


class ConfigError(StartupError):
    """Configuration that cannot be used; the message is one line naming the key and the problem."""

    code = "CONFIG_INVALID"


class LogFileError(StartupError):
    """The configured log file cannot be written; the message is one line naming `logging.file`."""

    code = "LOG_FILE_UNWRITABLE"


_BY_STATUS: dict[int, type[MonoqlError]] = {
    400: BadUserInput,
    413: BadUserInput,
    422: BadUserInput,
    401: Unauthenticated,
    403: Forbidden,
    404: NotFound,
}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def error_from_response(
    service: str,
    http_status: int,
    body_error: Mapping[str, Any] | None,
    *,
    developer_message: str | None = None,
) -> MonoqlError:
    """Translate a backend error answer (docs/backends.md §3 and §4) into the matching exception.

    The HTTP status always wins over a ``status`` inside the body.
    """
    error = body_error or {}
    cls = _BY_STATUS.get(http_status, UpstreamError)
    message = _text(error.get("message")) or f"The {service} service answered HTTP {http_status}."
    return cls(
        message,
        reason=_text(error.get("code")),
        service=service,
        status=http_status,
        field=_text(error.get("field")),
        payload=error.get("payload"),
        developer_message=developer_message,
    )


def public_message(err: BaseException, *, show_developer_message: bool) -> str:
    """The ``message`` a GraphQL client sees: unexpected exceptions are masked unless in dev mode."""
    if isinstance(err, MonoqlError):
        return err.message
    return str(err) if show_developer_message else INTERNAL_MESSAGE


def to_extensions(err: BaseException, *, request_id: str, show_developer_message: bool) -> dict[str, Any]:
    """GraphQL ``extensions`` for ``err``: code, service, status, reason, field, requestId.

    Keys without a value are left out. ``developerMessage`` and ``stacktrace`` only appear when
    ``show_developer_message`` is true; backend URLs and payloads never appear otherwise.
    """
    ext: dict[str, Any] = {"code": MonoqlError.code}
    detail: str | None = f"{type(err).__name__}: {err}"
    if isinstance(err, MonoqlError):
        ext["code"] = err.code
        for key, value in (("service", err.service), ("status", err.status), ("reason", err.reason),
                           ("field", err.field)):
            if value is not None:
                ext[key] = value
        detail = err.developer_message
    ext["requestId"] = request_id
    if show_developer_message:
        if detail:
            ext["developerMessage"] = detail
        if err.__traceback__ is not None:
            ext["stacktrace"] = "".join(traceback.format_exception(err)).splitlines()
    return ext
