"""Metric families and labels on /metrics, the exporter's hooks on every app, bounded labels, and
recording failures that never fail a request."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from prometheus_client import REGISTRY
from prometheus_client.metrics import MetricWrapperBase
from prometheus_client.parser import text_string_to_metric_families

from monoql import metrics
from monoql.app import create_app
from monoql.clients import observability
from monoql.operation_names import OperationNames
from tests.support.gateway import gateway_settings

#: What /metrics showed before prometheus-flask-exporter took over the HTTP metrics.
BEFORE = {
    "monoql_http_requests_total": ("counter", {"method", "route", "status"}),
    "monoql_http_request_duration_seconds": ("histogram", {"method", "route", "status"}),
    "monoql_http_errors_total": ("counter", {"route", "status_class"}),
    "monoql_graphql_operations_total": ("counter", {"operation_type", "operation_name", "outcome"}),
    "monoql_graphql_operation_duration_seconds": ("histogram", {"operation_type", "operation_name"}),
    "monoql_upstream_request_duration_seconds": ("histogram", {"service", "route", "status_class"}),
    "monoql_upstream_errors_total": ("counter", {"service", "kind"}),
    "monoql_upstream_cache_total": ("counter", {"service", "result"}),
    "monoql_upstream_retries_total": ("counter", {"service"}),
    "monoql_upstream_up": ("gauge", {"service"}),
    "monoql_upstream_circuit_open": ("gauge", {"service"}),
    "monoql_process_cpu_seconds_total": ("counter", {"pid", "role"}),
    "monoql_process_resident_memory_bytes": ("gauge", {"pid", "role"}),
    "monoql_build_info": ("gauge", {"version"}),
}

#: What it shows now. The exporter's request counter has no route label: per-route rates come from
#: the duration histogram's `_count`, which the alerts and the dashboard use.
AFTER = {
    "monoql_http_request_total": ("counter", {"method", "status"}),
    "monoql_http_request_duration_seconds": ("histogram", {"method", "route", "status"}),
    # Never incremented: monoql's error handler answers every exception before the exporter sees it.
    "monoql_http_request_exceptions_total": ("counter", set()),
    "monoql_exporter_info": ("gauge", {"version"}),
    "monoql_graphql_operations_total": ("counter", {"operation_type", "operation_name", "outcome"}),
    # Without the operation name since the label floods: 200 names times 16 series each was too many.
    "monoql_graphql_operation_duration_seconds": ("histogram", {"operation_type"}),
    "monoql_campaign_password_failures_total": ("counter", {"source"}),
    "monoql_answer_memo_total": ("counter", {"result"}),
    # Requests the nginx sidecar cut off for slowness (monoql.web.proxy_timeouts).
    "monoql_proxy_request_timeouts_total": ("counter", set()),
    "monoql_upstream_request_duration_seconds": ("histogram", {"service", "route", "status_class"}),
    "monoql_upstream_errors_total": ("counter", {"service", "kind"}),
    "monoql_upstream_cache_total": ("counter", {"service", "result"}),
    "monoql_upstream_retries_total": ("counter", {"service"}),
    "monoql_upstream_up": ("gauge", {"service"}),
    "monoql_upstream_circuit_open": ("gauge", {"service"}),
    "monoql_process_cpu_seconds_total": ("counter", {"pid", "role"}),
    "monoql_process_resident_memory_bytes": ("gauge", {"pid", "role"}),
    "monoql_build_info": ("gauge", {"version"}),
}

ROUTES = {
    "/graphql",
    "/_upload-check",
    "/graphiql",
    "/heartbeat",
    "/heartbeat/dependencies",
    "/metrics",
    "/graphiql/assets/<path:name>",
    "other",
}
METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "other"}


def families(text: str) -> dict[str, tuple[str, set[str]]]:
    """`{exposed family name: (type, label names seen on its samples)}` for monoql's families."""
    found: dict[str, tuple[str, set[str]]] = {}
    for family in text_string_to_metric_families(text):
        if not family.name.startswith("monoql_") or family.name.endswith("_created"):
            continue  # `_created` series exist only in a single process, not under gunicorn
        name = f"{family.name}_total" if family.type == "counter" else family.name
        labels: set[str] = set()
        for sample in family.samples:
            labels |= set(sample.labels) - {"le"}
        found[name] = (family.type, labels)
    return found


def label_values(text: str, family_prefix: str, label: str) -> set[str]:
    return {
        sample.labels[label]
        for family in text_string_to_metric_families(text)
        if family.name.startswith(family_prefix)
        for sample in family.samples
        if label in sample.labels
    }


@pytest.fixture
def app() -> Flask:
    return create_app(gateway_settings(), configure_logs=False)


def test_every_metric_family_and_its_labels(app: Flask) -> None:
    client = app.test_client()
    client.post("/graphql", json={"query": "query Probe { __typename }"})
    client.get("/heartbeat")
    observability.record_call(
        service="users", method="GET", route="/me", status=None, kind="timeout",
        duration=0.1, cache_hit=False, request_id="r", attempts=2,
    )
    observability.count_retry("users")
    metrics.count_campaign_password_failure("argument")
    observability.set_up("users", True)
    observability.set_circuit_open("users", False)
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert families(response.get_data(as_text=True)) == AFTER
    renamed_or_removed = set(BEFORE) - set(AFTER)
    assert renamed_or_removed == {"monoql_http_requests_total", "monoql_http_errors_total"}


def test_a_second_app_in_the_same_process_still_records_its_http_metrics() -> None:
    create_app(gateway_settings(), configure_logs=False).test_client().get("/heartbeat")
    second = create_app(gateway_settings(), configure_logs=False)
    labels = {"method": "GET", "route": "/heartbeat", "status": "200"}
    before = REGISTRY.get_sample_value("monoql_http_request_duration_seconds_count", labels) or 0.0
    total_before = REGISTRY.get_sample_value("monoql_http_request_total", {"method": "GET", "status": "200"})
    assert second.test_client().get("/heartbeat").status_code == 200
    assert REGISTRY.get_sample_value("monoql_http_request_duration_seconds_count", labels) == before + 1
    total_after = REGISTRY.get_sample_value("monoql_http_request_total", {"method": "GET", "status": "200"})
    assert total_after == (total_before or 0.0) + 1


def test_scrapes_are_not_counted_as_traffic(app: Flask) -> None:
    client = app.test_client()
    client.get("/metrics")
    text = client.get("/metrics").get_data(as_text=True)
    assert "/metrics" not in label_values(text, "monoql_http_request_duration_seconds", "route")


def test_made_up_methods_and_paths_are_counted_as_other(app: Flask) -> None:
    client = app.test_client()
    for method in ("FOOBAR", "BREW", "X-1", "get"):
        client.open("/graphql", method=method)
    for number in range(5):
        client.get(f"/no/such/path/{number}")
    text = client.get("/metrics").get_data(as_text=True)
    methods = label_values(text, "monoql_http_request", "method")
    routes = label_values(text, "monoql_http_request_duration_seconds", "route")
    assert "other" in methods and methods <= METHODS
    assert "other" in routes and routes <= ROUTES
    other = {"method": "other", "route": "other", "status": "405"}
    assert (REGISTRY.get_sample_value("monoql_http_request_duration_seconds_count", other) or 0) >= 3


def test_a_request_with_a_made_up_method_still_sees_its_method(app: Flask) -> None:
    # The bounded value is shown to the exporter only: the answer still names the real method.
    response = app.test_client().open("/heartbeat", method="BREW")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_operation_names_are_bounded_across_workers_and_their_replacements(tmp_path: Path) -> None:
    first, second = OperationNames(str(tmp_path), limit=3), OperationNames(str(tmp_path), limit=3)
    assert first.label("Landing") == "Landing"
    assert first.label("Entry") == "Entry"
    assert second.label("Landing") == "Landing"  # already admitted by the other worker
    assert second.label("Campaign") == "Campaign"  # the third and last name of the pod
    assert second.label("Flood1") == "other"
    assert first.label("Flood2") == "other"  # first learns from the shared file that it is full
    assert first.label("Campaign") == "Campaign"
    replacement = OperationNames(str(tmp_path), limit=3)  # a recycled worker starts afresh
    assert [replacement.label(n) for n in ("Entry", "Flood3")] == ["Entry", "other"]
    assert (tmp_path / "operation-names.txt").read_text().split() == ["Landing", "Entry", "Campaign"]


def test_operation_names_outside_the_name_syntax_are_other(tmp_path: Path) -> None:
    names = OperationNames(str(tmp_path))
    assert names.label(None) == "anonymous" and names.label("") == "anonymous"
    assert names.label("x" * 65) == "other" and names.label("1abc") == "other"
    assert names.label("a-b") == "other"
    assert not (tmp_path / "operation-names.txt").exists()


def test_without_a_usable_file_the_bound_holds_per_worker(tmp_path: Path, caplog: Any) -> None:
    names = OperationNames(str(tmp_path / "missing"), limit=2)
    with caplog.at_level(logging.WARNING, logger="monoql.operation_names"):
        assert [names.label(n) for n in ("A", "B", "C", "A")] == ["A", "B", "other", "A"]
    assert [r.message for r in caplog.records] == ["operation names bounded per worker"]


@pytest.fixture
def broken_recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every metric update fails the way an unwritable multiprocess directory makes it fail."""

    def refuse(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", "/run/monoql/metrics/counter_1.db")

    monkeypatch.setattr(MetricWrapperBase, "labels", refuse)
    yield


def test_a_failure_to_record_is_logged_once_and_fails_nothing(
    app: Flask, broken_recording: None, caplog: Any
) -> None:
    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        statuses = [
            client.get("/heartbeat").status_code,
            client.head("/heartbeat").status_code,
            client.post("/graphql", json={"query": "query Probe { __typename }"}).status_code,
            client.post("/graphql", json={"query": "{ __typename }"}).status_code,
            client.get("/metrics").status_code,
        ]
        observability.record_call(
            service="users", method="GET", route="/me", status=200, kind=None,
            duration=0.1, cache_hit=True, request_id="r", attempts=1,
        )
        observability.set_up("users", False)
    assert statuses == [200, 200, 200, 200, 200]
    failures = [r for r in caplog.records if r.message == "metrics not recorded"]
    assert len(failures) == 1
    assert "PermissionError" in failures[0].error
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == failures


def test_after_the_master_reported_the_directory_workers_log_at_debug(
    app: Flask, broken_recording: None, caplog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR_UNUSABLE", "1")
    with caplog.at_level(logging.DEBUG, logger="monoql.metrics"):
        assert app.test_client().get("/heartbeat").status_code == 200
        assert app.test_client().get("/heartbeat").status_code == 200
    failures = [r for r in caplog.records if r.message == "metrics not recorded"]
    assert [r.levelno for r in failures] == [logging.DEBUG]


def test_a_scrape_can_ask_for_some_families(app: Flask) -> None:
    client = app.test_client()
    client.get("/heartbeat")
    text = client.get("/metrics?name[]=monoql_build_info&name[]=monoql_http_request_total").get_data(as_text=True)
    assert set(families(text)) == {"monoql_build_info", "monoql_http_request_total"}


def test_a_scrape_in_openmetrics_when_prometheus_asks_for_it(app: Flask) -> None:
    response = app.test_client().get("/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"})
    assert response.content_type.startswith("application/openmetrics-text")
    assert response.get_data(as_text=True).endswith("# EOF\n")


def test_recording_swallows_and_reports_a_failure_and_lets_an_interrupt_through(caplog: Any) -> None:
    with caplog.at_level(logging.DEBUG, logger="monoql.metrics"):
        with metrics.recording(), metrics.recording():  # nested: the one instance serves both
            raise OSError(28, "No space left on device")
        with metrics.recording():
            raise ValueError("second failure")
        with pytest.raises(KeyboardInterrupt), metrics.recording():
            raise KeyboardInterrupt
    failures = [r for r in caplog.records if r.message == "metrics not recorded"]
    assert len(failures) == 1
    assert failures[0].error == "OSError: [Errno 28] No space left on device"


def test_the_exporter_sees_the_bounded_method_and_the_request_keeps_its_own(app: Flask) -> None:
    from flask import request, request_tearing_down

    other = {"method": "other", "status": "405"}  # the counter has no route label
    before = REGISTRY.get_sample_value("monoql_http_request_total", other) or 0
    seen: list[str] = []

    def after_teardown(sender: Flask, **extra: Any) -> None:
        seen.append(request.method)

    request_tearing_down.connect(after_teardown, app)
    try:
        assert app.test_client().open("/heartbeat", method="BREW").status_code == 405
    finally:
        request_tearing_down.disconnect(after_teardown, app)
    assert REGISTRY.get_sample_value("monoql_http_request_total", other) == before + 1
    assert seen == ["BREW"]
