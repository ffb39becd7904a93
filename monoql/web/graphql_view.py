"""The `/graphql` endpoint: GraphQL over HTTP (GET, POST JSON, multipart) with coded errors."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import orjson
from flask import Flask, Response, current_app, g, request
from graphql import ExecutionResult, GraphQLError, OperationType, execute

from monoql.config import Settings
from monoql.errors import INTERNAL_MESSAGE, BadRequest, MonoqlError
from monoql.metrics import observe_operation
from monoql.schema.core.context import CookieOp, RequestContext
from monoql.schema.viewer.session import sliding_session
from monoql.web.caching import cache_control
from monoql.web.caller import apply_cookies, client_host, client_ip, identify
from monoql.web.documents import DocumentCache
from monoql.web.error_format import format_error, request_error
from monoql.web.execution import execution_context_class
from monoql.web.http_params import GraphQLParams, check_csrf, read_params
from monoql.web.negotiation import quality
from monoql.web.persisted import PersistedQueries

logger = logging.getLogger(__name__)

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


@dataclass
class Gateway:
    """What the endpoint needs, built once per app (so once per worker)."""

    settings: Settings
    schema: Any
    documents: DocumentCache
    persisted: PersistedQueries


def gateway() -> Gateway:
    state: Gateway = current_app.extensions["monoql"]
    return state


def graphql_endpoint() -> Response:
    state = gateway()
    try:
        media = negotiate()
        check_csrf(request, state.settings)
        operations, batched = read_params(request, state.settings)
    except BadRequest as error:
        refused = _refused(error, JSON)
        refused.headers["Cache-Control"] = "no-store"
        return refused
    caller = identify(request, state.settings)
    outcomes = [_run(state, params, media, caller) for params in operations]
    if batched:
        body: Any = [outcome.body for outcome in outcomes]
        status = 200
    else:
        body, status = outcomes[0].body, outcomes[0].status
    response = _json_response(body, status, media)
    for outcome in outcomes:
        if outcome.allow:
            response.headers["Allow"] = outcome.allow
    cookie_ops = [op for outcome in outcomes if outcome.context for op in outcome.context.cookie_ops]
    session_cookie = state.settings.session.cookie_name
    if caller.stale_cookie and all(op.name != session_cookie for op in cookie_ops):
        cookie_ops.append(CookieOp(session_cookie, None))  # a session cookie that failed to verify
    apply_cookies(response, cookie_ops, state.settings)
    cache_control(request, response, operations[0], body, state.settings)
    return response


@dataclass
class _Outcome:
    body: dict[str, Any]
    status: int = 200
    allow: str | None = None
    context: RequestContext | None = None


def _run(state: Gateway, params: GraphQLParams, media: str, caller: Any) -> _Outcome:
    request_status = 400 if media == GRAPHQL_RESPONSE else 200
    try:
        text, register = state.persisted.resolve(params.query, params.extensions)
    except BadRequest as error:
        return _Outcome(_error_body(error), error.http_status)
    except MonoqlError as error:
        return _Outcome(_error_body(error), _persisted_status(error.code, media))
    parsed = state.documents.get(text)
    if parsed.parse_errors:
        return _Outcome(_graphql_errors(parsed.parse_errors, "GRAPHQL_PARSE_FAILED"), request_status)
    if parsed.validation_errors:
        return _Outcome(
            _graphql_errors(parsed.validation_errors, "GRAPHQL_VALIDATION_FAILED"), request_status
        )
    if register is not None:
        state.persisted.register(register, text)
    operation = parsed.operation(params.operation_name)
    if operation is None:
        message = (
            f"Unknown operation named '{params.operation_name}'."
            if params.operation_name
            else "Must provide operation name if query contains multiple operations."
        )
        return _Outcome(
            request_error(
                "BAD_REQUEST", message, request_id=g.request_id, reason="OPERATION_RESOLUTION_FAILURE"
            ),
            request_status,
        )
    if request.method == "GET" and operation.operation != OperationType.QUERY:
        refusal = BadRequest(
            "Only queries may be sent with GET; send mutations with POST.",
            reason="METHOD_NOT_ALLOWED",
            http_status=405,
        )
        return _Outcome(_error_body(refusal), 405, allow="POST")
    return _execute(state, parsed.document, operation, params, caller, request_status)


def _execute(
    state: Gateway, document: Any, operation: Any, params: GraphQLParams, caller: Any, request_status: int
) -> _Outcome:
    settings = state.settings
    kind = "upload" if params.files else operation.operation.value
    budget = {"query": settings.deadline.query, "mutation": settings.deadline.mutation}.get(
        kind, settings.deadline.upload
    )
    ctx = RequestContext(
        settings=settings,
        request_id=g.request_id,
        deadline=time.monotonic() + budget,
        headers=request.headers,
        cookies=request.cookies,
        client_ip=client_ip(request, settings),
        host=client_host(request, settings),
        jwt=caller.jwt,
        claims=caller.claims,
        jwt_source=caller.source,
    )
    name = operation.name.value if operation.name else None
    g.operation_name, g.operation_type, g.user_id = name, operation.operation.value, ctx.user_id
    started = time.perf_counter()
    with sliding_session(ctx, operation.operation.value):
        result = execute(
            state.schema.graphql_schema,
            document,
            context_value=ctx,
            variable_values=params.variables,
            operation_name=params.operation_name,
            execution_context_class=execution_context_class(settings.introspection),
        )
    assert isinstance(result, ExecutionResult)  # synchronous execution only
    observe_operation(operation.operation.value, name, time.perf_counter() - started, bool(result.errors))
    if result.data is None and result.errors and not _executed(result):
        body = _graphql_errors(result.errors, "BAD_USER_INPUT")
        return _Outcome(body, request_status, context=ctx)
    body = {"data": result.data}
    errors = [*(result.errors or ()), *ctx.extra_errors]  # the latter: fields that still answered
    if errors:
        body = {"errors": [_format(e) for e in errors], "data": result.data}
    return _Outcome(body, 200, context=ctx)


def _executed(result: ExecutionResult) -> bool:
    """Errors with a path come from execution; without one they are request errors (variable coercion)."""
    return any(error.path for error in result.errors or ())


def _format(error: GraphQLError, default_code: str | None = None) -> dict[str, Any]:
    settings = gateway().settings
    return format_error(
        error,
        request_id=g.request_id,
        show_developer_message=settings.show_developer_message,
        default_code=default_code,
    )


def _graphql_errors(errors: Any, code: str) -> dict[str, Any]:
    return {"errors": [_format(error, code) for error in errors]}


def _error_body(error: MonoqlError) -> dict[str, Any]:
    extra = {"reason": error.reason} if error.reason else {}
    return request_error(error.code, error.message, request_id=g.request_id, **extra)


def _refused(error: BadRequest, media: str) -> Response:
    response = _json_response(_error_body(error), error.http_status, media)
    if error.http_status == 405:
        response.headers["Allow"] = "GET, POST"
    return response


def _persisted_status(code: str, media: str) -> int:
    """Without a `data` entry graphql-response+json needs a 4xx (as Apollo Router: 404, 403);
    legacy JSON clients get 200 for an unknown hash, which Apollo's APQ link expects."""
    if code == "PERSISTED_QUERY_NOT_FOUND":
        return 404 if media == GRAPHQL_RESPONSE else 200
    return 403 if media == GRAPHQL_RESPONSE else 400


def _json_response(body: Any, status: int, media: str) -> Response:
    return Response(_encode(body), status=status, content_type=f"{media}; charset=utf-8")


def _encode(body: Any) -> bytes:
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


def negotiate() -> str:
    """The response media type (GraphQL-over-HTTP): graphql-response+json when asked for, else JSON."""
    if request.method not in ("GET", "POST"):
        raise BadRequest(
            f"{request.method} is not supported: use GET or POST.",
            reason="METHOD_NOT_ALLOWED",
            http_status=405,
        )
    header = request.headers.get("Accept", "")
    if not header.strip():
        return JSON
    graphql_quality = quality(header, GRAPHQL_RESPONSE, explicit=True)
    json_quality = quality(header, JSON)
    if graphql_quality and graphql_quality >= json_quality:
        return GRAPHQL_RESPONSE
    if json_quality:
        return JSON
    if quality(header, GRAPHQL_RESPONSE):
        return GRAPHQL_RESPONSE
    raise BadRequest(
        "The Accept header allows neither application/graphql-response+json nor application/json.",
        reason="NOT_ACCEPTABLE",
        http_status=406,
    )


def register(app: Flask, state: Gateway) -> None:
    app.extensions["monoql"] = state
    app.add_url_rule(
        "/graphql", "graphql", graphql_endpoint, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]
    )
