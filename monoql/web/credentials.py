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
    GraphQLError,
    GraphQLNamedType,
    OperationDefinitionNode,
)

from monoql.web.field_collection import Collected, FieldCollectingRule, Scope, field_type

REASON = "TOO_MANY_CREDENTIALS"
#: (parent type, field, argument that makes the field a credential; None: the field always is one).
PASSWORD_FIELDS = frozenset({("Viewer", "campaign", "password")})
LOGIN_FIELDS = frozenset({("Mutation", "authenticate", None), ("Query", "viewer", "auth")})


class OneCredentialPerOperationRule(FieldCollectingRule):
    """Refuses an operation with more than one campaign password or more than one login."""

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
        merged: Collected = {}
        for selection_set, parent in scopes:
            self.collect(selection_set, parent, merged)
        for nodes in merged.values():
            node, parent = nodes[0]  # fields sharing a response name run once
            kind = _credential(node, parent)
            if kind:
                counts[kind] += 1
            children = [
                (child.selection_set, field_type(owner, child.name.value)[1])
                for child, owner in nodes if child.selection_set is not None
            ]
            if children:
                self._level(children, counts)


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
