"""Property-based fuzzing (hypothesis) of documents, variables, bodies and backend answers.

Documents are generated from the schema itself (fields, aliases, arguments of the right and the
wrong type, fragments, directives), variables for the real client operations, and every backend
answers with plausible data or garbage. Whatever comes in, the gateway answers below 500, in JSON,
without a leaked internal detail.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest
import requests
import responses
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monoql.schema.root import build_schema
from tests.hardening.client_operations import client_operations
from tests.support.gateway import BACKEND
from tests.support.production import PROD, client_for, leaks
from tests.support.tokens import make_jwt

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

SCHEMA = build_schema().graphql_schema
CLIENT = client_for(PROD)
ADMIN = {"Authorization": f"Bearer {make_jwt(is_supreme=True)}"}
FUZZ = settings(max_examples=50, deadline=None, database=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])

# No capital letters, dots or `p`: random text must not look like a leak (`XError`, `x.py`) when echoed.
SAFE_ALPHABET = "abcdefghijklmnoqrstuvwxyz0123456789 -_/\\'\"{}[]:#@$!\x00\u202e\u00e9\U0001f600"
texts = st.text(alphabet=SAFE_ALPHABET, max_size=24)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


# -- backends ---------------------------------------------------------------------------------------

ANSWERS = st.one_of(
    st.builds(lambda v: (200, json.dumps({"data": v})), json_values),
    st.builds(lambda v: (200, json.dumps(v)), json_values),
    st.builds(lambda s, c: (s, json.dumps({"error": {"status": s, "message": "no", "code": c}})),
              st.sampled_from([400, 401, 403, 404, 409, 422, 500, 502, 503]), st.sampled_from(["X_Y", "", None])),
    st.just((200, "<html>this is not JSON {")),
    st.just((200, "")),
    st.just((500, "\x00\xff")),
    st.just("timeout"),
    st.just("refused"),
)


def backends_answering(answers: list[Any]) -> responses.RequestsMock:
    """Every backend URL answers with the drawn answers, in turn."""
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    turn = iter(range(10**6))

    def answer(_: Any) -> tuple[int, dict[str, str], str]:
        chosen = answers[next(turn) % len(answers)]
        if chosen == "timeout":
            raise requests.exceptions.ReadTimeout("timed out")
        if chosen == "refused":
            raise requests.exceptions.ConnectionError("refused")
        status, body = chosen
        return status, {"Content-Type": "application/json"}, body

    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        mock.add_callback(method, re.compile(re.escape(BACKEND) + r"/.*"), callback=answer)
    return mock


def assert_sane(response: Any) -> None:
    text = response.get_data(as_text=True)
    assert response.status_code < 500, text[:500]
    assert not leaks(text), (leaks(text), text[:500])
    body = response.get_json(silent=True)
    assert isinstance(body, dict), text[:200]
    assert "data" in body or "errors" in body


# -- documents from the schema ----------------------------------------------------------------------


def literal(type_: GraphQLInputType, depth: int = 2) -> st.SearchStrategy[str]:
    """A GraphQL literal for `type_`, or now and then one of another type."""
    right = right_literal(type_, depth)
    return st.one_of(right, right, right, wrong_literal()) if depth else right


def wrong_literal() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(-(2**40), 2**40).map(str), texts.map(json.dumps), st.just("null"),
                     st.just("[1, 2]"), st.just("{a: 1}"), st.just("true"), st.just("NOPE"), st.just("1.5e400"))


def right_literal(type_: GraphQLInputType, depth: int) -> st.SearchStrategy[str]:
    if isinstance(type_, GraphQLNonNull):
        return right_literal(type_.of_type, depth)
    if isinstance(type_, GraphQLList):
        return st.lists(literal(type_.of_type, max(depth - 1, 0)), max_size=3).map(lambda xs: f"[{', '.join(xs)}]")
    if isinstance(type_, GraphQLEnumType):
        return st.sampled_from(sorted(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        if depth <= 0:
            return st.just("{}")
        fields = sorted(type_.fields.items())
        pairs = [st.tuples(st.just(name), literal(f.type, depth - 1)) for name, f in fields]
        return st.lists(st.one_of(pairs), max_size=4, unique_by=lambda p: p[0]).map(
            lambda ps: "{" + ", ".join(f"{k}: {v}" for k, v in ps) + "}")
    name = type_.name if isinstance(type_, GraphQLScalarType) else ""
    scalars: dict[str, st.SearchStrategy[str]] = {
        "Int": st.integers(-(2**33), 2**33).map(str),
        "Float": st.floats(allow_nan=False, allow_infinity=False).map(repr),
        "Boolean": st.sampled_from(["true", "false"]),
        "ID": st.one_of(texts.map(json.dumps), st.integers(0, 10**9).map(str)),
        "String": texts.map(json.dumps),
    }
    return scalars.get(name, st.one_of(texts.map(json.dumps), st.just("{a: [1, {b: null}]}")))


def selection_set(named: GraphQLNamedType | None, depth: int) -> st.SearchStrategy[str]:
    if named is None or depth <= 0 or not isinstance(
        named, (GraphQLObjectType, GraphQLInterfaceType, GraphQLUnionType)
    ):
        return st.just("{ __typename }")
    return st.deferred(lambda: _selection_set(named.name, depth))


@cache
def _selection_set(type_name: str, depth: int) -> st.SearchStrategy[str]:
    named = SCHEMA.get_type(type_name)
    if isinstance(named, (GraphQLUnionType, GraphQLInterfaceType)):
        possible = sorted(t.name for t in SCHEMA.get_possible_types(named))
        base = fields_of(named, depth) if isinstance(named, GraphQLInterfaceType) else st.just(["__typename"])
        inline = st.sampled_from(possible).flatmap(
            lambda t: selection_set(SCHEMA.get_type(t), depth - 1).map(lambda s: f"... on {t} {s}"))
        return st.tuples(base, st.lists(inline, max_size=2)).map(lambda p: "{ " + " ".join(p[0] + p[1]) + " }")
    assert isinstance(named, GraphQLObjectType)
    return fields_of(named, depth).map(lambda xs: "{ " + " ".join(xs) + " }")


def fields_of(named: GraphQLObjectType | GraphQLInterfaceType, depth: int) -> st.SearchStrategy[list[str]]:
    choices = [field(name, f, depth) for name, f in sorted(named.fields.items())]
    return st.lists(st.one_of([*choices, st.just("__typename")]), min_size=1, max_size=4)


def field(name: str, definition: GraphQLField, depth: int) -> st.SearchStrategy[str]:
    arguments = sorted(definition.args.items())
    required = [(a, d) for a, d in arguments if isinstance(d.type, GraphQLNonNull)]
    optional = [(a, d) for a, d in arguments if not isinstance(d.type, GraphQLNonNull)]
    # Required arguments are always given (mostly of the right type) so most documents validate.
    given_required = st.tuples(*[st.tuples(st.just(a), literal(d.type)) for a, d in required]).map(list)
    given_optional = (
        st.lists(st.sampled_from(optional), max_size=2, unique_by=lambda p: p[0]).flatmap(
            lambda chosen: st.tuples(*[st.tuples(st.just(a), literal(d.type)) for a, d in chosen]).map(list))
        if optional else st.just([])
    )
    args = st.tuples(given_required, given_optional).map(lambda p: p[0] + p[1])
    named = get_named_type(definition.type)
    leaf = isinstance(named, (GraphQLScalarType, GraphQLEnumType))
    sub = st.just("") if leaf else selection_set(named, depth - 1)
    alias = st.one_of(st.just(""), st.sampled_from(["a: ", "b: ", "c: "]))
    directive = st.sampled_from(["", " @include(if: true)", " @skip(if: false)", " @skip(if: true)"])

    def render(parts: tuple[str, list[tuple[str, str]], str, str]) -> str:
        prefix, pairs, selection, at = parts
        rendered = f"({', '.join(f'{k}: {v}' for k, v in pairs)})" if pairs else ""
        return f"{prefix}{name}{rendered}{at} {selection}".strip()

    return st.tuples(alias, args, sub, directive).map(render)


def operation(root: str) -> st.SearchStrategy[str]:
    root_type = SCHEMA.query_type if root == "query" else SCHEMA.mutation_type
    assert root_type is not None
    body = selection_set(root_type, 3)
    return body.map(lambda s: f"{root} {s}")


def mangle(text: str) -> st.SearchStrategy[str]:
    """The document, or the document with a random cut or insertion."""
    return st.one_of(
        st.just(text),
        st.integers(0, len(text)).map(lambda i: text[:i]),
        st.tuples(st.integers(0, len(text)), texts).map(lambda p: text[: p[0]] + p[1] + text[p[0]:]),
    )


documents = st.one_of(operation("query"), operation("mutation")).flatmap(mangle)


@FUZZ
@given(document=documents, answers=st.lists(ANSWERS, min_size=1, max_size=4))
def test_fuzzed_documents_never_5xx_or_leak(document: str, answers: list[Any]) -> None:
    with backends_answering(answers):
        response = CLIENT.post("/graphql", json={"query": document}, headers=ADMIN)
    assert_sane(response)


# -- variables of the real client operations --------------------------------------------------------

OPERATIONS = [op for op in client_operations() if "Upload" not in op.text]


def variables_for(text: str) -> st.SearchStrategy[dict[str, Any]]:
    names = sorted(set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)\s*:", text)))
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, json_values))


@FUZZ
@given(data=st.data())
def test_fuzzed_variables_never_5xx_or_leak(data: st.DataObject) -> None:
    op = data.draw(st.sampled_from(OPERATIONS))
    variables = data.draw(variables_for(op.text))
    answers = data.draw(st.lists(ANSWERS, min_size=1, max_size=4))
    auth = data.draw(st.sampled_from([ADMIN, {}]))
    with backends_answering(answers):
        response = CLIENT.post("/graphql", json={"query": op.text, "variables": variables}, headers=auth)
    assert_sane(response)


# -- backend answers for the big pages --------------------------------------------------------------

PAGES = [op for op in client_operations() if op.name in ("FanLanding", "AdminCampaignEditor",
                                                          "AdminMetricsDashboard", "AdminCampaignList")]
PAGE_VARIABLES = {"domain": "nova", "id": "c1", "campaignId": "c1", "campaignIdString": "c1", "limit": 5}


@FUZZ
@given(page=st.sampled_from(PAGES), answers=st.lists(ANSWERS, min_size=1, max_size=6))
def test_garbage_backend_answers_never_5xx_or_leak(page: Any, answers: list[Any]) -> None:
    with backends_answering(answers):
        response = CLIENT.post("/graphql", json={"query": page.text, "variables": PAGE_VARIABLES}, headers=ADMIN)
    assert_sane(response)
    assert response.status_code == 200


# -- raw bodies ---------------------------------------------------------------------------------------

bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(st.sampled_from(["query", "variables", "operationName", "extensions", "x"]), json_values,
                    max_size=4).map(lambda d: json.dumps(d).encode()),
)
content_types = st.sampled_from(["application/json", "application/graphql-response+json", "text/plain",
                                 "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", ""])


@FUZZ
@given(body=bodies, content_type=content_types,
       accept=st.sampled_from(["", "*/*", "application/graphql-response+json", "text/html", "application/json"]))
def test_fuzzed_bodies_never_5xx_or_leak(body: bytes, content_type: str, accept: str) -> None:
    headers = {"Apollo-Require-Preflight": "1", **({"Accept": accept} if accept else {})}
    with backends_answering([(200, "{}")]):
        response = CLIENT.post("/graphql", data=body, headers=headers, content_type=content_type or None)
    text = response.get_data(as_text=True)
    assert response.status_code < 500, text[:300]
    assert not leaks(text), text[:300]

