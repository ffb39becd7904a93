"""JSON answers of `/graphql`: the bytes of a body and its media type with a charset."""

from __future__ import annotations

import json
import logging
from typing import Any

import orjson
from flask import Response, g

from monoql.errors import INTERNAL_MESSAGE
from monoql.web.error_format import request_error

logger = logging.getLogger(__name__)

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def json_response(body: Any, status: int, media: str = JSON) -> Response:
    return Response(encode(body), status=status, content_type=content_type(media))


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8"


def encode(body: Any) -> bytes:
    """JSON bytes of a response; backend data orjson refuses (integers over 64 bits, nesting over
    254 levels) goes through the standard library, and what neither can write becomes an error."""
    try:
        return orjson.dumps(body)
    except orjson.JSONEncodeError:
        pass
    try:
        return json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, TypeError, RecursionError):
        logger.error("response could not be encoded as JSON")
    error = request_error("INTERNAL_SERVER_ERROR", INTERNAL_MESSAGE, request_id=g.request_id)
    return orjson.dumps({**error, "data": None})
