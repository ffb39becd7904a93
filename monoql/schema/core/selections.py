"""Sub-selections collected once per document, for every request that runs it.

graphql-core collects the fields selected under each object (fragments spread, inline fragments
matched against the object's type, `@skip`/`@include` applied) per request, and remembers them
only until the request ends. The parsed document is cached (monoql.web.documents) and its answer's
shape is the same on every request, so the collection is kept with the document's operation:
after its first request, a cached document runs without collecting anything.

What is collected depends on the variables only through `@skip(if: $var)` or
`@include(if: $var)`: an operation whose directives read a variable keeps graphql-core's
per-request collection. The collections are keyed, as graphql-core keys them, by the object type
and the identity of the field nodes; those nodes belong to the document, so a collection is used
only for the very operation node it was made for and is dropped when that node is freed.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    Node,
    OperationDefinitionNode,
    VariableNode,
    Visitor,
    visit,
)

#: (object type, id of each field node) → the fields selected under them, as graphql-core keys it.
SubfieldKey = tuple[object, ...]
Subfields = dict[SubfieldKey, dict[str, list[FieldNode]]]

#: id(operation) → (a weak reference to that operation, its collections or None if per request).
_by_operation: dict[int, tuple[weakref.ref[OperationDefinitionNode], Subfields | None]] = {}


def subfield_key(return_type: GraphQLObjectType, field_nodes: list[FieldNode]) -> SubfieldKey:
    if len(field_nodes) == 1:
        return (return_type, id(field_nodes[0]))
    return (return_type, *map(id, field_nodes))


def shared_subfields(
    operation: OperationDefinitionNode, fragments: Iterable[FragmentDefinitionNode]
) -> Subfields | None:
    """The collections kept for `operation`, or None when they depend on the variables."""
    key = id(operation)
    entry = _by_operation.get(key)
    if entry is not None and entry[0]() is operation:
        return entry[1]
    collections: Subfields | None = None if _reads_variables([operation, *fragments]) else {}
    reference = weakref.ref(operation, lambda _: _forget(key))
    _by_operation[key] = (reference, collections)
    return collections


def _forget(key: int) -> None:
    # Called when the operation is freed, before its id can be given to another object.
    _by_operation.pop(key, None)


class _DirectiveVariables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_directive(self, node: DirectiveNode, *_: object) -> None:
        if any(isinstance(argument.value, VariableNode) for argument in node.arguments):
            self.found = True


def _reads_variables(nodes: list[Node]) -> bool:
    """Whether a directive anywhere in `nodes` takes a variable (`@include(if: $show)`)."""
    visitor = _DirectiveVariables()
    for node in nodes:
        visit(node, visitor)
        if visitor.found:
            return True
    return False
