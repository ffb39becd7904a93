"""A validation rule enforcing the document limits: depth, aliases, directives, root fields and cost.

Fragments are expanded where they are spread, so spreading a fragment cannot bypass a limit,
and a fragment cycle (which the standard rules also report) cannot loop the walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

from monoql.config.settings import Limits


@dataclass
class _Tally:
    depth: int = 0
    aliases: int = 0
    directives: int = 0
    cost: int = 0


def limits_rule(limits: Limits) -> type[ValidationRule]:
    """A rule class bound to `limits` (graphql-core instantiates rules per validation)."""

    class DocumentLimitsRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments: dict[str, FragmentDefinitionNode] = {
                d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)
            }

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            roots = len(node.selection_set.selections)
            if roots > limits.max_root_fields:
                self._fail(f"Operation has {roots} root fields; the limit is {limits.max_root_fields}.")
            tally = _Tally(directives=len(node.directives or ()))
            root = self.context.schema.get_root_type(node.operation)
            self._walk(node.selection_set, root, tally, depth=1, multiplier=1, visiting=frozenset())
            self._check(tally)

        def _walk(
            self,
            selections: SelectionSetNode,
            parent: GraphQLNamedType | None,
            tally: _Tally,
            depth: int,
            multiplier: int,
            visiting: frozenset[str],
        ) -> None:
            for selection in selections.selections:
                tally.directives += len(selection.directives or ())
                if isinstance(selection, FieldNode):
                    self._field(selection, parent, tally, depth, multiplier, visiting)
                elif isinstance(selection, InlineFragmentNode):
                    inner = self._condition(selection.type_condition, parent)
                    self._walk(selection.selection_set, inner, tally, depth, multiplier, visiting)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if fragment is None or name in visiting:
                        continue  # unknown fragments and cycles are reported by the standard rules
                    inner = self._condition(fragment.type_condition, parent)
                    self._walk(fragment.selection_set, inner, tally, depth, multiplier, visiting | {name})
                if tally.cost > limits.max_cost * 4:
                    return  # already far over: stop walking a hostile document early

        def _condition(self, condition: Any, parent: GraphQLNamedType | None) -> GraphQLNamedType | None:
            if condition is None:
                return parent
            return self.context.schema.get_type(condition.name.value)

        def _field(
            self,
            node: FieldNode,
            parent: GraphQLNamedType | None,
            tally: _Tally,
            depth: int,
            multiplier: int,
            visiting: frozenset[str],
        ) -> None:
            if node.alias is not None:
                tally.aliases += 1
            tally.depth = max(tally.depth, depth)
            tally.cost += multiplier
            if node.selection_set is not None:
                is_list, named = _field_type(parent, node.name.value)
                child = min(multiplier * (limits.list_multiplier if is_list else 1), 10**9)
                self._walk(node.selection_set, named, tally, depth + 1, child, visiting)

        def _check(self, tally: _Tally) -> None:
            if tally.depth > limits.max_depth:
                self._fail(f"Query depth {tally.depth} exceeds the limit of {limits.max_depth}.")
            if tally.aliases > limits.max_aliases:
                self._fail(f"Query uses {tally.aliases} aliases; the limit is {limits.max_aliases}.")
            if tally.directives > limits.max_directives:
                self._fail(f"Query uses {tally.directives} directives; the limit is {limits.max_directives}.")
            if tally.cost > limits.max_cost:
                self._fail(f"Query cost {tally.cost} exceeds the limit of {limits.max_cost}.")

        def _fail(self, message: str) -> None:
            self.report_error(GraphQLError(message))

    return DocumentLimitsRule


def _field_type(parent: GraphQLNamedType | None, name: str) -> tuple[bool, GraphQLNamedType | None]:
    """Whether the field returns a list, and its named type (None when unknown to the schema)."""
    if not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
        return True, None  # unknown: count it as a list so the bound stays conservative
    field = parent.fields.get(name)
    if field is None:
        return True, None
    return is_list_type(get_nullable_type(field.type)), get_named_type(field.type)
