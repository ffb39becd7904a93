"""A validation rule enforcing the document limits: root fields, depth, aliases, directives,
repeated fields and cost (with list multipliers).

Fields are collected the way execution collects them: fragments are expanded where they are
spread and fields with the same response name are merged into one selection, so neither a
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
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_list_type,
    validate,
)

from monoql.config.settings import Limits

Scope = tuple[SelectionSetNode, GraphQLNamedType | None]
Collected = dict[str, list[tuple[FieldNode, GraphQLNamedType | None]]]
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


class LimitExceeded(Exception):
    """Stops the walk: `reason` is machine-readable, the message is for people."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def limit_error(message: str, reason: str) -> GraphQLError:
    return GraphQLError(message, extensions={"reason": reason})


class DocumentLimitsRule(ValidationRule):
    """Refuses a document over one of `limits` (graphql-core instantiates rules per validation, so
    the limits are a class attribute: `for_limits` gives the rule of one set of limits)."""

    limits: ClassVar[Limits] = Limits()

    @classmethod
    def for_limits(cls, limits: Limits) -> type[DocumentLimitsRule]:
        return type(cls.__name__, (cls,), {"limits": limits})

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.fragments: dict[str, FragmentDefinitionNode] = {
            d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        # Shared by every definition of the document: the whole validation has one budget.
        self.work = 0
        self.tallies: list[Tally] = []

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
            self.report_error(limit_error(exceeded.message, exceeded.reason))

    def _level(
        self, scopes: list[Scope], tally: Tally, depth: int, multiplier: int, *, root: bool = True
    ) -> None:
        if depth > self.limits.max_depth:
            message = f"Query depth exceeds the limit of {self.limits.max_depth}."
            raise LimitExceeded(message, "QUERY_TOO_DEEP")
        collected: Collected = {}
        for selection_set, parent in scopes:
            self._collect(selection_set, parent, collected, tally, frozenset())
        tally.depth = max(tally.depth, depth)
        if depth == 1 and root:
            fields = tally.root_fields = sum(len(nodes) for nodes in collected.values())
            if fields > self.limits.max_root_fields:
                raise LimitExceeded(
                    f"Operation has {fields} root fields; the limit is {self.limits.max_root_fields}.",
                    "TOO_MANY_ROOT_FIELDS",
                )
        for nodes in collected.values():
            tally.cost += multiplier * len(nodes)
            if tally.cost > self.limits.max_cost:
                message = f"Query cost exceeds the limit of {self.limits.max_cost}."
                raise LimitExceeded(message, "QUERY_TOO_COSTLY")
            children, is_list = _children(nodes)
            if children:
                factor = self.limits.list_multiplier if is_list else 1
                inner = min(multiplier * factor, MAX_MULTIPLIER)
                self._level(children, tally, depth + 1, inner, root=root)

    def _collect(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType | None,
        collected: Collected,
        tally: Tally,
        visiting: frozenset[str],
    ) -> None:
        for selection in selection_set.selections:
            self._count(selection, tally)
            if isinstance(selection, FieldNode):
                name = selection.alias.value if selection.alias else selection.name.value
                nodes = collected.setdefault(name, [])
                nodes.append((selection, parent))
                tally.duplicates = max(tally.duplicates, len(nodes))
                if len(nodes) > self.limits.max_duplicate_fields:
                    raise LimitExceeded(
                        f"Field '{name}' is selected {len(nodes)} times in one selection; "
                        f"the limit is {self.limits.max_duplicate_fields}.",
                        "TOO_MANY_DUPLICATE_FIELDS",
                    )
            elif isinstance(selection, InlineFragmentNode):
                inner = self._condition(selection.type_condition, parent)
                self._collect(selection.selection_set, inner, collected, tally, visiting)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in visiting:
                    continue  # unknown fragments and cycles are reported by the standard rules
                inner = self._condition(fragment.type_condition, parent)
                self._collect(fragment.selection_set, inner, collected, tally, visiting | {name})

    def _count(self, selection: Any, tally: Tally) -> None:
        self.work += 1
        if self.work > self.limits.max_cost:
            raise LimitExceeded("The document is too complex.", "QUERY_TOO_COSTLY")
        tally.directives += len(selection.directives or ())
        if tally.directives > self.limits.max_directives:
            raise LimitExceeded(
                f"Query uses more than {self.limits.max_directives} directives.", "TOO_MANY_DIRECTIVES"
            )
        if isinstance(selection, FieldNode) and selection.alias is not None:
            tally.aliases += 1
            if tally.aliases > self.limits.max_aliases:
                message = f"Query uses more than {self.limits.max_aliases} aliases."
                raise LimitExceeded(message, "TOO_MANY_ALIASES")

    def _condition(self, condition: Any, parent: GraphQLNamedType | None) -> GraphQLNamedType | None:
        if condition is None:
            return parent
        return self.context.schema.get_type(condition.name.value)


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
        listed, named = _field_type(parent, node.name.value)
        is_list = is_list or listed
        children.append((node.selection_set, named))
    return children, is_list


def _field_type(parent: GraphQLNamedType | None, name: str) -> tuple[bool, GraphQLNamedType | None]:
    """Whether the field returns a list, and its named type (None when unknown to the schema).

    Unknown fields fail validation and never run; counting them once keeps a deep document of
    unknown fields reported as too deep rather than too costly.
    """
    if not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
        return False, None
    field = parent.fields.get(name)
    if field is None:
        return False, None
    return is_list_type(get_nullable_type(field.type)), get_named_type(field.type)
