"""Bad-input corpus, HTTP layer: methods, media types, Accept, malformed and hostile JSON bodies,
parameters of the wrong type, batches. Every case asserts the exact status, code and reason, an
answer without leaks, and a worker that still serves the next request."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.hardening.cases import Case, check
from tests.support.production import GRAPHQL_RESPONSE, PROD, assert_healthy, client_for

OK = "{ __typename }"
JSON_TYPE = "application/json"
PREFLIGHT = {"Apollo-Require-Preflight": "true"}


def bad_request(case_id: str, reason: str, status: int = 400, **kwargs: Any) -> Case:
    return Case(case_id, status, "BAD_REQUEST", reason, **kwargs)


def raw(case_id: str, data: bytes | str, reason: str, status: int = 400) -> Case:
    return bad_request(case_id, reason, status, data=data, content_type=JSON_TYPE)


METHODS = [
    bad_request(f"method-{method.lower()}", "METHOD_NOT_ALLOWED", 405, method=method, json={"query": OK})
    for method in ("PUT", "PATCH", "DELETE")
] + [
    Case("method-head", 405, None, method="HEAD"),
    Case("method-options", 204, None, method="OPTIONS"),
    Case("method-trace", 405, "BAD_REQUEST", method="TRACE"),
    Case("method-connect", 405, "BAD_REQUEST", method="CONNECT"),
    Case("method-propfind", 405, "BAD_REQUEST", method="PROPFIND"),
]

CONTENT_TYPES = [
    bad_request("ct-missing", "CSRF_PREFLIGHT_REQUIRED", data=json.dumps({"query": OK})),
    bad_request("ct-text-plain", "CSRF_PREFLIGHT_REQUIRED", data=json.dumps({"query": OK}), content_type="text/plain"),
    bad_request("ct-form", "CSRF_PREFLIGHT_REQUIRED", data="query=x", content_type="application/x-www-form-urlencoded"),
    bad_request("ct-multipart", "CSRF_PREFLIGHT_REQUIRED", data="x", content_type="multipart/form-data; boundary=b"),
    bad_request("ct-missing-preflighted", "UNSUPPORTED_MEDIA_TYPE", 415, data=json.dumps({"query": OK}),
                headers=PREFLIGHT),
    bad_request("ct-text-plain-preflighted", "UNSUPPORTED_MEDIA_TYPE", 415, data=json.dumps({"query": OK}),
                content_type="text/plain", headers=PREFLIGHT),
    bad_request("ct-form-preflighted", "UNSUPPORTED_MEDIA_TYPE", 415, data="query=%7B__typename%7D",
                content_type="application/x-www-form-urlencoded", headers=PREFLIGHT),
] + [
    bad_request(f"ct-{ctype.split('/')[1].split(';')[0]}", "UNSUPPORTED_MEDIA_TYPE", 415,
                data=json.dumps({"query": OK}), content_type=ctype)
    for ctype in (
        "application/xml",
        "application/graphql",
        "application/javascript",
        "application/octet-stream",
        "text/html",
        "image/png",
        "application/jsonx",
        "application/x-json",
        "application/json-patch+json",
        "application/ld+json",
    )
] + [
    Case(f"ct-json-variant-{i}", 200, None, data=json.dumps({"query": OK}), content_type=ctype)
    for i, ctype in enumerate(
        (
            "application/json",
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8",
            "APPLICATION/JSON",
            "application/json; charset=latin-1",
            "application/graphql-response+json",
        )
    )
]

ACCEPTS = [
    Case(f"accept-ok-{i}", 200, None, json={"query": OK}, headers={"Accept": accept})
    for i, accept in enumerate(
        (
            "application/json",
            GRAPHQL_RESPONSE,
            "*/*",
            "application/*",
            f"{GRAPHQL_RESPONSE}, application/json;q=0.9",
            "text/html, application/json;q=0.1",
            "application/json; charset=utf-8",
            f"{GRAPHQL_RESPONSE}; charset=utf-8",
            "",
        )
    )
] + [
    bad_request(f"accept-refused-{i}", "NOT_ACCEPTABLE", 406, json={"query": OK}, headers={"Accept": accept})
    for i, accept in enumerate(
        (
            "text/html",
            "application/xml",
            "image/*",
            "text/*",
            "application/json;q=0",
            "application/graphql-response+json;q=0, application/json;q=0",
            "multipart/mixed",
        )
    )
]

MALFORMED_JSON = [
    raw(f"json-{i}", body, "MALFORMED_JSON")
    for i, body in enumerate(
        (
            b"",
            b" ",
            b"{",
            b"}",
            b"{ \"not a JSON",
            b"{'query': '{ __typename }'}",
            b'{"query": "{ __typename }",}',
            b'{"query": "{ __typename }"} trailing',
            b'{"query": "{ __typename }"}{"query": "x"}',
            b"NONSENSE",
            b'{"query":',
            b'{"query" "x"}',
            b'{query: "x"}',
            b'{"query": "\\u12"}',
            b'{"query": "\\x41"}',
            b'{"query": "\xff\xfe"}',
            b"\xef\xbb\xbf{\"query\": \"{ __typename }\"}",
            b"\xff\xfe{\x00\"\x00",
            b'{"query": "{ __typename }", "variables": {"a": NaN}}',
            b'{"query": "{ __typename }", "variables": {"a": Infinity}}',
            b'{"query": "{ __typename }", "variables": {"a": -Infinity}}',
            b'{"query": "{ __typename }", "variables": {"a": 1' + b"0" * 5000 + b"}}",
            b'{"query": "{ __typename }", "variables": {"a": 1e99999}}',
            b'{"query": "{ __typename }", "variables": {"a": 01}}',
            b'{"query": "{ __typename }", "variables": {"a": .5}}',
            b'{"query": "{ __typename }", "variables": {"a": undefined}}',
            b'{"query": "{ __typename }", "variables": {"a": True}}',
            b'{"query": "{ __typename }" /* comment */}',
            b"[" * 5000 + b"]" * 5000,
            b'{"a":' * 2000 + b"1" + b"}" * 2000,
            b'{"query": "{ __typename }\x00"}',
            b'{"query": "line\nbreak"}',
            b"\x00\x00\x00\x00",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        )
    )
]

HOSTILE_JSON = [
    raw("json-null", b"null", "BODY_NOT_OBJECT"),
    raw("json-true", b"true", "BODY_NOT_OBJECT"),
    raw("json-number", b"42", "BODY_NOT_OBJECT"),
    raw("json-string", b'"{ __typename }"', "BODY_NOT_OBJECT"),
    raw("json-empty-object", b"{}", "MISSING_QUERY"),
    raw("json-typo", b'{"qeury": "{ __typename }"}', "MISSING_QUERY"),
    raw("json-null-query", b'{"query": null}', "MISSING_QUERY"),
    raw("json-deep-variables", json.dumps({"query": OK, "variables": {"a": json.loads("[" * 70 + "]" * 70)}}),
        "JSON_TOO_DEEP"),
    raw("json-deep-extensions", json.dumps({"query": OK, "extensions": {"a": json.loads("[" * 70 + "]" * 70)}}),
        "JSON_TOO_DEEP"),
    raw("json-batch", b'[{"query": "{ __typename }"}]', "BATCHING_NOT_SUPPORTED"),
    raw("json-batch-empty", b"[]", "BATCHING_NOT_SUPPORTED"),
    raw("json-batch-many", json.dumps([{"query": OK}] * 500), "BATCHING_NOT_SUPPORTED"),
    raw("json-batch-garbage", b"[1, \"x\", null]", "BATCHING_NOT_SUPPORTED"),
    Case("json-too-large", 413, "BAD_REQUEST", "BODY_TOO_LARGE", data=json.dumps(
        {"query": OK, "variables": {"x": "a" * (PROD.limits.max_body_bytes + 1)}}), content_type=JSON_TYPE),
    Case("json-unknown-keys", 200, None, json={"query": OK, "qeury": 1, "__proto__": {"x": 1}, "constructor": 2}),
    Case("json-duplicate-keys", 200, None, data=b'{"query": "{ nope }", "query": "{ __typename }"}',
         content_type=JSON_TYPE),
    Case("json-unicode-escapes", 200, None, data=b'{"query": "{ \\u005f_typename }"}', content_type=JSON_TYPE),
    Case("json-whitespace", 200, None, data=b' \n\t {"query" : "{ __typename }"} \r\n', content_type=JSON_TYPE),
]

WRONG_VALUES: list[tuple[str, Any]] = [
    ("number", 0),
    ("float", 1.5),
    ("true", True),
    ("false", False),
    ("array", ["array"]),
    ("object", {"obj": "ect"}),
    ("string", "string"),
    ("empty-array", []),
]
PARAM_REASONS = {
    "query": "INVALID_QUERY",
    "variables": "INVALID_VARIABLES",
    "operationName": "INVALID_OPERATION_NAME",
    "extensions": "INVALID_EXTENSIONS",
}
MEDIA = {"application/json": "json", GRAPHQL_RESPONSE: "grj"}
ACCEPTED_TYPES = {"query": {"string"}, "operationName": {"string"}, "variables": {"object"}, "extensions": {"object"}}

PARAMETER_TYPES = [
    bad_request(f"param-{param}-{label}-{MEDIA[accept]}", PARAM_REASONS[param],
                json={"query": OK, param: value} if param != "query" else {"query": value},
                headers={"Accept": accept})
    for param in PARAM_REASONS
    for label, value in WRONG_VALUES
    if label not in ACCEPTED_TYPES[param]
    for accept in ("application/json", GRAPHQL_RESPONSE)
] + [
    Case(f"param-null-{param}-{MEDIA[accept]}", 200, None, json={"query": OK, param: None}, headers={"Accept": accept})
    for param in ("variables", "operationName", "extensions")
    for accept in ("application/json", GRAPHQL_RESPONSE)
] + [
    Case("param-empty-operation-name", 200, None, json={"query": OK, "operationName": ""}),
    Case("param-extensions-map", 200, None, json={"query": OK, "extensions": {"some": "value"}}),
    Case("param-variables-map", 200, None, json={"query": OK, "variables": {"unused": 1}}),
    Case("param-operation-unknown", 200, "BAD_REQUEST", "OPERATION_RESOLUTION_FAILURE",
         json={"query": "query A { __typename }", "operationName": "B"}),
    Case("param-operation-unknown-grj", 400, "BAD_REQUEST", "OPERATION_RESOLUTION_FAILURE",
         json={"query": "query A { __typename }", "operationName": "B"}, headers={"Accept": GRAPHQL_RESPONSE}),
    Case("param-operation-missing", 200, "BAD_REQUEST", "OPERATION_RESOLUTION_FAILURE",
         json={"query": "query A { __typename } query B { __typename }"}),
    Case("param-operation-chosen", 200, None,
         json={"query": "query A { __typename } query B { __typename }", "operationName": "B"}),
    Case("param-missing-query-grj", 400, "BAD_REQUEST", "MISSING_QUERY", json={"variables": {}},
         headers={"Accept": GRAPHQL_RESPONSE}),
]

GETS = [
    Case("get-ok", 200, None, method="GET", query_string={"query": OK}, headers=PREFLIGHT),
    Case("get-variables", 200, None, method="GET", headers=PREFLIGHT,
         query_string={"query": "query Q($x: Boolean!) { __typename @include(if: $x) }", "variables": '{"x": true}'}),
    bad_request("get-no-preflight", "CSRF_PREFLIGHT_REQUIRED", method="GET", query_string={"query": OK}),
    bad_request("get-empty-preflight", "CSRF_PREFLIGHT_REQUIRED", method="GET", query_string={"query": OK},
                headers={"Apollo-Require-Preflight": "  "}),
    bad_request("get-no-query", "MISSING_QUERY", method="GET", headers=PREFLIGHT),
    bad_request("get-variables-not-json", "INVALID_VARIABLES", method="GET", headers=PREFLIGHT,
                query_string={"query": OK, "variables": "{x"}),
    bad_request("get-variables-array", "INVALID_VARIABLES", method="GET", headers=PREFLIGHT,
                query_string={"query": OK, "variables": "[1]"}),
    bad_request("get-extensions-not-json", "INVALID_EXTENSIONS", method="GET", headers=PREFLIGHT,
                query_string={"query": OK, "extensions": "nope"}),
    bad_request("get-extensions-string", "INVALID_EXTENSIONS", method="GET", headers=PREFLIGHT,
                query_string={"query": OK, "extensions": '"x"'}),
    Case("get-mutation", 405, "BAD_REQUEST", "METHOD_NOT_ALLOWED", method="GET", headers=PREFLIGHT,
         query_string={"query": "mutation { logout }"}),
    Case("get-mutation-named", 405, "BAD_REQUEST", "METHOD_NOT_ALLOWED", method="GET", headers=PREFLIGHT,
         query_string={"query": "query A { __typename } mutation B { logout }", "operationName": "B"}),
    Case("get-query-of-mixed", 200, None, method="GET", headers=PREFLIGHT,
         query_string={"query": "query A { __typename } mutation B { logout }", "operationName": "A"}),
    Case("get-parse-error", 200, "GRAPHQL_PARSE_FAILED", method="GET", headers=PREFLIGHT,
         query_string={"query": "{"}),
    Case("get-repeated-params", 200, None, method="GET", headers=PREFLIGHT,
         query_string="query=%7B__typename%7D&query=%7Bnope%7D"),
    Case("get-percent-garbage", 200, "GRAPHQL_PARSE_FAILED", method="GET", headers=PREFLIGHT,
         query_string="query=%ZZ%00%FF"),
]

CORPUS = METHODS + CONTENT_TYPES + ACCEPTS + MALFORMED_JSON + HOSTILE_JSON + PARAMETER_TYPES + GETS


@pytest.fixture(scope="module")
def client() -> Any:
    return client_for(PROD)


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_http_corpus(client: Any, case: Case) -> None:
    response = case.send(client)
    check(case, response)
    if case.status == 405:
        assert response.headers.get("Allow"), case.id
    assert_healthy(client)


def test_corpus_is_large_and_ids_are_unique() -> None:
    assert len(CORPUS) >= 150
    assert len({case.id for case in CORPUS}) == len(CORPUS)


def test_get_mutation_is_not_executed(client: Any) -> None:
    """405 before execution: logout over GET must not delete the session cookie."""
    response = client.get("/graphql", query_string={"query": "mutation { logout }"}, headers=PREFLIGHT)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert "Set-Cookie" not in response.headers


def test_refusals_are_never_cached(client: Any) -> None:
    for case in (MALFORMED_JSON[0], CONTENT_TYPES[0], GETS[2]):
        assert case.send(client).headers["Cache-Control"] == "no-store"


def test_batches_are_served_up_to_the_configured_maximum() -> None:
    from tests.support.gateway import gateway_settings

    client = client_for(gateway_settings(showDeveloperMessage=False, limits={"maxBatch": 3}))
    served = client.post("/graphql", json=[{"query": OK}, {"query": "{ nope }"}])
    assert served.status_code == 200
    first, second = served.get_json()
    assert first == {"data": {"__typename": "Query"}}
    assert second["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    for body, reason in (([{"query": OK}] * 4, "INVALID_BATCH"), ([], "INVALID_BATCH"),
                         ([{"query": OK}, 5], "BODY_NOT_OBJECT")):
        refused = client.post("/graphql", json=body)
        assert refused.status_code == 400
        assert refused.get_json()["errors"][0]["extensions"]["reason"] == reason
