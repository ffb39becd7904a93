"""The served schema as SDL text (`monoql schema` writes it to `schema.graphql`)."""

from __future__ import annotations

from graphql import print_schema

from monoql.schema.root import build_schema


def print_sdl() -> str:
    """graphql-core's SDL of the assembled schema, ending with a newline."""
    return print_schema(build_schema().graphql_schema).rstrip("\n") + "\n"
