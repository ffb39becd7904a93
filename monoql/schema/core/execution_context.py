"""Execution context that resolves loader futures level by level, draining the batch scheduler.

Two things on top of graphql-sync-dataloaders' deferred execution:

- the scheduler's pending batches are flushed whenever synchronous work runs out, and each root
  field of a mutation (with everything selected under it) finishes before the next one starts;
- a fast path for the commonest field of all: a nullable scalar or enum read with Graphene's default
  resolver and no arguments. Such a field needs no resolve info, no argument coercion and no
  resolver call; on large pages (hundreds of them per response) that was a tenth of the CPU.
  `execute_fields` reads them in its own loop, so they cost neither a call nor a `Path`;
- the fields selected under each object are collected once per cached document, not once per
  request (`selections`).
"""

from __future__ import annotations

from functools import partial
from typing import Any
from weakref import WeakKeyDictionary

from graphene.types.resolver import dict_or_attr_resolver
from graphql import (
    FieldNode,
    GraphQLLeafType,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    is_leaf_type,
    located_error,
)
from graphql.pyutils import AwaitableOrValue, Path, Undefined
from graphql_sync_dataloaders import DeferredExecutionContext, SyncFuture

from monoql.schema.core.context import RequestContext
from monoql.schema.core.selections import Subfields, shared_subfields, subfield_key

#: (attribute name, default value, leaf type) of a plain field; None when the field needs the full path.
PlainField = tuple[str, Any, GraphQLLeafType] | None
#: Per schema: parent type → field name → PlainField, learnt as fields are first executed.
PlainFields = dict[GraphQLObjectType, dict[str, PlainField]]

_UNLEARNT: Any = object()  # a field not looked at yet

_plain_fields: WeakKeyDictionary[GraphQLSchema, PlainFields] = WeakKeyDictionary()


def _plain_field(parent_type: GraphQLObjectType, name: str) -> PlainField:
    """What the fast path needs to read `parent_type.name`, or None."""
    field = parent_type.fields.get(name)
    if field is None or field.args or not is_leaf_type(field.type):
        return None
    resolve = field.resolve
    if isinstance(resolve, partial) and resolve.func is dict_or_attr_resolver and len(resolve.args) == 2:
        attname, default = resolve.args
        return attname, default, field.type  # type: ignore[return-value]
    return None


class _Waiting:
    """The fields of one object that wait for loaders, and the future of the object's whole dict."""

    __slots__ = ("future", "results", "unresolved")

    def __init__(self, results: dict[str, Any]) -> None:
        self.results = results
        self.future = SyncFuture()
        self.unresolved = 0

    def wait_for(self, response_name: str, field_future: SyncFuture) -> None:
        self.results[response_name] = None  # keeps the field's place in the answer until it settles
        self.unresolved += 1
        field_future.add_done_callback(partial(self._settle, response_name, field_future))

    def _settle(self, response_name: str, field_future: SyncFuture) -> None:
        value = field_future.result()
        if value is Undefined:
            del self.results[response_name]
        else:
            self.results[response_name] = value
        self.unresolved -= 1
        if not self.unresolved:
            self.future.set_result(self.results)


class BatchingExecutionContext(DeferredExecutionContext):
    """graphql-sync-dataloaders' deferred execution, with our scheduler flushed whenever work runs out."""

    def execute_operation(
        self, operation: OperationDefinitionNode, root_value: Any
    ) -> AwaitableOrValue[Any] | None:
        self._deferred_callbacks: list[Any] = []
        self._shared_subfields: Subfields | None = shared_subfields(operation, self.fragments.values())
        self._plain: PlainFields | None = None if self.middleware_manager else _plain_fields.setdefault(
            self.schema, {}
        )
        result = super(DeferredExecutionContext, self).execute_operation(operation, root_value)
        self._drain()
        if isinstance(result, SyncFuture):
            if not result.done():
                raise RuntimeError("GraphQL deferred execution failed to complete.")
            return result.result()
        return result

    def execute_fields_serially(
        self, parent_type: GraphQLObjectType, source_value: Any, path: Path | None,
        fields: dict[str, list[FieldNode]],
    ) -> Any:
        """Root fields of a mutation: each one, and everything selected under it, before the next.

        graphql-core calls this only for a mutation's root; every other selection goes through
        `execute_fields`, which stays graphql-sync-dataloaders' (it is bound in that class).
        """
        if path is not None:
            return super().execute_fields_serially(parent_type, source_value, path, fields)
        results: dict[str, Any] = {}
        for response_name, field_nodes in fields.items():
            result = self.execute_field(
                parent_type, source_value, field_nodes, Path(None, response_name, parent_type.name)
            )
            self._drain()
            if isinstance(result, SyncFuture):
                if not result.done():
                    raise RuntimeError("GraphQL deferred execution failed to complete.")
                result = result.result()
            if result is not Undefined:
                results[response_name] = result
        return results

    def execute_fields(
        self, parent_type: GraphQLObjectType, source_value: Any, path: Path | None,
        fields: dict[str, list[FieldNode]],
    ) -> Any:
        """The fields of one object (every selection but a mutation's root), in selection order.

        Plain fields are read here, without a call and without a `Path` (one is made only for an
        error); the others go through `execute_field`. While some of them wait for loaders the
        answer is a future of the dict, with each waiting field's place kept.
        """
        known = self._plain_fields_of(parent_type)
        results: dict[str, Any] = {}
        waiting: _Waiting | None = None
        for response_name, field_nodes in fields.items():
            plain = None
            if known is not None:
                name = field_nodes[0].name.value
                plain = known.get(name, _UNLEARNT)
                if plain is _UNLEARNT:
                    plain = known[name] = _plain_field(parent_type, name)
            if plain is not None:
                attname, default, leaf_type = plain
                try:
                    if isinstance(source_value, dict):
                        value = source_value.get(attname, default)
                    else:
                        value = getattr(source_value, attname, default)
                    if value is None or value is Undefined:
                        results[response_name] = None
                        continue
                    if not isinstance(value, SyncFuture):  # a future: the general path below
                        if isinstance(value, Exception):
                            raise value
                        results[response_name] = self.complete_leaf_value(leaf_type, value)
                        continue
                except Exception as raw_error:
                    where = Path(path, response_name, parent_type.name).as_list()
                    self.handle_field_error(located_error(raw_error, field_nodes, where), leaf_type)
                    results[response_name] = None
                    continue
            field_path = Path(path, response_name, parent_type.name)
            result = self.execute_field(parent_type, source_value, field_nodes, field_path)
            if isinstance(result, SyncFuture):
                if not result.done():
                    waiting = waiting or _Waiting(results)
                    waiting.wait_for(response_name, result)
                    continue
                result = result.result()
            if result is not Undefined:
                results[response_name] = result
        return waiting.future if waiting else results

    def _plain_fields_of(self, parent_type: GraphQLObjectType) -> dict[str, PlainField] | None:
        if self._plain is None:
            return None
        known = self._plain.get(parent_type)
        if known is None:
            known = self._plain[parent_type] = {}
        return known

    def execute_field(
        self, parent_type: GraphQLObjectType, source: Any, field_nodes: list[FieldNode], path: Path
    ) -> AwaitableOrValue[Any]:
        plain = None
        known = self._plain_fields_of(parent_type)
        if known is not None:
            name = field_nodes[0].name.value
            plain = known.get(name, _UNLEARNT)
            if plain is _UNLEARNT:
                plain = known[name] = _plain_field(parent_type, name)
        if plain is None:
            return super().execute_field(parent_type, source, field_nodes, path)
        attname, default, leaf_type = plain
        try:
            if isinstance(source, dict):
                value = source.get(attname, default)
            else:
                value = getattr(source, attname, default)
            if value is None or value is Undefined:
                return None
            if isinstance(value, SyncFuture):  # a future stored in a parent object: the general path
                return super().execute_field(parent_type, source, field_nodes, path)
            if isinstance(value, Exception):
                raise value
            return self.complete_leaf_value(leaf_type, value)
        except Exception as raw_error:
            self.handle_field_error(located_error(raw_error, field_nodes, path.as_list()), leaf_type)
            return None

    def collect_subfields(
        self, return_type: GraphQLObjectType, field_nodes: list[FieldNode]
    ) -> dict[str, list[FieldNode]]:
        shared = self._shared_subfields
        collected: dict[str, list[FieldNode]] | None
        if shared is None:  # the operation's directives read variables: graphql-core's own cache
            collected = super().collect_subfields(return_type, field_nodes)
            return collected
        key = subfield_key(return_type, field_nodes)
        collected = shared.get(key)
        if collected is None:
            collected = shared[key] = super().collect_subfields(return_type, field_nodes)
        return collected

    def _drain(self) -> None:
        context: RequestContext = self.context_value  # graphql-core types it Any
        scheduler = context.backends.scheduler
        callbacks = self._deferred_callbacks
        while callbacks or scheduler.has_pending:
            while callbacks:
                callbacks.pop(0)()
            if scheduler.has_pending:
                scheduler.flush()
