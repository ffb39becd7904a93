"""Label floods against real gunicorn with worker recycling: made-up HTTP methods, unknown paths and
random operation names, then one scrape whose size and label sets stay bounded (`docs/hostile-traffic.md` §5)."""

from __future__ import annotations

import json
import random
import shutil
import string
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import Stack, start_stack, stop_stack

pytestmark = pytest.mark.e2e

METHOD_TOKENS = 400
#: Per live worker (two): counters, histograms and three kinds of gauge; and the two archives.
MAX_METRIC_FILES = 2 * 5 + 2
OPERATION_NAMES = 300  # all different, of the longest length admitted: the pod admits 200 of them
MAX_REQUESTS = 120  # each worker is replaced after about this many requests
STANDARD_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}
ROUTES = {
    "/graphql",
    "/graphiql",
    "/graphiql/assets/<path:name>",
    "/heartbeat",
    "/heartbeat/dependencies",
    "/metrics",
}


@pytest.fixture(scope="module")
def flooded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    """A stack after the floods, with the one scrape taken right after them."""
    args = f"--max-requests {MAX_REQUESTS} --max-requests-jitter 10"
    tmp = tmp_path_factory.mktemp("flood")
    stack = start_stack(tmp, env_overrides={"GUNICORN_CMD_ARGS": args, "PROMETHEUS_MULTIPROC_DIR": str(tmp / "m")})
    rng = random.Random(20)
    methods = ["".join(rng.choices(string.ascii_uppercase, k=rng.randint(3, 12))) for _ in range(METHOD_TOKENS)]
    names = [
        f"Flood{index:03d}_" + "".join(rng.choices(string.ascii_letters + string.digits, k=55))
        for index in range(OPERATION_NAMES)
    ]
    http = requests.Session()
    # Generous: a request can wait for a recycled worker to boot, which takes seconds on a loaded machine.
    timeout = 60

    def made_up_method(number: int) -> int:
        path = "/graphql" if number % 2 else f"/flood/{number}"
        return http.request(methods[number], f"{stack.gateway}{path}", timeout=timeout).status_code

    def named_operation(name: str) -> int:
        kind = "mutation" if int(name[5:8]) % 2 else "query"
        body = {"query": f"{kind} {name} {{ __typename }}"}
        return http.post(f"{stack.gateway}/graphql", json=body, timeout=timeout).status_code

    try:
        with ThreadPoolExecutor(4) as pool:
            method_statuses = set(pool.map(made_up_method, range(METHOD_TOKENS)))
            operation_statuses = set(pool.map(named_operation, names))
        assert method_statuses <= {404, 405} and operation_statuses == {200}
        yield stack, settled_scrape(stack, timeout)
    finally:
        stop_stack(stack)


def settled_scrape(stack: Stack, timeout: float) -> str:
    """A scrape taken while both workers are up: the flood's last requests can recycle a worker, and a
    scrape taken while its replacement boots shows one worker (or three, before the master has retired
    the old one's files). Up to ten scrapes, the last one returned whatever it shows."""
    for _ in range(10):
        text = requests.get(f"{stack.gateway}/metrics", timeout=timeout).text
        if len(worker_pids(text)) == 2 and len(metric_files(stack)) <= MAX_METRIC_FILES:
            return text
        time.sleep(0.5)
    return text


def worker_pids(text: str) -> set[str]:
    return {labels["pid"] for labels, _ in samples(text, "monoql_process_cpu_seconds") if labels["role"] == "worker"}


def metric_files(stack: Stack) -> set[str]:
    return {path.name for path in (Path(stack.log_file).parents[1] / "m").glob("*.db")}


def samples(text: str, family: str) -> list[tuple[dict[str, str], float]]:
    return [
        (sample.labels, sample.value)
        for metric in text_string_to_metric_families(text)
        if metric.name == family
        for sample in metric.samples
        if sample.name in (family, f"{family}_total", f"{family}_count")
    ]


def log_lines(stack: Stack) -> list[dict]:
    return [json.loads(line) for line in Path(stack.log_file).read_text().splitlines() if line.strip()]


def test_the_scrape_stays_small_and_valid(flooded: tuple[Stack, str]) -> None:
    _, text = flooded
    assert len(text.encode()) < 1_000_000
    promtool = shutil.which("promtool")
    if promtool:  # tests/e2e/test_operations_surface.py requires it in CI
        result = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    operation_series = samples(text, "monoql_graphql_operation_duration_seconds")
    assert {labels["operation_type"] for labels, _ in operation_series} == {"query", "mutation"}
    assert len(operation_series) == 2  # the histogram by type only: names would multiply its 16 series


def test_methods_and_routes_stay_in_their_closed_sets(flooded: tuple[Stack, str]) -> None:
    _, text = flooded
    http = samples(text, "monoql_http_request_duration_seconds")
    methods = {labels["method"] for labels, _ in http}
    routes = {labels["route"] for labels, _ in http}
    assert methods <= STANDARD_METHODS | {"other"}
    assert routes <= ROUTES | {"other"}
    flood = sum(value for labels, value in http if labels["method"] == "other")
    assert flood == METHOD_TOKENS  # every made-up method counted, none under its own name
    totals = {labels["method"] for labels, _ in samples(text, "monoql_http_request")}
    assert totals <= STANDARD_METHODS | {"other"}


def test_operation_names_are_bounded_for_the_whole_pod(flooded: tuple[Stack, str]) -> None:
    _, text = flooded
    named: dict[str, float] = {}
    for labels, value in samples(text, "monoql_graphql_operations"):
        named[labels["operation_name"]] = named.get(labels["operation_name"], 0.0) + value
    assert len(named) == 201  # the pod's first 200 names, then `other`
    assert named.pop("other") == OPERATION_NAMES - 200
    assert set(named.values()) == {1.0}
    assert all(name.startswith("Flood") and len(name) == 64 for name in named)


def test_workers_were_recycled_and_only_live_ones_are_shown(flooded: tuple[Stack, str]) -> None:
    stack, text = flooded
    lines = log_lines(stack)
    restarts = [line for line in lines if line["message"].startswith("Autorestarting worker")]
    assert len(restarts) >= 3  # the bound held across replacement workers
    served_by = {line["pid"] for line in lines if line["message"] == "request served"}
    assert len(served_by) > 2
    assert len(worker_pids(text)) == 2
    # The replaced workers' values live on in one archive file per type, not in a file per dead worker.
    files = metric_files(stack)
    assert {"counter_archive.db", "histogram_archive.db"} <= files
    assert len(files) <= MAX_METRIC_FILES


def test_lines_logged_between_requests_name_no_request(flooded: tuple[Stack, str]) -> None:
    stack, _ = flooded
    lines = log_lines(stack)
    restarts = [line for line in lines if line["message"].startswith("Autorestarting worker")]
    assert restarts and all("request_id" not in line for line in restarts)
    served = [line for line in lines if line["message"] == "request served"]
    assert all(line.get("request_id") for line in served)
    assert len(served) == len({line["request_id"] for line in served})
    assert len(served) >= METHOD_TOKENS + OPERATION_NAMES
    assert not [line for line in lines if line["logger"] == "gunicorn.access"]  # one line per request
