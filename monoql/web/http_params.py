"""Reads GraphQL-over-HTTP requests: GET query strings, JSON bodies and GraphQL multipart requests."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import orjson
from flask import Request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from monoql.config import Settings
from monoql.errors import BadRequest, BadUserInput

JSON_TYPES = ("application/json", "application/graphql-response+json")
MULTIPART = "multipart/form-data"
# Content types a browser may send cross-site without a CORS preflight.
SIMPLE_TYPES = ("", "text/plain", MULTIPART, "application/x-www-form-urlencoded")
MULTIPART_OVERHEAD = 1_048_576


@dataclass
class GraphQLParams:
    query: str | None
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    extensions: dict[str, Any] | None = None
    files: dict[str, FileStorage] = field(default_factory=dict)


def check_csrf(request: Request, settings: Settings) -> None:
    """Refuse requests a browser could send cross-site without a preflight (behaviour.md 1.2)."""
    if not settings.csrf.enabled:
        return
    simple = request.method == "GET" or request.mimetype in SIMPLE_TYPES
    if simple and not any(request.headers.get(name, "").strip() for name in settings.csrf.preflight_headers):
        raise BadRequest(
            "This request could be a cross-site request forgery: send a preflight header such as "
            "'Apollo-Require-Preflight' or use Content-Type application/json.",
            reason="CSRF_PREFLIGHT_REQUIRED",
        )


def read_params(request: Request, settings: Settings) -> tuple[list[GraphQLParams], bool]:
    """The operations of the request and whether they came as a batch (a JSON array)."""
    if request.method == "GET":
        return [_from_query_string(request, settings)], False
    if request.mimetype in JSON_TYPES:
        return _from_json(request, settings)
    if request.mimetype == MULTIPART:
        return _from_multipart(request, settings)
    raise BadRequest(
        f"Unsupported Content-Type {request.mimetype or '(none)'!r}: send application/json "
        "or a GraphQL multipart request.",
        reason="UNSUPPORTED_MEDIA_TYPE",
        http_status=415,
    )


def _from_query_string(request: Request, settings: Settings) -> GraphQLParams:
    args = request.args
    return _params(
        {
            "query": args.get("query"),
            "variables": _json_arg(args.get("variables"), "variables"),
            "operationName": args.get("operationName"),
            "extensions": _json_arg(args.get("extensions"), "extensions"),
        },
        settings,
    )


def _json_arg(raw: str | None, name: str) -> Any:
    if raw is None or raw == "":
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BadRequest(
            f"The '{name}' parameter is not valid JSON.", reason=f"INVALID_{name.upper()}"
        ) from None


def _from_json(request: Request, settings: Settings) -> tuple[list[GraphQLParams], bool]:
    limit = settings.limits.max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise _body_too_large(limit)
    raw = request.stream.read(limit + 1)
    if len(raw) > limit:
        raise _body_too_large(limit)
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BadRequest("The request body is not valid JSON.", reason="MALFORMED_JSON") from None
    return _operations(body, settings)


def _body_too_large(limit: int) -> BadRequest:
    return BadRequest(
        f"The request body is larger than {limit} bytes.", reason="BODY_TOO_LARGE", http_status=413
    )


def _operations(body: Any, settings: Settings) -> tuple[list[GraphQLParams], bool]:
    if isinstance(body, list):
        if settings.limits.max_batch <= 1:
            raise BadRequest(
                "Batched operations are not supported: send one operation per request.",
                reason="BATCHING_NOT_SUPPORTED",
            )
        if not body or len(body) > settings.limits.max_batch:
            raise BadRequest(
                f"A batch holds 1 to {settings.limits.max_batch} operations.", reason="INVALID_BATCH"
            )
        return [_params(item, settings) for item in body], True
    return [_params(body, settings)], False


def _params(body: Any, settings: Settings) -> GraphQLParams:
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object.", reason="BODY_NOT_OBJECT")
    query, variables = body.get("query"), body.get("variables")
    operation_name, extensions = body.get("operationName"), body.get("extensions")
    if query is not None and not isinstance(query, str):
        raise BadRequest("'query' must be a string.", reason="INVALID_QUERY")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequest("'variables' must be an object.", reason="INVALID_VARIABLES")
    if operation_name is not None and not isinstance(operation_name, str):
        raise BadRequest("'operationName' must be a string.", reason="INVALID_OPERATION_NAME")
    if extensions is not None and not isinstance(extensions, dict):
        raise BadRequest("'extensions' must be an object.", reason="INVALID_EXTENSIONS")
    if _too_deep(variables, settings.limits.max_json_depth) or _too_deep(
        extensions, settings.limits.max_json_depth
    ):
        raise BadRequest(
            f"'variables' and 'extensions' may nest at most {settings.limits.max_json_depth} levels deep.",
            reason="JSON_TOO_DEEP",
        )
    return GraphQLParams(query, variables, operation_name or None, extensions)


def _from_multipart(request: Request, settings: Settings) -> tuple[list[GraphQLParams], bool]:
    uploads = settings.uploads
    request.max_content_length = uploads.max_files * uploads.max_file_size + MULTIPART_OVERHEAD
    request.max_form_parts = uploads.max_files + 50
    try:
        form, files = request.form, request.files
    except RequestEntityTooLarge:
        raise _upload_refused("The upload is larger than allowed.", "FILE_TOO_LARGE") from None
    if len(files) > uploads.max_files:
        raise _upload_refused(f"At most {uploads.max_files} files may be sent at once.", "TOO_MANY_FILES")
    for part in files.values():
        if _size(part) > uploads.max_file_size:
            raise _upload_refused(
                f"Each file may be at most {uploads.max_file_size} bytes.", "FILE_TOO_LARGE"
            )
    operations = _json_arg(form.get("operations"), "operations")
    file_map = _json_arg(form.get("map"), "map")
    if operations is None:
        raise BadRequest("A multipart request needs an 'operations' part.", reason="MISSING_OPERATIONS")
    if file_map is not None and not isinstance(file_map, dict):
        raise BadRequest("The 'map' part must be a JSON object.", reason="INVALID_MAP")
    params, batched = (
        _operations(operations, settings)
        if isinstance(operations, list)
        else ([_params(operations, settings)], False)
    )
    for key, paths in (file_map or {}).items():
        found = files.get(key)
        if found is None:
            raise BadRequest(f"The map names a file part {key!r} that was not sent.", reason="INVALID_MAP")
        if not isinstance(paths, list):
            raise BadRequest(f"The map entry {key!r} must be a list of paths.", reason="INVALID_MAP")
        for path in paths:
            _place(params, batched, str(path), found)
    return params, batched


def _too_deep(value: Any, limit: int) -> bool:
    """Whether JSON containers nest deeper than `limit` (iterative: no recursion on hostile input)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


class UploadRefused(BadRequest):
    """A multipart request over the file limits: HTTP 413 with a BAD_USER_INPUT error (behaviour.md 13.1)."""

    code = BadUserInput.code


def _upload_refused(message: str, reason: str) -> BadRequest:
    return UploadRefused(message, reason=reason, http_status=413)


def _size(part: FileStorage) -> int:
    stream = part.stream
    position = stream.tell()
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(position)
    return size


def _place(params: list[GraphQLParams], batched: bool, path: str, part: FileStorage) -> None:
    """Put a file part where the map says, e.g. `variables.file` or `0.variables.files.1`."""
    segments = path.split(".")
    if batched:
        if not segments or not segments[0].isdigit() or int(segments[0]) >= len(params):
            raise BadRequest(f"Invalid map path {path!r}.", reason="INVALID_MAP")
        target, segments = params[int(segments[0])], segments[1:]
    else:
        target = params[0]
    if len(segments) < 2 or segments[0] != "variables" or target.variables is None:
        raise BadRequest(f"Invalid map path {path!r}.", reason="INVALID_MAP")
    node: Any = target.variables
    for segment in segments[1:-1]:
        node = node[int(segment)] if isinstance(node, list) and segment.isdigit() else node.get(segment)
        if not isinstance(node, (dict, list)):
            raise BadRequest(f"Invalid map path {path!r}.", reason="INVALID_MAP")
    last = segments[-1]
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node[int(last)] = part
    elif isinstance(node, dict):
        node[last] = part
    else:
        raise BadRequest(f"Invalid map path {path!r}.", reason="INVALID_MAP")
    target.files[path] = part
