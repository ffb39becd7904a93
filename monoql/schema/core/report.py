"""Report an error for a field that still resolves to a value (docs/caller.md §3, docs/normalisation.md §7).

graphql-core only records errors that a resolver raises, which nulls the field. Two fields must
report a failure and still answer: `Query.viewer(auth)` when the login fails, and
`upsertCampaign` when one of its markets fails. The error, located at the field, goes to
`ctx.response.report_error` and the view adds it to the response.
"""

from __future__ import annotations

from graphql import GraphQLError

from monoql.schema.core.info import ResolveInfo


def report_error(info: ResolveInfo, error: Exception) -> None:
    located = GraphQLError(
        str(getattr(error, "message", error)),
        nodes=info.field_nodes,
        path=info.path.as_list(),
        original_error=error,
    )
    info.context.response.report_error(located)
