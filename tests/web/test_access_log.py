"""The access log: one line per request, probes at DEBUG, and no request id left behind afterwards."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask import Flask

from monoql.app import create_app
from monoql.logging import configure, request_fields
from tests.support.gateway import gateway_settings


@pytest.fixture
def app() -> Flask:
    return create_app(gateway_settings(), configure_logs=False)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def served(path: Path) -> list[dict]:
    return [line for line in lines(path) if line["message"] == "request served"]


def test_one_access_line_per_request_with_its_fields(app: Flask, log_file: Path) -> None:
    client = app.test_client()
    client.post("/graphql", json={"query": "query Probe { __typename }"}, headers={"X-Request-ID": "req-1"})
    client.get("/no/such/page", headers={"X-Request-ID": "req-2"})
    first, second = served(log_file)
    assert first["request_id"] == "req-1" and first["level"] == "INFO"
    assert (first["method"], first["route"], first["status"]) == ("POST", "/graphql", 200)
    assert (first["operation_name"], first["operation_type"]) == ("Probe", "query")
    assert second["request_id"] == "req-2"
    assert (second["route"], second["status"]) == ("other", 404)


def test_heartbeats_and_scrapes_are_logged_at_debug(app: Flask, log_file: Path) -> None:
    client = app.test_client()
    client.get("/heartbeat")
    client.head("/heartbeat")
    client.get("/metrics")
    assert [(line["route"], line["level"]) for line in served(log_file)] == [
        ("/heartbeat", "DEBUG"),
        ("/heartbeat", "DEBUG"),
        ("/metrics", "DEBUG"),
    ]
    configure("INFO", str(log_file))
    client.get("/heartbeat")
    assert len(served(log_file)) == 3  # nothing at INFO


def test_lines_written_after_a_request_carry_no_request_id(app: Flask, log_file: Path) -> None:
    client = app.test_client()
    client.get("/heartbeat", headers={"X-Request-ID": "earlier-request"})
    assert request_fields.get() is None
    logging.getLogger("gunicorn.error").info("Autorestarting worker after current request.")
    last = lines(log_file)[-1]
    assert last["message"] == "Autorestarting worker after current request."
    assert "request_id" not in last
