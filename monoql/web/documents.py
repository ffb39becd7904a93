"""Parse and validate GraphQL documents once: an LRU cache keyed by document text, with the limits applied."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    OperationType,
    parse,
    specified_rules,
    validate,
)

from monoql.config import Settings
from monoql.web.limits import limits_rule

_SUGGESTION = re.compile(r" Did you mean .*\?$")


@dataclass(frozen=True)
class ParsedDocument:
    """A document with its parse or validation errors (at most one of the two kinds)."""

    document: DocumentNode | None
    parse_errors: tuple[GraphQLError, ...] = ()
    validation_errors: tuple[GraphQLError, ...] = ()

    def operation(self, name: str | None) -> OperationDefinitionNode | None:
        if self.document is None:
            return None
        operations = [d for d in self.document.definitions if isinstance(d, OperationDefinitionNode)]
        if name:
            return next((op for op in operations if op.name and op.name.value == name), None)
        return operations[0] if len(operations) == 1 else None


class DocumentCache:
    """Thread-safe LRU of parsed and validated documents for one schema and one set of limits."""

    def __init__(self, schema: GraphQLSchema, settings: Settings) -> None:
        self._schema = schema
        self._settings = settings
        self._size = settings.performance.document_cache_size if settings.performance.caches else 0
        self._entries: OrderedDict[str, ParsedDocument] = OrderedDict()
        self._lock = threading.Lock()
        rules = [*specified_rules, limits_rule(settings.limits)]
        if not settings.introspection:
            rules.append(NoSchemaIntrospectionCustomRule)  # __typename stays allowed
        self._rules = tuple(rules)

    def get(self, text: str) -> ParsedDocument:
        with self._lock:
            cached = self._entries.get(text)
            if cached is not None:
                self._entries.move_to_end(text)
                return cached
        parsed = self._parse_and_validate(text)
        if self._size:
            with self._lock:
                self._entries[text] = parsed
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
        return parsed

    def _parse_and_validate(self, text: str) -> ParsedDocument:
        try:
            document = parse(text, no_location=False, max_tokens=self._settings.limits.max_tokens)
        except GraphQLError as error:
            return ParsedDocument(None, parse_errors=(self._clean(error),))
        errors = validate(self._schema, document, self._rules, max_errors=20)
        return ParsedDocument(document, validation_errors=tuple(self._clean(e) for e in errors))

    def _clean(self, error: GraphQLError) -> GraphQLError:
        """Drop "Did you mean …" hints unless developers may see them: they map the private schema."""
        if self._settings.show_developer_message or not _SUGGESTION.search(error.message):
            return error
        return GraphQLError(_SUGGESTION.sub("", error.message), error.nodes, error.source, error.positions)


def operation_type(parsed: ParsedDocument, name: str | None) -> OperationType | None:
    operation = parsed.operation(name)
    return operation.operation if operation else None
