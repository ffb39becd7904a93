"""The execution fast path for plain scalar fields answers exactly like graphql-core's general path."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import ExecutionContext, execute, parse
from werkzeug.datastructures import Headers

from monoql.schema.core.context import RequestContext
from monoql.schema.core.execution_context import BatchingExecutionContext
from monoql.schema.core.http import HttpFacts
from tests.support.gateway import gateway_settings


class Colour(graphene.Enum):
    RED = "red"
    BLUE = "blue"


class Thing(graphene.ObjectType):
    name = graphene.String()
    count = graphene.Int()
    colour = graphene.Field(Colour)
    renamed = graphene.String(name="snake_name")
    required = graphene.String(required=True)
    shout = graphene.String(word=graphene.String())
    tags = graphene.List(graphene.String)

    def resolve_shout(parent: Any, info: Any, word: str = "hi") -> str:
        return word.upper()


class Plain:
    """An object source (attribute reads) rather than a dict."""

    name = "object"
    count = 7
    colour = "blue"
    renamed = "snake"
    required = "yes"
    tags = ("a", "b")


class Query(graphene.ObjectType):
    things = graphene.List(Thing)

    def resolve_things(root: Any, info: Any) -> list[Any]:
        return [
            {"name": "dict", "count": 3, "colour": "red", "renamed": "r", "required": "x", "tags": ["t"]},
            Plain(),
            {"count": "not a number", "required": "x"},  # serialisation error, missing keys
            {"name": None, "required": None},  # null for a non-null field
        ]


SCHEMA = graphene.Schema(query=Query).graphql_schema
QUERY = "{ things { name count colour snake_name required shout(word: \"yo\") tags } }"


def context() -> RequestContext:
    return RequestContext(gateway_settings(), request_id="r", deadline=1e12,
                          http=HttpFacts(Headers(), {}, None, "localhost"))


def run(execution_context_class: type[ExecutionContext]) -> Any:
    return execute(SCHEMA, parse(QUERY), context_value=context(), execution_context_class=execution_context_class)


def test_plain_fields_answer_like_the_general_path() -> None:
    fast, general = run(BatchingExecutionContext), run(ExecutionContext)
    assert fast.data == general.data
    assert fast.data["things"][0] == {"name": "dict", "count": 3, "colour": "RED", "snake_name": "r",
                                      "required": "x", "shout": "YO", "tags": ["t"]}
    assert fast.data["things"][1]["colour"] == "BLUE"
    assert fast.data["things"][3] is None  # the null bubbles up to the nullable list item


def test_plain_field_errors_carry_the_same_message_and_path() -> None:
    fast, general = run(BatchingExecutionContext), run(ExecutionContext)
    assert [(e.message, e.path) for e in fast.errors] == [(e.message, e.path) for e in general.errors]
    assert ["things", 2, "count"] in [e.path for e in fast.errors]
