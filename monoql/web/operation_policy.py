"""Operation policy: operation types the schema lacks are refused; with `introspection` off,
`__schema` is refused and `__type` answers null.

`__schema` is refused at validation (GRAPHQL_VALIDATION_FAILED), as Apollo does. `__type(name:)`
is let through validation but resolves to null, as for a type that does not exist: it discloses
nothing, and schema-agnostic clients (conformance probes, health checks) that ask for a type still
get a well-formed answer. `__typename` always works.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLObjectType,
    OperationDefinitionNode,
    ValidationRule,
    get_named_type,
)
from graphql.pyutils import AwaitableOrValue, Path

from monoql.schema.core.execution_context import BatchingExecutionContext


class NoSchemaRule(ValidationRule):
    """Refuses every field whose type is `__Schema` (the `__schema` meta field)."""

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        field_def = self.context.get_field_def()
        if field_def is not None and get_named_type(field_def.type).name == "__Schema":
            self.report_error(
                GraphQLError(
                    "GraphQL introspection has been disabled, but the requested query contained "
                    f"the field '{node.name.value}'.",
                    node,
                )
            )


class KnownRootTypeRule(ValidationRule):
    """Refuses operations whose root type the schema lacks (subscriptions): a validation error, as
    graphql-js 17 reports it, rather than an execution failure."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        kind = node.operation.value
        if self.context.schema.get_root_type(node.operation) is None:
            self.report_error(GraphQLError(f"This schema does not support {kind} operations.", node))


class HiddenTypesExecutionContext(BatchingExecutionContext):
    """Batching execution in which the root `__type` field always resolves to null."""

    def execute_field(
        self, parent_type: GraphQLObjectType, source: Any, field_nodes: list[FieldNode], path: Path
    ) -> AwaitableOrValue[Any]:
        if path.prev is None and field_nodes[0].name.value == "__type":
            return None
        return super().execute_field(parent_type, source, field_nodes, path)


def execution_context_class(introspection: bool) -> type[BatchingExecutionContext]:
    return BatchingExecutionContext if introspection else HiddenTypesExecutionContext
