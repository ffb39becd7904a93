"""Execution context that resolves loader futures level by level, draining the batch scheduler."""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLObjectType, OperationDefinitionNode, OperationType
from graphql.pyutils import AwaitableOrValue, Path
from graphql_sync_dataloaders import DeferredExecutionContext, SyncFuture


class BatchingExecutionContext(DeferredExecutionContext):
    """graphql-sync-dataloaders' deferred execution, with our scheduler flushed whenever work runs out."""

    def execute_operation(
        self, operation: OperationDefinitionNode, root_value: Any
    ) -> AwaitableOrValue[Any] | None:
        self._deferred_callbacks: list[Any] = []
        result = super(DeferredExecutionContext, self).execute_operation(operation, root_value)
        self._drain()
        if isinstance(result, SyncFuture):
            if not result.done():
                raise RuntimeError("GraphQL deferred execution failed to complete.")
            return result.result()
        return result

    def execute_field(
        self, parent_type: GraphQLObjectType, source: Any, field_nodes: list[FieldNode], path: Path
    ) -> AwaitableOrValue[Any]:
        result = super().execute_field(parent_type, source, field_nodes, path)
        if path.prev is None and self.operation.operation == OperationType.MUTATION:
            # A mutation and everything selected under it finish before the next mutation starts.
            self._drain()
            if isinstance(result, SyncFuture) and result.done():
                return result.result()
        return result

    def _drain(self) -> None:
        scheduler = self.context_value.scheduler
        callbacks = self._deferred_callbacks
        while callbacks or scheduler.has_pending:
            while callbacks:
                callbacks.pop(0)()
            if scheduler.has_pending:
                scheduler.flush()
