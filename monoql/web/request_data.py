"""The shape of a decoded GraphQL request, checked before any GraphQL work.

graphql-server decodes the JSON body, the GET parameters and the multipart `operations` part, then
reads `query`, `variables`, `operationName` and `extensions` without checking their types (a list
body is a 500, a numeric `query` fails later with its Python text). Each request is checked here
instead: an object (a batch of objects only where batching is configured), fields of the right
types, and `variables`/`extensions` nested no deeper than `limits.maxJsonDepth`.
"""

from __future__ import annotations

from typing import Any, Literal

from graphql_server.http import GraphQLRequestData

from monoql.config.settings import Limits
from monoql.errors import BadRequest

Protocol = Literal["http", "http-strict"]


def batch_items(body: list[Any], limits: Limits) -> list[Any]:
    """The operations of a JSON array body, or the refusal when batches are off or out of bounds."""
    if limits.max_batch <= 1:
        raise BadRequest(
            "Batched operations are not supported: send one operation per request.",
            reason="BATCHING_NOT_SUPPORTED",
        )
    if not body or len(body) > limits.max_batch:
        raise BadRequest(f"A batch holds 1 to {limits.max_batch} operations.", reason="INVALID_BATCH")
    return body


def request_data(body: Any, limits: Limits, protocol: Protocol) -> GraphQLRequestData:
    """One operation's request data, or a coded refusal naming what is wrong."""
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
    if too_deep(variables, limits.max_json_depth) or too_deep(extensions, limits.max_json_depth):
        raise BadRequest(
            f"'variables' and 'extensions' may nest at most {limits.max_json_depth} levels deep.",
            reason="JSON_TOO_DEEP",
        )
    return GraphQLRequestData(
        query=query,
        document=None,
        variables=variables,
        operation_name=operation_name or None,
        extensions=extensions,
        protocol=protocol,
    )


def too_deep(value: Any, limit: int) -> bool:
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
