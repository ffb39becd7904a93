"""One GraphQL operation of a `/graphql` request: the work behind the view's `execute_operation`.

The document comes from the persisted-query store (or the request), parsed and validated through
the bounded cache with the gateway's rules (limits, introspection policy); the operation is chosen
by name; a GET may only run a query (405, before any work); the request context gets the
deadline of the operation's kind; graphql-server's `execute_sync` runs the cached document with the
deferred (batching) execution context, without validating it again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import g
from graphql import ExecutionResult, GraphQLError, OperationDefinitionNode, OperationType
from graphql_server.http import GraphQLRequestData
from graphql_server.runtime import execute_sync

from monoql.config import Settings
from monoql.errors import BadRequest, MonoqlError
from monoql.metrics import observe_operation
from monoql.schema.core.context import RequestContext
from monoql.schema.viewer.session import sliding_session
from monoql.web.answer_memo import AnswerMemo
from monoql.web.documents import DocumentCache
from monoql.web.operation_policy import execution_context_class
from monoql.web.persisted import PersistedQueries
from monoql.web.refusals import Refused
from monoql.web.responses import GRAPHQL_RESPONSE


@dataclass
class Gateway:
    """What the endpoint needs, built once per app (so once per worker)."""

    settings: Settings
    schema: Any
    documents: DocumentCache
    persisted: PersistedQueries
    memo: AnswerMemo = field(init=False)

    def __post_init__(self) -> None:
        self.memo = AnswerMemo(self.settings)


class RequestErrors(ExecutionResult):
    """Errors that stopped the operation before execution, all answered with one `code`."""

    def __init__(self, errors: Iterable[GraphQLError], code: str) -> None:
        super().__init__(None, list(errors))
        self.code = code


def run_operation(
    gateway: Gateway, data: GraphQLRequestData, ctx: RequestContext, *, method: str, media: str
) -> tuple[ExecutionResult, int]:
    """The result of the operation and the HTTP status it is answered with."""
    request_status = 400 if media == GRAPHQL_RESPONSE else 200
    text, register = _document_text(gateway.persisted, data, media)
    parsed = gateway.documents.get(text)
    if parsed.parse_errors:
        return RequestErrors(parsed.parse_errors, "GRAPHQL_PARSE_FAILED"), request_status
    if parsed.validation_errors:
        return RequestErrors(parsed.validation_errors, "GRAPHQL_VALIDATION_FAILED"), request_status
    if register is not None:
        gateway.persisted.register(register, text)
    operation = parsed.operation(data.operation_name)
    if operation is None:
        return RequestErrors([_unresolved(data.operation_name)], "BAD_REQUEST"), request_status
    if method == "GET" and operation.operation != OperationType.QUERY:
        refusal = BadRequest(
            "Only queries may be sent with GET; send mutations with POST.",
            reason="METHOD_NOT_ALLOWED",
            http_status=405,
        )
        raise Refused(refusal, media=media, allow="POST")
    result = _execute(gateway, text, parsed.document, operation, data, ctx)
    if result.data is None and result.errors and not any(error.path for error in result.errors):
        # Errors without a path come before execution: variables that do not coerce.
        return RequestErrors(result.errors, "BAD_USER_INPUT"), request_status
    errors = [*(result.errors or ()), *ctx.response.errors]  # the latter: fields that still answered
    return ExecutionResult(result.data, errors or None), 200


def _document_text(
    persisted: PersistedQueries, data: GraphQLRequestData, media: str
) -> tuple[str, str | None]:
    """The document to run, and the hash to register once it validates (automatic persisted queries)."""
    try:
        return persisted.resolve(data.query, data.extensions)
    except BadRequest as error:
        raise Refused(error, media=media) from None
    except MonoqlError as error:
        raise Refused(error, _persisted_status(error.code, media), media=media) from None


def _persisted_status(code: str, media: str) -> int:
    """Without a `data` entry graphql-response+json needs a 4xx (as Apollo Router: 404, 403);
    legacy JSON clients get 200 for an unknown hash, which Apollo's APQ link expects."""
    if code == "PERSISTED_QUERY_NOT_FOUND":
        return 404 if media == GRAPHQL_RESPONSE else 200
    return 403 if media == GRAPHQL_RESPONSE else 400


def _unresolved(name: str | None) -> GraphQLError:
    message = (
        f"Unknown operation named '{name}'."
        if name
        else "Must provide operation name if query contains multiple operations."
    )
    return GraphQLError(message, extensions={"reason": "OPERATION_RESOLUTION_FAILURE"})


def _execute(
    gateway: Gateway, text: str, document: Any, operation: OperationDefinitionNode, data: GraphQLRequestData,
    ctx: RequestContext,
) -> ExecutionResult:
    settings = gateway.settings
    kind = "upload" if g.get("upload") else operation.operation.value
    budget = {"query": settings.deadline.query, "mutation": settings.deadline.mutation}.get(
        kind, settings.deadline.upload
    )
    ctx.backends.call.deadline = time.monotonic() + budget
    name = operation.name.value if operation.name else None
    g.operation_name, g.operation_type, g.user_id = name, operation.operation.value, ctx.caller.user_id
    started = time.perf_counter()
    def execute() -> ExecutionResult:
        return execute_sync(
            gateway.schema.graphql_schema,
            document,
            variable_values=data.variables,
            context_value=ctx,
            operation_name=data.operation_name,
            execution_context_class=execution_context_class(settings.introspection),
            validate_document=False,  # the cache validated it, with the gateway's rules
        )

    with sliding_session(ctx, operation.operation.value):
        key = None
        if operation.operation == OperationType.QUERY and kind == "query":
            key = gateway.memo.key(ctx, text, data.operation_name, data.variables)
        if key is None:
            gateway.memo.skipped()
            result = execute()
        else:
            result = gateway.memo.answer(key, ctx, execute)
    observe_operation(operation.operation.value, name, time.perf_counter() - started, bool(result.errors))
    return result
