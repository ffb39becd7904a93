"""A validation rule: at most one campaign password and one login per operation (docs/passwords.md §4).

Aliases let one request carry many guesses (`a: campaign(domain: "x", password: "1") b: …`) or many
logins. Fields are counted as execution would run them: fragments expanded where they are spread,
fields sharing a response name merged into one, so neither an alias, a repeated fragment nor an
inline fragment hides a second credential. Counted per operation, refused before anything runs.
"""

from __future__ import annotations

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
)

REASON = "TOO_MANY_CREDENTIALS"
#: (parent type, field, argument that makes the field a credential; None: the field always is one).
PASSWORD_FIELDS = frozenset({("Viewer", "campaign", "password")})
LOGIN_FIELDS = frozenset({("Mutation", "authenticate", None), ("Query", "viewer", "auth")})

Scope = tuple[SelectionSetNode, GraphQLNamedType | None]
Merged = dict[str, list[tuple[FieldNode, GraphQLNamedType | None]]]


class OneCredentialPerOperationRule(ValidationRule):
    """Refuses an operation with more than one campaign password or more than one login."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.fragments = {
            d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        root = self.context.schema.get_root_type(node.operation)
        counts = {"password": 0, "login": 0}
        self._level([(node.selection_set, root)], counts)
        if counts["password"] > 1:
            self._refuse(node, f"An operation may carry one campaign password, not {counts['password']}.")
        if counts["login"] > 1:
            self._refuse(node, f"An operation may sign in once, not {counts['login']} times.")

    def _refuse(self, node: OperationDefinitionNode, message: str) -> None:
        self.report_error(GraphQLError(message, node, extensions={"reason": REASON}))

    def _level(self, scopes: list[Scope], counts: dict[str, int]) -> None:
        merged: Merged = {}
        for selection_set, parent in scopes:
            self._collect(selection_set, parent, merged, frozenset())
        for nodes in merged.values():
            node, parent = nodes[0]  # fields sharing a response name run once
            kind = _credential(node, parent)
            if kind:
                counts[kind] += 1
            children = [
                (child.selection_set, _field_type(owner, child.name.value))
                for child, owner in nodes if child.selection_set is not None
            ]
            if children:
                self._level(children, counts)

    def _collect(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, merged: Merged,
        visiting: frozenset[str],
    ) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.alias.value if selection.alias else selection.name.value
                merged.setdefault(name, []).append((selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                inner = self._condition(selection.type_condition, parent)
                self._collect(selection.selection_set, inner, merged, visiting)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in visiting:
                    continue  # unknown fragments and cycles are reported by the standard rules
                inner = self._condition(fragment.type_condition, parent)
                self._collect(fragment.selection_set, inner, merged, visiting | {name})

    def _condition(self, condition: Any, parent: GraphQLNamedType | None) -> GraphQLNamedType | None:
        if condition is None:
            return parent
        return self.context.schema.get_type(condition.name.value)


def _credential(node: FieldNode, parent: GraphQLNamedType | None) -> str | None:
    """"password", "login" or None for one field."""
    if parent is None:
        return None
    arguments = {argument.name.value for argument in node.arguments or ()}
    for kind, fields in (("password", PASSWORD_FIELDS), ("login", LOGIN_FIELDS)):
        for type_name, field_name, argument in fields:
            named = parent.name == type_name and node.name.value == field_name
            if named and (argument is None or argument in arguments):
                return kind
    return None


def _field_type(parent: GraphQLNamedType | None, name: str) -> GraphQLNamedType | None:
    if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        return None
    field = parent.fields.get(name)
    return get_named_type(field.type) if field is not None else None
