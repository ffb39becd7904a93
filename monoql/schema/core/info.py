"""`ResolveInfo`: the `info` every resolver receives, with its `context` typed as the request context.

graphql-core's `GraphQLResolveInfo` types `context` as `Any`, which would hide every use of the
request context from the type checker. Resolvers annotate `info: ResolveInfo` instead; graphql-core's
object satisfies this protocol, so nothing changes at run time.
"""

from __future__ import annotations

from typing import Any, Protocol

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    OperationDefinitionNode,
)
from graphql.pyutils import Path

from monoql.schema.core.context import RequestContext


class ResolveInfo(Protocol):
    """The parts of graphql-core's resolve info that resolvers read."""

    @property
    def context(self) -> RequestContext: ...

    @property
    def field_name(self) -> str: ...

    @property
    def field_nodes(self) -> list[FieldNode]: ...

    @property
    def return_type(self) -> GraphQLOutputType: ...

    @property
    def parent_type(self) -> GraphQLObjectType: ...

    @property
    def path(self) -> Path: ...

    @property
    def schema(self) -> GraphQLSchema: ...

    @property
    def fragments(self) -> dict[str, FragmentDefinitionNode]: ...

    @property
    def operation(self) -> OperationDefinitionNode: ...

    @property
    def variable_values(self) -> dict[str, Any]: ...
