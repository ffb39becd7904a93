"""The metrics directory over real gunicorn: one nobody can write fails no request and no probe, and two
instances on one host without a configured directory keep their own values."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import ROOT, free_port, start_stack, stop, stop_stack, wait_until_up

pytestmark = pytest.mark.e2e


def _make_unwritable(directory: Path) -> None:
    """As the image's root-owned tmpfs is to the gateway's user: root needs the immutable attribute."""
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(directory)], check=False).returncode:
            pytest.skip("cannot make a directory unwritable for root here")
    else:
        directory.chmod(0o555)
    try:
        (directory / "probe").write_text("")
    except OSError:
        return
    pytest.skip("the directory stayed writable")


def _make_writable(directory: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(directory)], check=False)
    else:
        directory.chmod(0o755)


@pytest.fixture(params=["unwritable directory", "path through a file"])
def broken_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    if request.param == "path through a file":
        (tmp_path / "a-file").write_text("")
        yield tmp_path / "a-file" / "metrics"
        return
    directory = tmp_path / "metrics-ro"
    directory.mkdir()
    _make_unwritable(directory)
    try:
        yield directory
    finally:
        _make_writable(directory)


def test_a_metrics_directory_that_cannot_be_written_fails_nothing(broken_dir: Path, tmp_path: Path) -> None:
    stack = start_stack(tmp_path, env_overrides={"PROMETHEUS_MULTIPROC_DIR": str(broken_dir)})
    try:
        gateway = stack.gateway
        query = {"query": "query BrokenDirProbe { __typename }"}
        statuses = [requests.get(f"{gateway}/heartbeat", timeout=5).status_code for _ in range(6)]
        statuses.append(requests.head(f"{gateway}/heartbeat", timeout=5).status_code)
        statuses += [requests.post(f"{gateway}/graphql", json=query, timeout=10).status_code for _ in range(6)]
        statuses.append(requests.get(f"{gateway}/heartbeat/dependencies", timeout=10).status_code)
        scrape = requests.get(f"{gateway}/metrics", timeout=5)
    finally:
        stop_stack(stack)
    assert statuses == [200] * 14
    assert scrape.status_code == 200
    assert "monoql_build_info{" in scrape.text and 'role="master"' in scrape.text
    lines = [json.loads(line) for line in stack.log_file.read_text().splitlines() if line.strip()]
    errors = [line for line in lines if line["level"] == "ERROR"]
    # Once for the pod: gunicorn's master found the directory unusable when it started.
    assert [line["message"] for line in errors] == ["metrics directory unusable: no metrics are recorded"]
    failures = [line for line in lines if line["message"] == "metrics not recorded"]
    assert failures and {line["level"] for line in failures} == {"DEBUG"}
    assert len(failures) == len({line["pid"] for line in failures})  # and once per worker at DEBUG


def _gateway(tmp: Path, name: str) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn with MONOQL_ENV=local and no PROMETHEUS_MULTIPROC_DIR, as on a laptop."""
    port = free_port()
    config = tmp / f"{name}.yaml"
    config.write_text(json.dumps({"port": port, "logging": {"level": "INFO", "file": str(tmp / f"{name}.log")}}))
    env = {**os.environ, "MONOQL_ENV": "local", "MONOQL_CONFIG_FILE": str(config), "WEB_CONCURRENCY": "2"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "monoql.wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=(tmp / f"{name}.out").open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/heartbeat", process)
    return process, url


def _heartbeats_counted(url: str) -> float:
    text = requests.get(f"{url}/metrics", timeout=5).text
    prefix = 'monoql_http_request_duration_seconds_count{method="GET",route="/heartbeat",status="200"} '
    found = [line for line in text.splitlines() if line.startswith(prefix)]
    return float(found[0].removeprefix(prefix)) if found else 0.0


def test_two_instances_on_one_host_keep_their_own_metrics(tmp_path: Path) -> None:
    first, first_url = _gateway(tmp_path, "first")
    try:
        for _ in range(5):
            assert requests.get(f"{first_url}/heartbeat", timeout=5).status_code == 200
        counted = _heartbeats_counted(first_url)
        assert counted >= 5
        second, second_url = _gateway(tmp_path, "second")
        try:
            assert _heartbeats_counted(first_url) == counted  # starting the second wiped nothing
            assert 1 <= _heartbeats_counted(second_url) < counted
        finally:
            stop(second)
    finally:
        stop(first)
