"""Metrics and the per-call log line: bounded labels, error kinds, never a token."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import requests
from prometheus_client import REGISTRY

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.clients.observability import CIRCUIT_OPEN, UP, status_class
from monoql.errors import MonoqlError

CID = "64b7f0c2a1e4d3b2c1a0aa01"
TOKEN = "very.secret.jwt"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def clients(settings: Any, clock: Any) -> Clients:
    return Clients(settings, CallContext(TOKEN, "rid-obs", clock.now + 60))


def test_duration_is_labelled_with_the_route_template(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", f"http://localhost:8090/campaigns/campaigns/{CID}/markets/m1", json={"data": {}})
    labels = {
        "service": "campaigns",
        "route": "/campaigns/:campaignId/markets/:marketId",
        "status_class": "2xx",
    }
    before = sample("monoql_upstream_request_duration_seconds_count", **labels)
    clients(settings, clock).campaigns.get_market(CID, "m1")
    assert sample("monoql_upstream_request_duration_seconds_count", **labels) == before + 1
    for metric in REGISTRY.collect():
        for s in metric.samples:
            assert CID not in s.labels.get("route", "")


@pytest.mark.parametrize(
    ("mock", "kind", "status_label"),
    [
        ({"status": 404, "json": {"message": "x"}}, "http_4xx", "4xx"),
        ({"status": 500, "json": {"message": "x"}}, "http_5xx", "5xx"),
        ({"status": 200, "body": b"not json"}, "bad_response", "2xx"),
        ({"body": requests.exceptions.ReadTimeout("slow")}, "timeout", "timeout"),
        ({"body": requests.exceptions.ConnectionError("refused")}, "unavailable", "unavailable"),
    ],
)
def test_errors_are_counted_by_kind(
    mock: dict[str, Any], kind: str, status_label: str, mocked: Any, settings: Any, clock: Any
) -> None:
    mocked.add("POST", "http://localhost:8090/users/me", **mock)
    errors_before = sample("monoql_upstream_errors_total", service="users", kind=kind)
    hist = {"service": "users", "route": "/me", "status_class": status_label}
    hist_before = sample("monoql_upstream_request_duration_seconds_count", **hist)
    with pytest.raises(MonoqlError):
        clients(settings, clock).users.update_me({"zip": "1"})
    assert sample("monoql_upstream_errors_total", service="users", kind=kind) == errors_before + 1
    assert sample("monoql_upstream_request_duration_seconds_count", **hist) == hist_before + 1


def test_circuit_open_is_counted(mocked: Any, settings_with: Any, clock: Any) -> None:
    settings = settings_with(breaker={"failureThreshold": 1})
    mocked.add("POST", "http://localhost:8090/users/me", status=503, json={"message": "x"})
    with pytest.raises(MonoqlError):
        clients(settings, clock).users.update_me({})
    before = sample("monoql_upstream_errors_total", service="users", kind="circuit_open")
    with pytest.raises(MonoqlError):
        clients(settings, clock).users.update_me({})
    assert sample("monoql_upstream_errors_total", service="users", kind="circuit_open") == before + 1


def test_up_gauge_follows_reachability(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("POST", "http://localhost:8090/codes/c1/codes", body=requests.exceptions.ConnectionError("x"))
    with pytest.raises(MonoqlError):
        clients(settings, clock).codes.import_codes("c1", "k")
    assert sample("monoql_upstream_up", service="codes") == 0.0
    mocked.replace("POST", "http://localhost:8090/codes/c1/codes", status=400, json={"message": "bad"})
    with pytest.raises(MonoqlError):
        clients(settings, clock).codes.import_codes("c1", "k")
    assert sample("monoql_upstream_up", service="codes") == 1.0


def test_an_unchanged_up_gauge_is_written_again_only_after_a_second(
    mocked: Any, settings: Any, clock: Any
) -> None:
    mocked.add("GET", "http://localhost:8090/users/me", json={"id": "u"})
    clients(settings, clock).users.get_me()
    assert sample("monoql_upstream_up", service="users") == 1.0
    UP.labels(service="users").set(7)  # stands for a write this worker would make
    clock.advance(0.9)
    clients(settings, clock).users.get_me()
    assert sample("monoql_upstream_up", service="users") == 7.0
    clock.advance(0.1)
    clients(settings, clock).users.get_me()
    assert sample("monoql_upstream_up", service="users") == 1.0


def test_a_changed_up_gauge_is_written_at_once(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", "http://localhost:8090/users/me", json={"id": "u"})
    mocked.add("GET", "http://localhost:8090/users/me", body=requests.exceptions.ConnectionError("x"))
    clients(settings, clock).users.get_me()
    assert sample("monoql_upstream_up", service="users") == 1.0
    with pytest.raises(MonoqlError):
        clients(settings, clock).users.get_me()
    assert sample("monoql_upstream_up", service="users") == 0.0


def test_retries_are_counted(mocked: Any, settings: Any, clock: Any) -> None:
    mocked.add("GET", "http://localhost:8090/users/me", status=502, json={"message": "x"})
    mocked.add("GET", "http://localhost:8090/users/me", json={"id": "u"})
    before = sample("monoql_upstream_retries_total", service="users")
    clients(settings, clock).users.get_me()
    assert sample("monoql_upstream_retries_total", service="users") == before + 1


def test_one_debug_line_per_call_without_secrets(mocked: Any, settings: Any, clock: Any, caplog: Any) -> None:
    mocked.add("GET", "http://localhost:8090/campaigns/campaigns", json={"data": {"id": CID}})
    caplog.set_level(logging.DEBUG, logger="monoql.clients")
    clients(settings, clock).campaigns.get_campaign_by_domain("nova", password="hunter2")
    records = [r for r in caplog.records if r.name == "monoql.clients.observability"]
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.DEBUG
    assert (record.request_id, record.service, record.route, record.status) == (
        "rid-obs",
        "campaigns",
        "/campaigns",
        200,
    )
    assert record.cache_hit is False
    assert isinstance(record.duration_ms, float)
    text = repr(record.__dict__)
    assert TOKEN not in text
    assert "hunter2" not in text


def test_gauges_declare_a_multiprocess_mode() -> None:
    assert UP._multiprocess_mode == "livemostrecent"
    assert CIRCUIT_OPEN._multiprocess_mode == "livemax"


@pytest.mark.parametrize(
    ("status", "kind", "label"),
    [(200, None, "2xx"), (404, "http_4xx", "4xx"), (None, "timeout", "timeout"), (None, None, "error")],
)
def test_status_class(status: int | None, kind: str | None, label: str) -> None:
    assert status_class(status, kind) == label
