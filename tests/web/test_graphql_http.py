"""GraphQL over HTTP at /graphql, and the other routes of the web layer."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.gateway import app_for, gateway_settings

PROD_LIKE = gateway_settings(
    showDeveloperMessage=False, introspection=False, graphiql=False, heartbeat={"dependencies": False}
)


@pytest.fixture
def client() -> Any:
    return app_for().test_client()


@pytest.fixture
def prod_client() -> Any:
    return app_for(PROD_LIKE).test_client()


def test_get_runs_a_query_with_a_preflight_header(client: Any) -> None:
    response = client.get("/graphql", query_string={"query": "{ __typename }"},
                          headers={"Apollo-Require-Preflight": "1"})
    assert response.status_code == 200
    assert response.get_json() == {"data": {"__typename": "Query"}}
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"


def test_get_mutation_is_405_with_allow_post(client: Any) -> None:
    response = client.get("/graphql", query_string={"query": "mutation { logout }"},
                          headers={"Apollo-Require-Preflight": "1"})
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
    assert response.get_json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_get_without_preflight_header_is_refused_as_csrf(client: Any) -> None:
    response = client.get("/graphql", query_string={"query": "{ __typename }"})
    assert response.status_code == 400
    extensions = response.get_json()["errors"][0]["extensions"]
    assert (extensions["code"], extensions["reason"]) == ("BAD_REQUEST", "CSRF_PREFLIGHT_REQUIRED")


@pytest.mark.parametrize(
    ("accept", "document", "status", "code"),
    [
        ("application/graphql-response+json", "{ __typename", 400, "GRAPHQL_PARSE_FAILED"),
        ("application/json", "{ __typename", 200, "GRAPHQL_PARSE_FAILED"),
        ("application/graphql-response+json", "{ nope }", 400, "GRAPHQL_VALIDATION_FAILED"),
        ("application/json", "{ nope }", 200, "GRAPHQL_VALIDATION_FAILED"),
    ],
)
def test_request_errors_follow_the_negotiated_media_type(
    client: Any, accept: str, document: str, status: int, code: str
) -> None:
    response = client.post("/graphql", json={"query": document}, headers={"Accept": accept})
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith(accept)
    body = response.get_json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == code
    assert body["errors"][0]["extensions"]["requestId"] == response.headers["X-Request-ID"]


def test_unacceptable_accept_is_406(client: Any) -> None:
    response = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Accept": "text/html"})
    assert response.status_code == 406


@pytest.mark.parametrize(
    ("data", "content_type", "status", "reason"),
    [
        ("{not json", "application/json", 400, "MALFORMED_JSON"),
        ("[1, 2]", "application/json", 400, "BATCHING_NOT_SUPPORTED"),
        ('"text"', "application/json", 400, "BODY_NOT_OBJECT"),
        ("{}", "application/json", 400, "MISSING_QUERY"),
        ('{"query": "{ __typename }", "variables": [1]}', "application/json", 400, "INVALID_VARIABLES"),
        ('{"query": 5}', "application/json", 400, "INVALID_QUERY"),
        ('{"query": "{ __typename }", "operationName": 3}', "application/json", 400, "INVALID_OPERATION_NAME"),
        ("query=x", "application/xml", 415, "UNSUPPORTED_MEDIA_TYPE"),
        ("{ __typename }", "text/plain", 400, "CSRF_PREFLIGHT_REQUIRED"),
    ],
)
def test_malformed_requests_get_precise_4xx(
    client: Any, data: str, content_type: str, status: int, reason: str
) -> None:
    response = client.post("/graphql", data=data, content_type=content_type)
    assert response.status_code == status
    extensions = response.get_json()["errors"][0]["extensions"]
    assert extensions["code"] == "BAD_REQUEST"
    assert extensions["reason"] == reason


def test_oversized_body_is_413(client: Any) -> None:
    body = json.dumps({"query": "{ __typename }", "variables": {"x": "a" * 2_000_000}})
    response = client.post("/graphql", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["errors"][0]["extensions"]["reason"] == "BODY_TOO_LARGE"


def test_other_methods_are_405(client: Any) -> None:
    response = client.put("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 405


def test_request_id_is_taken_from_the_request_and_echoed(client: Any) -> None:
    response = client.post("/graphql", json={"query": "{ nope }"}, headers={"X-Request-ID": "req-42"})
    assert response.headers["X-Request-ID"] == "req-42"
    assert response.get_json()["errors"][0]["extensions"]["requestId"] == "req-42"
    generated = client.post("/graphql", json={"query": "{ __typename }"}).headers["X-Request-ID"]
    assert len(generated) == 36


def test_introspection_is_off_in_production_but_typename_works(prod_client: Any) -> None:
    response = prod_client.post("/graphql", json={"query": "{ __schema { types { name } } }"})
    assert response.get_json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert prod_client.post("/graphql", json={"query": "{ __typename }"}).get_json() == {
        "data": {"__typename": "Query"}
    }


def test_suggestions_are_hidden_in_production(prod_client: Any, client: Any) -> None:
    query = {"query": "{ viewe { id } }"}
    assert "Did you mean" not in prod_client.post("/graphql", json=query).get_data(as_text=True)


def test_heartbeat_answers_get_and_head(client: Any) -> None:
    response = client.get("/heartbeat")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
    assert response.get_json()["version"]
    assert client.head("/heartbeat").status_code == 200


def test_dependencies_probe_is_off_in_production(prod_client: Any) -> None:
    assert gateway_settings().heartbeat.dependencies is True
    assert prod_client.get("/heartbeat/dependencies").status_code == 404


def test_metrics_endpoint_exposes_request_and_build_metrics(client: Any) -> None:
    client.post("/graphql", json={"query": "query Probe { __typename }"})
    text = client.get("/metrics").get_data(as_text=True)
    assert "monoql_http_request_total{" in text
    assert 'monoql_graphql_operations_total{operation_name="Probe",operation_type="query",outcome="ok"}' in text
    assert "monoql_build_info{" in text
    assert 'monoql_process_resident_memory_bytes{pid="' in text


def test_graphiql_is_served_with_local_assets(client: Any, prod_client: Any) -> None:
    page = client.get("/graphiql").get_data(as_text=True)
    assert "/graphiql/assets/graphiql.min.js" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()
    assert client.get("/graphiql/assets/graphiql-init.js").status_code == 200
    assert client.get("/graphiql/assets/../app.py").status_code == 404
    assert prod_client.get("/graphiql").status_code == 404


def test_unknown_routes_answer_json_404(client: Any) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.get_json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_refusals_outside_graphql_are_coded_with_a_reason(client: Any) -> None:
    wrong_method = client.post("/heartbeat", headers={"X-Request-ID": "req-405"})
    assert wrong_method.status_code == 405
    assert set(wrong_method.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert wrong_method.get_json()["errors"][0]["extensions"] == {
        "code": "BAD_REQUEST", "reason": "METHOD_NOT_ALLOWED", "requestId": "req-405"}
    missing = client.get("/nothing-here", headers={"X-Request-ID": "req-404"})
    assert missing.status_code == 404
    assert missing.get_json()["errors"][0]["extensions"] == {"code": "NOT_FOUND", "requestId": "req-404"}
