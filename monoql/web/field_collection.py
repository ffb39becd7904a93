"""Fields as execution collects them, for validation rules that must count what will really run.

Fragments are expanded where they are spread and fields sharing a response name are merged into one
selection, so neither an alias, a repeated fragment nor an inline fragment hides a field from a
rule, and a fragment cycle cannot loop the walk (the standard rules report it).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

Scope = tuple[SelectionSetNode, GraphQLNamedType | None]
Collected = dict[str, list[tuple[FieldNode, GraphQLNamedType | None]]]


class FieldCollectingRule(ValidationRule):
    """A validation rule with the collection walk; subclasses see each selection and each merged field."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.fragments: dict[str, FragmentDefinitionNode] = {
            d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def collect(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType | None,
        collected: Collected,
        visiting: frozenset[str] = frozenset(),
    ) -> None:
        for selection in selection_set.selections:
            self.on_selection(selection)
            if isinstance(selection, FieldNode):
                name = selection.alias.value if selection.alias else selection.name.value
                nodes = collected.setdefault(name, [])
                nodes.append((selection, parent))
                self.on_field(name, nodes)
            elif isinstance(selection, InlineFragmentNode):
                inner = self._condition(selection.type_condition, parent)
                self.collect(selection.selection_set, inner, collected, visiting)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in visiting:
                    continue  # unknown fragments and cycles are reported by the standard rules
                inner = self._condition(fragment.type_condition, parent)
                self.collect(fragment.selection_set, inner, collected, visiting | {name})

    def on_selection(self, selection: SelectionNode) -> None:
        """Called for every selection met, fields and fragments alike."""

    def on_field(self, name: str, nodes: list[tuple[FieldNode, GraphQLNamedType | None]]) -> None:
        """Called when a field joins the selections sharing its response name (`nodes`, itself last)."""

    def _condition(self, condition: Any, parent: GraphQLNamedType | None) -> GraphQLNamedType | None:
        if condition is None:
            return parent
        return self.context.schema.get_type(condition.name.value)


def field_type(parent: GraphQLNamedType | None, name: str) -> tuple[bool, GraphQLNamedType | None]:
    """Whether the field returns a list, and its named type (None when unknown to the schema).

    Unknown fields fail validation and never run; the rules count them once and do not descend.
    """
    if not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
        return False, None
    field = parent.fields.get(name)
    if field is None:
        return False, None
    return is_list_type(get_nullable_type(field.type)), get_named_type(field.type)
