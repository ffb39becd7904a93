"""Bad-input corpus, documents: syntax errors, unicode and control characters, invalid documents,
introspection, and the bombs the limits stop (huge, deep, alias, directive, fragment, repeated
fields). Each case runs with both response media types: 200 for application/json and 400 for
application/graphql-response+json, with no `data` entry, the exact code and reason, no leak."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.hardening.cases import Case, check
from tests.support.production import GRAPHQL_RESPONSE, PROD, assert_healthy, client_for

PARSE = "GRAPHQL_PARSE_FAILED"
INVALID = "GRAPHQL_VALIDATION_FAILED"
LIMITS = PROD.limits

SYNTAX_ERRORS = {
    "empty": "",
    "blank": "   \n\t  ",
    "open-brace": "{",
    "close-brace": "}",
    "unbalanced": "{ viewer { id }",
    "extra-close": "{ __typename } }",
    "bare-word": "NONSENSE",
    "json-instead": '{"query": "{ __typename }"}',
    "sql": "SELECT * FROM users; --",
    "null-byte": "{ __typename\u0000 }",
    "control-char": "{ __typename\u0007 }",
    "bell-in-name": "{ __type\u0001name }",
    "unterminated-string": '{ viewer { campaign(id: "abc) { id } } }',
    "unterminated-block": '{ viewer { campaign(id: """abc) { id } } }',
    "bad-escape": '{ viewer { campaign(id: "\\x41") { id } } }',
    "bad-unicode-escape": '{ viewer { campaign(id: "\\u12") { id } } }',
    "lone-surrogate-escape": '{ viewer { campaign(id: "\\uD800") { id } } }',
    "bad-number": "{ viewer { campaign(id: 01) { id } } }",
    "bad-float": "{ viewer { campaign(id: 1.) { id } } }",
    "dollar-only": "query ($) { __typename }",
    "spread-nothing": "{ ... }",
    "fragment-no-type": "fragment F { id } { ...F }",
    "fragment-on-nothing": "{ ...F } fragment F on { id }",
    "directive-no-name": "{ __typename @ }",
    "variable-in-const": "query ($a: Int = $b) { __typename }",
    "subscription-garbage": "subscription {",
    "emoji-name": "{ viewer😀 { id } }",
    "rtl-override": "{ \u202eviewer { id } }",
    "zero-width": "{ vie\u200bwer { id } }",
    "unterminated-comment-string": '{ viewer { campaign(id: "a # b) { id } } }',
    "lone-quote": '"',
    "triple-quote": '"""',
    "number-name": "{ 1viewer { id } }",
    "fullwidth-braces": "\uff5b __typename \uff5d",
    "html": "<script>alert(1)</script>",
    "template-injection": "{{7*7}}",
    "path-traversal": "../../../../etc/passwd",
    "percent-encoded": "%7B__typename%7D",
    "only-comment": "# just a comment",
}

VALIDATION_ERRORS = {
    "unknown-field": "{ nope }",
    "unknown-nested": "{ viewer { nope } }",
    "unknown-argument": "{ viewer(nope: 1) { id } }",
    "missing-selection": "{ viewer }",
    "selection-on-leaf": "{ __typename { x } }",
    "unknown-type-condition": "{ ... on Nope { __typename } }",
    "unknown-fragment": "{ ...Nope }",
    "unused-fragment": "{ __typename } fragment F on Query { __typename }",
    "fragment-cycle": "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
    "self-cycle": "{ ...A } fragment A on Query { __typename ...A }",
    "duplicate-operation": "query A { __typename } query A { __typename }",
    "anonymous-and-named": "{ __typename } query A { __typename }",
    "duplicate-fragment": "{ ...F } fragment F on Query { __typename } fragment F on Query { __typename }",
    "undefined-variable": "{ viewer { campaign(id: $x) { id } } }",
    "unused-variable": "query ($x: String) { __typename }",
    "wrong-literal-type": '{ viewer { campaign(showAllLocales: "yes") { id } } }',
    "wrong-enum": "{ stats(campaignId: \"1\", type: nope) { count } }",
    "missing-required-arg": "{ stats(type: filterList) { count } }",
    "unknown-directive": "{ __typename @evil }",
    "directive-wrong-place": "query @include(if: true) { __typename }",
    "conflicting-fields": '{ viewer { campaign(id: "a") { id } campaign(id: "b") { id } } }',
    "conflicting-aliases": "{ a: __typename a: identity { url } }",
    "subscription": "subscription { __typename }",
    "input-as-output": "{ viewer { campaign(id: {a: 1}) { id } } }",
    "variable-wrong-type": 'query ($x: Int) { viewer { campaign(id: $x) { id } } }',
    "variable-unknown-type": "query ($x: Evil) { __typename }",
    "variable-output-type": "query ($x: Viewer) { __typename }",
    "mutation-unknown": "mutation { nope }",
    "interface-field-unqualified": '{ viewer { campaign(id: "a") { markets { id } } } }',
    "schema-introspection": "{ __schema { types { name } } }",
    "schema-introspection-nested": "{ a: __schema { queryType { name } } }",
    "schema-introspection-in-fragment": "{ ...F } fragment F on Query { __schema { types { name } } }",
    "suggestion-bait": "{ viewr { id } promoter { id } }",
    "suggestion-bait-argument": "{ viewer { campaign(ids: \"a\") { id } } }",
    "suggestion-bait-type": "{ ... on Quer { __typename } }",
    "bom-splits-name": "{ __type\ufeffname }",
    "schema-definition": "schema { query: Query }",
    "type-definition": "type Evil { id: ID }",
    "extend-schema": "extend type Query { evil: String }",
    "directive-definition": "directive @evil on FIELD",
    "subscription-selection": "subscription { viewer { id } }",
}


def aliased(count: int) -> str:
    return "{ " + " ".join(f"a{i}: __typename" for i in range(count)) + " }"


def fanout(levels: int) -> str:
    names = [f"F{i}" for i in range(levels)]
    chain = " ".join(f"fragment {a} on Query {{ ...{b} ...{b} }}" for a, b in itertools.pairwise(names))
    return f"{{ ...F0 }} {chain} fragment {names[-1]} on Query {{ __typename }}"


def nested(depth: int) -> str:
    return "{ " + "viewer { " * depth + "id" + " }" * depth + " }"


def nested_lists(depth: int) -> str:
    """`WavePrepCount.markets` is a list of itself: each level multiplies the cost."""
    return '{ wavePrepList(campaignId: "x") { count { ' + "markets { " * depth + "name" + " }" * depth + " } } }"


BOMBS: dict[str, tuple[str, str]] = {
    "huge-whitespace": ("{ __typename }" + " " * (LIMITS.max_query_chars + 1), "QUERY_TOO_LARGE"),
    "huge-comment": ("{ __typename }\n#" + "x" * LIMITS.max_query_chars, "QUERY_TOO_LARGE"),
    "huge-string-arg": ('{ viewer { campaign(id: "' + "x" * LIMITS.max_query_chars + '") { id } } }', "QUERY_TOO_LARGE"),
    "tokens": ("{ " + "__typename " * (LIMITS.max_tokens + 1) + "}", "TOO_MANY_TOKENS"),
    "tokens-in-arguments": ('{ viewer { campaign(id: "a" ' + 'locale: "b" ' * LIMITS.max_tokens + ") { id } } }",
                            "TOO_MANY_TOKENS"),
    "deep": (nested(LIMITS.max_depth + 1), "QUERY_TOO_DEEP"),
    "deep-in-fragments": ("{ viewer { ...A } } fragment A on Viewer { " + "viewer { " * LIMITS.max_depth + "id"
                          + " }" * LIMITS.max_depth + " }", "QUERY_TOO_DEEP"),
    "aliases": (aliased(LIMITS.max_aliases + 1), "TOO_MANY_ALIASES"),
    "alias-bomb-nested": ("{ viewer { " + " ".join(f"c{i}: campaign(id: \"{i}\") {{ id }}" for i in range(40))
                          + " } }", "TOO_MANY_ALIASES"),
    "directives": ("{ __typename" + " @skip(if: false)" * (LIMITS.max_directives + 1) + " }", "TOO_MANY_DIRECTIVES"),
    "root-fields": ("{ " + " ".join(f"i{i}: identity {{ url }}" for i in range(LIMITS.max_root_fields + 1)) + " }",
                    "TOO_MANY_ROOT_FIELDS"),
    "repeated-field": ("{ " + "__typename " * 1000 + "}", "TOO_MANY_DUPLICATE_FIELDS"),
    "repeated-object": ("{ " + "identity { url } " * 600 + "}", "TOO_MANY_DUPLICATE_FIELDS"),
    "repeated-nested": ("{ viewer { " + "id " * 500 + "} }", "TOO_MANY_DUPLICATE_FIELDS"),
    "fragment-fanout": (fanout(25), "TOO_MANY_DUPLICATE_FIELDS"),
    "fragment-spread-repeat": ("{ " + "...F " * 500 + "} fragment F on Query { __typename }",
                               "TOO_MANY_DUPLICATE_FIELDS"),
    "inline-fragment-repeat": ("{ " + "... on Query { __typename } " * 300 + "}", "TOO_MANY_DUPLICATE_FIELDS"),
    "fragment-aliases": ("{ viewer { ...F ...G } } fragment F on Viewer { " +
                         " ".join(f"a{i}: id" for i in range(20)) + " } fragment G on Viewer { " +
                         " ".join(f"b{i}: id" for i in range(20)) + " }", "TOO_MANY_ALIASES"),
    "list-cost": (nested_lists(5), "QUERY_TOO_COSTLY"),
    "unused-fragment-bomb": ("{ __typename } fragment U on Viewer { " + "id " * 800 + "}", "TOO_MANY_DUPLICATE_FIELDS"),
}

NESTING = {
    "nested-inline-fragments": "{ " + "... on Query { " * 500 + "__typename" + " }" * 500 + " }",
    "nested-list-literal": '{ viewer { campaign(id: ' + "[" * 600 + '"a"' + "]" * 600 + ") { id } } }",
    "nested-object-literal": '{ viewer { campaign(id: ' + "{a: " * 600 + "1" + "}" * 600 + ") { id } } }",
    "nested-selections": "{ " + "viewer { " * 600 + "id" + " }" * 600 + " }",
}


def cases() -> list[Case]:
    built: list[Case] = []
    for media, status in (("application/json", 200), (GRAPHQL_RESPONSE, 400)):
        tag = "json" if status == 200 else "grj"
        headers = {"Accept": media}
        built += [Case(f"syntax-{k}-{tag}", status, PARSE, json={"query": q}, headers=headers)
                  for k, q in SYNTAX_ERRORS.items()]
        built += [Case(f"invalid-{k}-{tag}", status, INVALID, json={"query": q}, headers=headers)
                  for k, q in VALIDATION_ERRORS.items()]
        built += [Case(f"bomb-{k}-{tag}", status, INVALID, reason, json={"query": q}, headers=headers)
                  for k, (q, reason) in BOMBS.items()]
        built += [Case(f"nesting-{k}-{tag}", status, None, json={"query": q}, headers=headers)
                  for k, q in NESTING.items()]
    return built


CORPUS = cases()


@pytest.fixture(scope="module")
def client() -> Any:
    return client_for(PROD)


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_document_corpus(client: Any, case: Case) -> None:
    response = case.send(client)
    if case.id.startswith("nesting-"):
        # Too deep for the parser or beyond the depth limit: a parse or validation failure.
        body = response.get_json()
        assert response.status_code == case.status
        assert body["errors"][0]["extensions"]["code"] in (PARSE, INVALID), body
        assert "data" not in body
    else:
        body = check(case, response)
        assert body is not None and "data" not in body
    assert_healthy(client)


def test_corpus_size() -> None:
    assert len(CORPUS) >= 200
    assert len({case.id for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("query", ["{ __typename }", "query { __typename }", "{ a: __typename b: __typename }",
                                   "{ viewer { __typename } }", "{ ...F } fragment F on Query { __typename }"])
def test_typename_is_always_allowed(client: Any, query: str) -> None:
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 200
    assert "errors" not in response.get_json()


def test_type_lookup_discloses_nothing_without_introspection(client: Any) -> None:
    for name in ("Query", "Viewer", "CampaignInput", "Nope"):
        body = client.post("/graphql", json={
            "query": "query T($n: String!) { __type(name: $n) { name fields { name } inputFields { name } } }",
            "variables": {"n": name},
        }).get_json()
        assert body == {"data": {"__type": None}}


def test_introspection_works_where_enabled() -> None:
    from tests.support.production import DEV

    body = client_for(DEV).post("/graphql", json={"query": '{ __type(name: "Viewer") { name } }'}).get_json()
    assert body == {"data": {"__type": {"name": "Viewer"}}}


def test_suggestions_are_shown_to_developers_only() -> None:
    from tests.support.production import DEV

    query = {"query": "{ viewr { id } }"}
    assert "Did you mean" in client_for(DEV).post("/graphql", json=query).get_data(as_text=True)
    assert "Did you mean" not in client_for(PROD).post("/graphql", json=query).get_data(as_text=True)


def test_a_repeated_mistake_answers_one_error_with_every_location(client: Any) -> None:
    body = client.post("/graphql", json={"query": "query cop { __typename" + " @aa" * 10 + " }"}).get_json()
    (error,) = body["errors"]
    assert error["message"] == "Unknown directive '@aa'."
    assert len(error["locations"]) == 10
