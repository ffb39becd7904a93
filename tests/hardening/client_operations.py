"""The operations the admin tool and the fan site send, read from `operations/*.graphql`.

Each operation is returned as a document of its own holding the fragments it uses, and, like
Apollo Client does, with `__typename` added to every selection set below the root.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

FOLDER = Path(__file__).resolve().parent / "operations"


@dataclass(frozen=True)
class ClientOperation:
    name: str
    file: str
    kind: str  # query | mutation
    text: str  # the operation and its fragments, with __typename added


class _AddTypename(Visitor):
    def enter_selection_set(self, node: SelectionSetNode, key: object, parent: object, *_: object) -> object:
        if isinstance(parent, OperationDefinitionNode):
            return None
        names = {s.name.value for s in node.selections if isinstance(s, FieldNode) and not s.alias}
        if "__typename" in names:
            return None
        typename = FieldNode(name=NameNode(value="__typename"), arguments=(), directives=())
        return SelectionSetNode(selections=(*node.selections, typename))


def _spreads(node: object) -> set[str]:
    found: set[str] = set()

    class Collect(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: object) -> None:
            found.add(spread.name.value)

    visit(node, Collect())  # type: ignore[arg-type]
    return found


def _closure(operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]) -> list[str]:
    needed: list[str] = []
    pending = sorted(_spreads(operation))
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        needed.append(name)
        pending.extend(sorted(_spreads(fragments[name]) - set(needed)))
    return sorted(needed)


@cache
def client_operations() -> tuple[ClientOperation, ...]:
    files = sorted(FOLDER.glob("*.graphql"))
    documents = {path.name: parse(path.read_text(encoding="utf-8")) for path in files}
    fragments = {
        d.name.value: d for doc in documents.values() for d in doc.definitions if isinstance(d, FragmentDefinitionNode)
    }
    result: list[ClientOperation] = []
    for file, document in documents.items():
        for definition in document.definitions:
            if not isinstance(definition, OperationDefinitionNode) or definition.name is None:
                continue
            parts = [definition, *(fragments[name] for name in _closure(definition, fragments))]
            typed = visit(DocumentNode(definitions=tuple(parts)), _AddTypename())
            result.append(
                ClientOperation(definition.name.value, file, definition.operation.value, print_ast(typed))
            )
    return tuple(result)
