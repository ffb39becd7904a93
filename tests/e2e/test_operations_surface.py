"""The operations surface of a real gunicorn with two workers: probes, metrics, logs, GraphiQL, bad config."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import ROOT, Stack

CI = os.environ.get("CI") == "true"


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if CI:
            pytest.fail(f"{tool} is required in CI")
        pytest.skip(f"{tool} is not installed here")
    return path


def test_heartbeat_is_fast_and_backend_free(stack: Stack) -> None:
    response = requests.get(f"{stack.gateway}/heartbeat", timeout=5)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert requests.head(f"{stack.gateway}/heartbeat", timeout=5).status_code == 200


def test_metrics_aggregate_every_worker_and_pass_promtool(stack: Stack, tmp_path: Path) -> None:
    def probe(i: int) -> int:
        body = {"query": "query MetricsProbe { __typename }"}
        return requests.post(f"{stack.gateway}/graphql", json=body, timeout=10).status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(probe, range(40))) == {200}
    text = requests.get(f"{stack.gateway}/metrics", timeout=10).text
    workers = set(re.findall(r'monoql_process_cpu_seconds_total\{pid="(\d+)",role="worker"\}', text))
    assert len(workers) == 2, text[:2000]
    assert re.search(r'monoql_process_resident_memory_bytes\{pid="\d+",role="master"\} [1-9]', text)
    operations = re.search(
        r'monoql_graphql_operations_total\{operation_name="MetricsProbe",'
        r'operation_type="query",outcome="ok"\} (\S+)',
        text,
    )
    assert operations and float(operations.group(1)) == 40.0  # summed over both workers
    assert "monoql_http_request_duration_seconds_bucket{" in text
    assert re.search(r'monoql_build_info\{version="[^"]+"\} 1', text)
    promtool = _require("promtool")
    result = subprocess.run(
        [promtool, "check", "metrics"], input=text, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_log_lines_are_json_with_request_fields(stack: Stack) -> None:
    requests.post(
        f"{stack.gateway}/graphql",
        json={"query": "query LogProbe { viewer { isLoggedIn } }"},
        headers={"X-Request-ID": "log-probe-1"},
        timeout=10,
    )
    lines = [json.loads(line) for line in stack.log_file.read_text().splitlines() if line.strip()]
    for line in lines:
        assert {"timestamp", "level", "logger", "message", "pid"} <= line.keys()
        assert line["level"] in {"ERROR", "WARN", "INFO", "DEBUG"}
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", line["timestamp"])
    served = [
        line
        for line in lines
        if line.get("request_id") == "log-probe-1" and line["message"] == "request served"
    ]
    assert served, "no access line for the probe"
    access = served[-1]
    assert access["method"] == "POST" and access["route"] == "/graphql" and access["status"] == 200
    assert access["operation_name"] == "LogProbe" and access["operation_type"] == "query"
    assert isinstance(access["duration_ms"], float)
    assert any(line["logger"].startswith("gunicorn") for line in lines)  # gunicorn's own lines are JSON too


def test_graphiql_renders_and_runs_a_query_in_chromium(stack: Stack) -> None:
    chromium = _require("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page()
            outside: list[str] = []
            page.on(
                "request", lambda r: outside.append(r.url) if not r.url.startswith(stack.gateway) else None
            )
            page.goto(f"{stack.gateway}/graphiql")
            page.wait_for_selector(".graphiql-container", timeout=30_000)
            page.click(".graphiql-execute-button")
            page.wait_for_function(
                "() => document.querySelector('.result-window') && "
                "document.querySelector('.result-window').innerText.includes('isLoggedIn')",
                timeout=30_000,
            )
            assert "false" in page.inner_text(".result-window")
            assert [url for url in outside if not url.startswith("data:")] == []  # no CDN
        finally:
            browser.close()


def test_production_with_a_bad_key_fails_fast_with_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "MONOQL_ENV": "prod",
        "MONOQL_SESSION__SECRET": "x",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }
    env.pop("MONOQL_CONFIG_FILE", None)
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "monoql.wsgi:app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("monoql: invalid configuration: ")


def test_dependencies_list_every_backend_and_show_one_down(stack: Stack) -> None:
    report = requests.get(f"{stack.gateway}/heartbeat/dependencies", timeout=10)
    assert report.status_code == 200
    services = report.json()["dependencies"]
    assert set(services) == {"users", "campaigns", "entries", "codes", "uploads", "waves", "exports"}
    assert all(entry["up"] for entry in services.values())
    stack.sandbox_call("PUT", "/_sandbox/faults/entries", json={"down": True}).raise_for_status()
    try:
        degraded = requests.get(f"{stack.gateway}/heartbeat/dependencies", timeout=10)
    finally:
        stack.sandbox_call("DELETE", "/_sandbox/faults/entries")
    assert degraded.status_code == 503
    body = degraded.json()
    assert body["status"] == "degraded"
    assert body["dependencies"]["entries"]["up"] is False and body["dependencies"]["entries"]["error"]
    assert all(entry["up"] for name, entry in body["dependencies"].items() if name != "entries")
    assert "heartbeat" not in requests.get(f"{stack.gateway}/heartbeat", timeout=5).text  # plain probe unaffected
