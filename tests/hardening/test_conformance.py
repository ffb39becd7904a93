"""GraphQL-over-HTTP conformance in production-like mode, audit by audit (the checks graphql-http's
server audits make, plus the spec's MUSTs they leave out), with introspection off.

Deliberate deviation, as Apollo Server and Router do: a GET (or a simple POST) without a CSRF
preflight header is refused with 400 before any work (docs/caller.md §2), so the GET audits send
`Apollo-Require-Preflight`, and the bare GET audit expects that 400.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support.production import PROD, client_for

GRJ = "application/graphql-response+json"
JSON = "application/json"
PREFLIGHT = {"Apollo-Require-Preflight": "true"}
TYPE_QUERY = "query Type($name: String!) { __type(name: $name) { name } }"


@dataclass(frozen=True)
class Audit:
    id: str
    status: int
    method: str = "POST"
    body: Any = None
    raw: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] | None = None
    content_type: str | None = None  # expected response media type
    no_errors: bool = False
    no_data: bool = False


def post(audit_id: str, status: int, body: Any, accept: str | None = None, **kwargs: Any) -> Audit:
    headers = {"Content-Type": JSON, **({"Accept": accept} if accept else {})}
    return Audit(audit_id, status, body=body, headers=headers, **kwargs)


AUDITS = [
    post("22EB accepts graphql-response+json", 200, {"query": "{ __typename }"}, GRJ, content_type=GRJ),
    post("4655 MUST accept application/json", 200, {"query": "{ __typename }"}, JSON, content_type=JSON),
    post("47DE */* uses application/json", 200, {"query": "{ __typename }"}, "*/*", content_type=JSON),
    post("80D8 no Accept means application/json", 200, {"query": "{ __typename }"}, content_type=JSON),
    post("BF61 MUST accept utf-8 request", 200, {"query": '{ __type(name: "Run🏃Swim🏊") { name } }'}),
    post("78D5 MUST assume utf-8", 200, {"query": "{ __typename }"}),
    post("2C94 MUST accept POST", 200, {"query": "{ __typename }"}),
    Audit("5A70 bare GET is a CSRF refusal", 400, method="GET", params={"query": "{ __typename }"}),
    Audit("5A70 GET with a preflight header", 200, method="GET", params={"query": "{ __typename }"},
          headers=PREFLIGHT),
    Audit("9C48 no mutation over GET", 405, method="GET", params={"query": "mutation { __typename }"},
          headers={"Accept": GRJ, **PREFLIGHT}),
    Audit("9ABE POST without content-type", 400),
    post("03D4 MUST accept application/json POST", 200, {"query": "{ __typename }"}),
    Audit("A5BF POST without body", 400, headers={"Content-Type": JSON}),
    post("423L missing query", 400, {"notquery": "{ __typename }"}, GRJ),
    *[post(f"LKJ{i} {kind} query", 400, {"query": value}) for i, (kind, value) in
      enumerate([("object", {"obj": "ect"}), ("number", 0), ("boolean", False), ("array", ["array"])])],
    post("34A2 string query, grj", 200, {"query": "{ __typename }"}, GRJ),
    post("13EE MUST allow string query", 200, {"query": "{ __typename }"}, JSON, no_errors=True),
    *[post(f"6C0{i} {kind} operationName", 400, {"operationName": value, "query": "{ __typename }"}) for i, (kind, value)
      in enumerate([("object", {"obj": "ect"}), ("number", 0), ("boolean", False), ("array", ["array"])])],
    post("8161 string operationName, grj", 200, {"operationName": "Query", "query": "query Query { __typename }"}, GRJ),
    post("B8B3 MUST allow string operationName", 200,
         {"operationName": "Query", "query": "query Query { __typename }"}, JSON, no_errors=True),
    *[post(f"94B{i} null {p}, grj", 200, {"query": "{ __typename }", p: None}, GRJ, no_errors=True)
      for i, p in enumerate(["variables", "operationName", "extensions"])],
    *[post(f"022{i} MUST allow null {p}", 200, {"query": "{ __typename }", p: None}, JSON, no_errors=True)
      for i, p in enumerate(["variables", "operationName", "extensions"])],
    *[post(f"476{i} {kind} variables", 400, {"query": "{ __typename }", "variables": value})
      for i, (kind, value) in enumerate([("string", "string"), ("number", 0), ("boolean", False), ("array", ["a"])])],
    post("2EA1 map variables, grj", 200, {"query": TYPE_QUERY, "variables": {"name": "sometype"}}, GRJ),
    post("28B9 MUST allow map variables", 200, {"query": TYPE_QUERY, "variables": {"name": "sometype"}}, JSON,
         no_errors=True),
    Audit("D6D5 GET variables, grj", 200, method="GET", headers={"Accept": GRJ, **PREFLIGHT},
          params={"query": TYPE_QUERY, "variables": json.dumps({"name": "sometype"})}),
    Audit("6A70 GET variables, json", 200, method="GET", headers={"Accept": JSON, **PREFLIGHT},
          params={"query": TYPE_QUERY, "variables": json.dumps({"name": "sometype"})}, no_errors=True),
    *[post(f"58B{i} {kind} extensions", 400, {"query": "{ __typename }", "extensions": value})
      for i, (kind, value) in enumerate([("string", "string"), ("number", 0), ("boolean", False), ("array", ["a"])])],
    post("428F map extensions, grj", 200, {"query": "{ __typename }", "extensions": {"some": "value"}}, GRJ),
    post("1B7A MUST allow map extensions", 200, {"query": "{ __typename }", "extensions": {"some": "value"}}, JSON,
         no_errors=True),
    Audit("B6DC/BCF8 JSON parsing failure", 400, raw=b'{ "not a JSON', headers={"Content-Type": JSON}),
    post("8764/3E3A invalid parameters", 400, {"qeury": "{ __typename }"}),
    post("572B parse failure, json", 200, {"query": "{"}, JSON),
    post("FDE2 validation failure, json", 200, {"query": "{ 8f31403dfe404bccbb0e835f2629c6a7 }"}, JSON),
    post("7B9B coercion failure, json", 200,
         {"query": "query CoerceFailure($id: ID!){ __typename }", "variables": {"id": None}}, JSON),
    post("865D/556A/D586 parse failure, grj", 400, {"query": "{"}, GRJ, no_data=True),
    post("51FE/74FF/5E5B validation failure, grj", 400, {"query": "{ 8f31403dfe404bccbb0e835f2629c6a7 }"}, GRJ,
         no_data=True),
    post("86EE coercion failure, grj", 400,
         {"query": "query CoerceFailure($id: ID!){ __typename @skip(if: false) }", "variables": {"id": None}}, GRJ,
         no_data=True),
    post("406 when nothing acceptable", 406, {"query": "{ __typename }"}, "text/html"),
    post("recommended Accept of the spec", 200, {"query": "{ __typename }"},
         f"{GRJ}; charset=utf-8, {JSON}; charset=utf-8", content_type=GRJ),
    Audit("415 unsupported media type", 415, raw=b"{}", headers={"Content-Type": "application/xml"}),
    post("operation cannot be determined, grj", 400, {"query": "query A { __typename } query B { __typename }"}, GRJ,
         no_data=True),
    post("operation cannot be determined, json", 200, {"query": "query A { __typename } query B { __typename }"}, JSON),
]


@pytest.fixture(scope="module")
def client() -> Any:
    return client_for(PROD)


@pytest.mark.parametrize("audit", AUDITS, ids=[a.id for a in AUDITS])
def test_audit(client: Any, audit: Audit) -> None:
    kwargs: dict[str, Any] = {"headers": audit.headers}
    if audit.body is not None:
        kwargs["data"] = json.dumps(audit.body)
    if audit.raw is not None:
        kwargs["data"] = audit.raw
    if audit.params is not None:
        kwargs["query_string"] = audit.params
    response = client.open("/graphql", method=audit.method, **kwargs)
    assert response.status_code == audit.status, response.get_data(as_text=True)[:300]
    content_type = response.headers["Content-Type"]
    assert "charset=utf-8" in content_type
    response.get_data().decode("utf-8")  # MUST be UTF-8
    if audit.content_type:
        assert content_type.startswith(audit.content_type)
    body = response.get_json()
    if audit.no_errors:
        assert "errors" not in body, body
    if audit.no_data:
        assert "data" not in body, body
    if response.status_code == 405:
        assert response.headers["Allow"] == "POST"


def test_partial_data_is_200_for_graphql_response_json(client: Any) -> None:
    response = client.post("/graphql", json={"query": "{ promoters { id } __typename }"}, headers={"Accept": GRJ})
    assert response.status_code == 200
    body = response.get_json()
    assert body["data"] == {"promoters": None, "__typename": "Query"}
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
