"""A validation rule enforcing the document limits: root fields, depth, aliases, directives,
repeated fields and cost (with list multipliers).

Fields are collected the way execution collects them (`field_collection.py`), so neither a
fragment spread nor a repeated field can bypass a limit, and a fragment cycle cannot loop the
walk. The walk stops at the first limit exceeded and after a fixed amount of work, so a hostile
document costs little to refuse. It runs before the standard rules (see `documents.py`), whose
field-merging check is quadratic in the number of fields sharing a response name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionNode,
    ValidationContext,
    validate,
)

from monoql.config.settings import Limits
from monoql.errors import LimitExceeded
from monoql.web.field_collection import Collected, FieldCollectingRule, Scope, field_type

MAX_MULTIPLIER = 10**9


@dataclass
class Tally:
    """What an operation uses of each limit (`measure` reports it for known client operations)."""

    aliases: int = 0
    directives: int = 0
    cost: int = 0
    depth: int = 0
    root_fields: int = 0
    duplicates: int = 0


def limit_error(message: str, reason: str) -> GraphQLError:
    return GraphQLError(message, extensions={"reason": reason})


class DocumentLimitsRule(FieldCollectingRule):
    """Refuses a document over one of `limits` (graphql-core instantiates rules per validation, so
    the limits are a class attribute: `for_limits` gives the rule of one set of limits)."""

    limits: ClassVar[Limits] = Limits()

    @classmethod
    def for_limits(cls, limits: Limits) -> type[DocumentLimitsRule]:
        return type(cls.__name__, (cls,), {"limits": limits})

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        # Shared by every definition of the document: the whole validation has one budget.
        self.work = 0
        self.tallies: list[Tally] = []
        self.tally = Tally()  # the tally of the walk under way, which the collection hooks add to

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        tally = Tally(directives=len(node.directives or ()))
        self.tallies.append(tally)
        root = self.context.schema.get_root_type(node.operation)
        self._guarded(lambda: self._level([(node.selection_set, root)], tally, 1, 1))

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_: Any) -> None:
        # Also walked on their own: the standard rules visit every fragment, spread or not.
        parent = self.context.schema.get_type(node.type_condition.name.value)
        self._guarded(lambda: self._level([(node.selection_set, parent)], Tally(), 1, 1, root=False))

    def _guarded(self, walk: Any) -> None:
        try:
            walk()
        except LimitExceeded as exceeded:
            self.report_error(limit_error(exceeded.message, exceeded.reason or ""))

    def _level(
        self, scopes: list[Scope], tally: Tally, depth: int, multiplier: int, *, root: bool = True
    ) -> None:
        if depth > self.limits.max_depth:
            message = f"Query depth exceeds the limit of {self.limits.max_depth}."
            raise LimitExceeded(message, reason="QUERY_TOO_DEEP")
        collected: Collected = {}
        self.tally = tally
        for selection_set, parent in scopes:
            self.collect(selection_set, parent, collected)
        tally.depth = max(tally.depth, depth)
        if depth == 1 and root:
            fields = tally.root_fields = sum(len(nodes) for nodes in collected.values())
            if fields > self.limits.max_root_fields:
                raise LimitExceeded(
                    f"Operation has {fields} root fields; the limit is {self.limits.max_root_fields}.",
                    reason="TOO_MANY_ROOT_FIELDS",
                )
        for nodes in collected.values():
            tally.cost += multiplier * len(nodes)
            if tally.cost > self.limits.max_cost:
                message = f"Query cost exceeds the limit of {self.limits.max_cost}."
                raise LimitExceeded(message, reason="QUERY_TOO_COSTLY")
            children, is_list = _children(nodes)
            if children:
                factor = self.limits.list_multiplier if is_list else 1
                inner = min(multiplier * factor, MAX_MULTIPLIER)
                self._level(children, tally, depth + 1, inner, root=root)

    def on_field(self, name: str, nodes: list[tuple[FieldNode, GraphQLNamedType | None]]) -> None:
        self.tally.duplicates = max(self.tally.duplicates, len(nodes))
        if len(nodes) > self.limits.max_duplicate_fields:
            raise LimitExceeded(
                f"Field '{name}' is selected {len(nodes)} times in one selection; "
                f"the limit is {self.limits.max_duplicate_fields}.",
                reason="TOO_MANY_DUPLICATE_FIELDS",
            )

    def on_selection(self, selection: SelectionNode) -> None:
        tally = self.tally
        self.work += 1
        if self.work > self.limits.max_cost:
            raise LimitExceeded("The document is too complex.", reason="QUERY_TOO_COSTLY")
        tally.directives += len(selection.directives or ())
        if tally.directives > self.limits.max_directives:
            raise LimitExceeded(
                f"Query uses more than {self.limits.max_directives} directives.",
                reason="TOO_MANY_DIRECTIVES",
            )
        if isinstance(selection, FieldNode) and selection.alias is not None:
            tally.aliases += 1
            if tally.aliases > self.limits.max_aliases:
                message = f"Query uses more than {self.limits.max_aliases} aliases."
                raise LimitExceeded(message, reason="TOO_MANY_ALIASES")


def measure(schema: GraphQLSchema, document: DocumentNode, list_multiplier: int) -> list[Tally]:
    """What each operation of `document` uses of the limits (no limit applied)."""
    huge = 10**12
    unlimited = Limits(
        max_body_bytes=huge, max_query_chars=huge, max_tokens=huge, max_depth=huge, max_aliases=huge,
        max_directives=huge, max_root_fields=huge, max_cost=huge, list_multiplier=list_multiplier,
        max_duplicate_fields=huge,
    )
    instances: list[DocumentLimitsRule] = []

    class Measuring(DocumentLimitsRule):
        limits = unlimited

        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            instances.append(self)

    validate(schema, document, [Measuring])
    return [tally for instance in instances for tally in instance.tallies]


def _children(nodes: list[tuple[FieldNode, GraphQLNamedType | None]]) -> tuple[list[Scope], bool]:
    """The merged sub-selections of fields sharing a response name, and whether any returns a list."""
    children: list[Scope] = []
    is_list = False
    for node, parent in nodes:
        if node.selection_set is None:
            continue
        listed, named = field_type(parent, node.name.value)
        is_list = is_list or listed
        children.append((node.selection_set, named))
    return children, is_list
