"""Turns GraphQL errors into response entries with a coded `extensions` object (docs/errors.md)."""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError

from monoql.errors import INTERNAL_MESSAGE, MonoqlError, to_extensions

logger = logging.getLogger(__name__)

_SUGGESTION = re.compile(r" Did you mean .*\?$")
# graphql-core prints values it cannot name as `<ClassName instance>` (an uploaded file part).
_PYTHON_OBJECT = re.compile(r"<[A-Za-z_][A-Za-z0-9_]* instance>")


def public_text(message: str) -> str:
    """A graphql-core message without schema hints ("Did you mean …") or Python class names."""
    return _PYTHON_OBJECT.sub("<file>", _SUGGESTION.sub("", message))


def _summary(message: str) -> str:
    """The kind of failure without the offending value, which is backend data and may be private."""
    return message.partition(": ")[0][:200]


def format_error(
    error: GraphQLError, *, request_id: str, show_developer_message: bool, default_code: str | None = None
) -> dict[str, Any]:
    """One entry of the response's `errors` list."""
    original = error.original_error
    entry: dict[str, Any] = {}
    if isinstance(original, MonoqlError):
        entry["message"] = original.message
        extensions = to_extensions(
            original, request_id=request_id, show_developer_message=show_developer_message
        )
    elif original is not None and not isinstance(original, GraphQLError):
        logger.error(
            "unexpected error while resolving a field",
            exc_info=original,
            extra={"path": ".".join(str(p) for p in error.path or ())},
        )
        entry["message"] = str(original) if show_developer_message else INTERNAL_MESSAGE
        extensions = to_extensions(
            original, request_id=request_id, show_developer_message=show_developer_message
        )
    elif error.path is not None:
        # graphql-core could not complete a field: a value its type cannot represent (a backend
        # answered something unexpected), a null for a non-null field… A fault, not the client's.
        logger.error(
            "field could not be completed",
            extra={"path": ".".join(str(p) for p in error.path), "detail": _summary(error.message)},
        )
        entry["message"] = error.message if show_developer_message else INTERNAL_MESSAGE
        extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
        if show_developer_message:
            extensions["developerMessage"] = error.message
    else:
        entry["message"] = error.message if show_developer_message else public_text(error.message)
        extensions = {"code": default_code or "INTERNAL_SERVER_ERROR"}
        reason = (error.extensions or {}).get("reason")
        if isinstance(reason, str):
            extensions["reason"] = reason
        extensions["requestId"] = request_id
    if error.locations:
        entry["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        entry["path"] = list(error.path)
    entry["extensions"] = extensions
    return entry


def request_error(
    code: str, message: str, *, request_id: str, reason: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A response body for a request refused before or instead of execution."""
    extensions: dict[str, Any] = {"code": code}
    if reason:
        extensions["reason"] = reason
    extensions.update(extra)
    extensions["requestId"] = request_id
    return {"errors": [{"message": message, "extensions": extensions}]}
