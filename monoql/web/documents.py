"""Parse and validate GraphQL documents once: an LRU cache keyed by document text, with the limits applied."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
    specified_rules,
    validate,
)

from monoql.bounded_cache import BoundedCache
from monoql.config import Settings
from monoql.web.credentials import OneCredentialPerOperationRule
from monoql.web.limits import DocumentLimitsRule, limit_error
from monoql.web.operation_policy import KnownRootTypeRule, NoSchemaRule

_SUGGESTION = re.compile(r" Did you mean .*\?$")
_PARSING_ABORTED = "Parsing aborted."

#: The gateway's own rules, run after graphql-core's standard rules on every document.
GATEWAY_RULES: tuple[type[ASTValidationRule], ...] = (KnownRootTypeRule, OneCredentialPerOperationRule)


def validation_rules(introspection: bool) -> tuple[type[ASTValidationRule], ...]:
    """Every rule a document must pass once it is within the limits."""
    # With introspection off, __typename stays allowed and __type answers null (operation_policy.py).
    policy = () if introspection else (NoSchemaRule,)
    return (*specified_rules, *GATEWAY_RULES, *policy)


@dataclass(frozen=True)
class ParsedDocument:
    """A document with its parse or validation errors (at most one of the two kinds)."""

    document: DocumentNode | None
    parse_errors: tuple[GraphQLError, ...] = ()
    validation_errors: tuple[GraphQLError, ...] = ()

    @property
    def valid(self) -> bool:
        return self.document is not None and not self.validation_errors

    def operation(self, name: str | None) -> OperationDefinitionNode | None:
        if self.document is None:
            return None
        operations = [d for d in self.document.definitions if isinstance(d, OperationDefinitionNode)]
        if name:
            return next((op for op in operations if op.name and op.name.value == name), None)
        return operations[0] if len(operations) == 1 else None


def _text_size(text: str, parsed: ParsedDocument) -> int:
    return len(text)


class DocumentCache:
    """Parsed and validated documents for one schema and one set of limits, keyed by their text.

    Bounded by `performance.documentCacheSize` documents and `.documentCacheBytes` characters of
    text; `performance.caches: false` keeps none.
    """

    def __init__(self, schema: GraphQLSchema, settings: Settings) -> None:
        self._schema = schema
        self._settings = settings
        performance = settings.performance
        self._entries: BoundedCache[str, ParsedDocument] = BoundedCache(
            max_entries=performance.document_cache_size if performance.caches else 0,
            max_bytes=performance.document_cache_bytes, size_of=_text_size,
        )
        self._limits = DocumentLimitsRule.for_limits(settings.limits)
        self._rules = validation_rules(settings.introspection)

    def get(self, text: str) -> ParsedDocument:
        limit = self._settings.limits.max_query_chars
        if len(text) > limit:
            error = limit_error(f"The query is longer than {limit} characters.", "QUERY_TOO_LARGE")
            return ParsedDocument(None, validation_errors=(error,))
        cached = self._entries.get(text)
        if cached is not None:
            return cached
        parsed = self._parse_and_validate(text)
        # Only valid documents are kept: hostile or broken documents must not evict the clients'
        # operations.
        if parsed.valid:
            self._entries.put(text, parsed)
        return parsed

    def _parse_and_validate(self, text: str) -> ParsedDocument:
        limits = self._settings.limits
        try:
            document = parse(text, no_location=False, max_tokens=limits.max_tokens)
        except GraphQLError as error:
            if error.message.endswith(_PARSING_ABORTED):
                message = f"The query has more than {limits.max_tokens} tokens."
                return ParsedDocument(None, validation_errors=(limit_error(message, "TOO_MANY_TOKENS"),))
            return ParsedDocument(None, parse_errors=(self._clean(error),))
        except RecursionError:
            nested = GraphQLError("Syntax Error: The document is nested too deeply.")
            return ParsedDocument(None, parse_errors=(nested,))
        try:
            # The cheap limits first: the standard rules only see documents within the limits.
            errors = validate(self._schema, document, (self._limits,), max_errors=20)
            if not errors:
                errors = validate(self._schema, document, self._rules, max_errors=20)
        except RecursionError:
            errors = [limit_error("The document is nested too deeply.", "QUERY_TOO_DEEP")]
        return ParsedDocument(document, validation_errors=tuple(self._clean(e) for e in _merged(errors)))

    def _clean(self, error: GraphQLError) -> GraphQLError:
        """Drop "Did you mean …" hints unless developers may see them: they map the private schema."""
        if self._settings.show_developer_message or not _SUGGESTION.search(error.message):
            return error
        return GraphQLError(
            _SUGGESTION.sub("", error.message), error.nodes, error.source, error.positions,
            extensions=error.extensions,
        )


def _merged(errors: list[GraphQLError]) -> list[GraphQLError]:
    """One error per message, with every location: a repeated mistake (the same unknown directive
    a hundred times) answers one error, not one per repetition."""
    groups: dict[str, list[GraphQLError]] = {}
    for error in errors:
        groups.setdefault(error.message, []).append(error)
    merged = []
    for message, group in groups.items():
        if len(group) == 1:
            merged.append(group[0])
            continue
        nodes = [node for error in group for node in (error.nodes or ())]
        merged.append(GraphQLError(message, nodes or None, extensions=group[0].extensions))
    return merged
