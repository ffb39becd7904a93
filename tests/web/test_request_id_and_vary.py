"""Request ids (X-Request-ID in and out, a random UUID otherwise), `Vary: Origin` on every answer unless
CORS allows every origin, and the access line's level."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

from monoql.logging import configure
from monoql.web.hooks import new_request_id
from tests.support.gateway import app_for, gateway_settings

QUERY = {"query": "query Probe { __typename }"}
PREFLIGHT = {"Apollo-Require-Preflight": "true"}


def test_a_new_request_id_is_a_random_uuid_in_its_usual_form() -> None:
    ids = [new_request_id() for _ in range(500)]
    assert len(set(ids)) == 500
    for text in ids:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == text  # lower-case hex, dashes at 8-4-4-4-12


def test_the_answer_and_the_error_body_carry_the_generated_id() -> None:
    client = app_for().test_client()
    response = client.get("/no/such/page")
    request_id = response.headers["X-Request-ID"]
    assert uuid.UUID(request_id).version == 4
    assert response.get_json()["errors"][0]["extensions"]["requestId"] == request_id
    assert client.get("/no/such/page").headers["X-Request-ID"] != request_id


def test_a_sent_id_is_kept_and_a_malformed_one_replaced() -> None:
    client = app_for().test_client()
    assert client.post("/graphql", json=QUERY, headers={"X-Request-ID": "edge-1:a.b"}).headers["X-Request-ID"] == "edge-1:a.b"
    assert client.post("/graphql", json=QUERY, headers={"X-Correlation-ID": "corr-7"}).headers["X-Request-ID"] == "corr-7"
    both = {"X-Request-ID": "first", "X-Correlation-ID": "second"}
    assert client.post("/graphql", json=QUERY, headers=both).headers["X-Request-ID"] == "first"
    replaced = client.post("/graphql", json=QUERY, headers={"X-Request-ID": "has space"}).headers["X-Request-ID"]
    assert uuid.UUID(replaced).version == 4


def test_every_answer_varies_on_origin_once() -> None:
    client = app_for().test_client()
    assert client.post("/graphql", json=QUERY).headers.getlist("Vary") == ["Origin"]
    assert client.get("/heartbeat").headers.getlist("Vary") == ["Origin"]
    assert client.get("/no/such/page").headers.getlist("Vary") == ["Origin"]


def test_a_shared_answers_vary_names_origin_once_among_the_rest() -> None:
    client = app_for(gateway_settings(persistedQueries={"mode": "apq"})).test_client()
    query = "query VaryOnce { identity { url } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    client.post("/graphql", json={"query": query, "extensions": extensions})
    response = client.get("/graphql", query_string={"extensions": json.dumps(extensions)}, headers=PREFLIGHT)
    assert response.headers["Cache-Control"] == "public, max-age=5"
    assert response.headers.getlist("Vary") == ["Accept, Origin, Authorization, Cookie, Host"]


def test_no_vary_when_every_origin_is_allowed() -> None:
    client = app_for(gateway_settings(cors={"allowAll": True, "allowedHosts": []})).test_client()
    response = client.post("/graphql", json=QUERY, headers={"Origin": "https://any.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Vary" not in response.headers


def served(path: Path) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    return [line for line in lines if line["message"] == "request served"]


def test_the_access_line_follows_the_level(log_file: Path) -> None:
    client = app_for().test_client()
    configure("WARN", str(log_file))
    client.post("/graphql", json=QUERY, headers={"X-Request-ID": "quiet"})
    assert served(log_file) == []
    configure("INFO", str(log_file))
    client.post("/graphql", json=QUERY, headers={"X-Request-ID": "loud"})
    (line,) = served(log_file)
    assert {key: line[key] for key in ("request_id", "method", "route", "status", "operation_name",
                                        "operation_type", "level")} == {
        "request_id": "loud", "method": "POST", "route": "/graphql", "status": 200,
        "operation_name": "Probe", "operation_type": "query", "level": "INFO"}
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
