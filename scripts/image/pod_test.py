"""Runs the built image as the chart's pod under podman and checks it end to end; `make image-test`.

The pod is the chart's Deployment for one environment (dev by default) as Helm renders it: the
gateway and the nginx proxy in front of it (fluentd, which ships logs to Elasticsearch, is left out),
with their commands, environment, security contexts, volumes, preStop hooks and grace period. The
sandbox backends run on the host's loopback; the pod has its own network (slirp4netns), reaches the
host's loopback as 10.0.2.2 and is published on 127.0.0.1 only. Two short-lived containers of the
same image follow: `local` on a non-default port (GraphiQL, the HEALTHCHECK, ./logs on a read-only
root), and the gateway with a metrics directory it cannot write (`standalone.py`).

Prints one summary line; every step's detail goes to the log file it names. Exit status 1 when any
check fails.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TextIO

import checks
import requests
from chartpod import REPO, PodSpec, pod_spec
from checks import CheckFailed, Client, expect
from pod import PodRun, free_port
from podman import Podman, PodmanError
from report import Report
from standalone import healthcheck, local_checks, unwritable_metrics_checks


@contextmanager
def sandbox(log: TextIO) -> Iterator[int]:
    """The stand-in backends on a free loopback port of the host, from this checkout's venv."""
    port = free_port()
    command = [sys.executable, "-m", "monoql_sandbox", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            expect(process.poll() is None, f"the sandbox exited with {process.returncode}")
            try:
                if requests.get(f"http://127.0.0.1:{port}/users/heartbeat", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            expect(time.monotonic() < deadline, "the sandbox did not come up in 60 s")
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def proxy_image(spec: PodSpec, log: TextIO) -> dict[str, str]:
    """The chart's nginx image, or its Debian-built stand-in when it cannot be pulled."""
    nginx = spec.containers.get("nginx")
    if nginx is None:
        return {}
    result = subprocess.run(
        [str(REPO / "scripts" / "image" / "bases.sh"), "--nginx", nginx.image],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    log.write(result.stderr)
    lines = [line for line in result.stdout.splitlines() if line.startswith("NGINX_IMAGE=")]
    expect(result.returncode == 0 and bool(lines), f"no nginx image: {result.stderr.strip()[-200:]}")
    return {"nginx": lines[-1].split("=", 1)[1]}


def pod_checks(report: Report, run: PodRun, version: str, sandbox_port: int) -> None:
    client = Client(f"http://127.0.0.1:{run.host_port}")
    if not report.check("pod start", lambda: f"up in {checks.wait_until_up(client, run.alive):.1f} s"):
        return
    for container in run.containers.values():
        report.check(f"security {container.name}", partial(run.security, container))
    proxied = "nginx" in run.containers
    report.check("heartbeat", lambda: checks.heartbeat(client, version, proxied))
    report.check("graphql", lambda: checks.graphql_query(client))
    report.check("dependencies", lambda: checks.dependencies(client))
    report.check("upload", lambda: upload(run, client, sandbox_port))
    for _ in range(30):
        client.get("/heartbeat")
    workers = int(run.gateway.env["WEB_CONCURRENCY"])
    metrics_dir = run.gateway.env["PROMETHEUS_MULTIPROC_DIR"]

    def files() -> list[str]:
        return run.podman.run("exec", run.container_name(run.gateway), "ls", metrics_dir).stdout.split()

    report.check("metrics", lambda: checks.metrics(client, workers, files()))
    listens = f"{run.gateway.env.get('MONOQL_HOST', '0.0.0.0')}:{run.gateway.env.get('MONOQL_PORT', '8080')}"
    report.check("pod healthcheck", lambda: healthcheck(run.podman, run.container_name(run.gateway), listens))
    report.check("json log", lambda: checks.json_log(run.volume("logs") / "titan.log", proxied=proxied))
    report.check("sigterm", lambda: stop_with_a_request_in_flight(run, sandbox_port))


# Time the uploads backend takes, so the spooled part stays open long enough to be seen.
UPLOAD_LATENCY_MS = 3000


def upload(run: PodRun, client: Client, sandbox_port: int) -> str:
    fault = f"http://127.0.0.1:{sandbox_port}/_sandbox/faults/uploads"
    requests.put(fault, json={"latencyMs": UPLOAD_LATENCY_MS}, timeout=10).raise_for_status()
    # Open files of the gateway's processes: a spooled part is an unlinked file in /tmp.
    listing = 'ls -l /proc/[0-9]*/fd/ 2>/dev/null | grep -q -- "-> /tmp/"'
    name = run.container_name(run.gateway)

    def spooled() -> bool:
        return run.podman.run("exec", name, "sh", "-c", listing, check=False).returncode == 0

    try:
        return checks.admin_upload(client, spooled)
    finally:
        requests.delete(fault, timeout=10)


# Long enough to be in flight when SIGTERM comes (after the 5 s preStop), short of every timeout.
IN_FLIGHT_LATENCY_MS = 7000


def stop_with_a_request_in_flight(run: PodRun, sandbox_port: int) -> str:
    """Stopping the pod lets a request in flight finish: nginx quits gracefully, gunicorn drains."""
    sandbox = f"http://127.0.0.1:{sandbox_port}/_sandbox/faults/users"
    requests.put(sandbox, json={"latencyMs": IN_FLIGHT_LATENCY_MS}, timeout=10).raise_for_status()
    client = Client(f"http://127.0.0.1:{run.host_port}")
    with ThreadPoolExecutor(max_workers=1) as pool:
        in_flight = pool.submit(checks.graphql_query, client)
        time.sleep(1)  # the request reaches the backend before the stop begins
        stopped = run.stop()
        answered = in_flight.result(timeout=60)
    requests.delete(sandbox, timeout=10)
    return f"{stopped}; the request in flight was answered ({answered.split(';')[0]})"


def image_checks(report: Report, podman: Podman, image: str, uid: int) -> None:
    def user() -> str:
        configured = podman.inspect(image, "{{.Config.User}}")
        expect(
            configured.split(":")[0] == str(uid), f"the image's USER is {configured!r}, the chart runs {uid}"
        )
        return f"USER {configured}"

    def files() -> str:
        root = Path(podman.run("image", "mount", image).stdout.strip())
        try:
            return checks.image_files(root)
        finally:
            podman.run("image", "unmount", image, check=False)

    report.check("image user", user)
    report.check("image files", files)


def run_all(report: Report, podman: Podman, log: TextIO, image: str, version: str, work: Path) -> None:
    repository, _, tag = image.rpartition(":")
    spec = pod_spec(os.environ.get("MONOQL_IMAGE_TEST_ENV") or "dev", repository, tag)
    run = PodRun(podman, spec, {"monoql": image, **proxy_image(spec, log)}, work)
    with sandbox(log) as sandbox_port:
        public_key = requests.get(f"http://127.0.0.1:{sandbox_port}/_sandbox/public-key", timeout=10).text
        # What the chart's Secret holds, made up for this run (the key is the sandbox's, which signs tokens).
        secrets_env = {
            "MONOQL_SESSION__SECRET": secrets.token_urlsafe(32),
            "MONOQL_JWT__PUBLIC_KEY": public_key,
        }
        try:
            run.create(sandbox_port, secrets_env)
            run.start()
            pod_checks(report, run, version, sandbox_port)
        finally:
            run.logs()
            run.remove()
        local_checks(report, podman, spec, work, secrets_env)
        unwritable_metrics_checks(report, podman, spec, work, secrets_env)
    image_checks(report, podman, image, int(spec.containers["monoql"].security["runAsUser"]))


def remove_leftovers(podman: Podman) -> None:
    """Pods and containers of image tests that were killed: named after a process that is gone."""
    for kind, listing in (
        ("pod", ["pod", "ps", "--format", "{{.Name}}"]),
        ("container", ["ps", "--all", "--format", "{{.Names}}"]),
    ):
        for name in podman.run(*listing, check=False).stdout.split():
            match = re.fullmatch(r"monoql-image-test-(\d+)(-.+)?", name)
            if match and not Path(f"/proc/{match.group(1)}").exists():
                podman.run(*(["pod", "rm"] if kind == "pod" else ["rm"]), "--force", name, check=False)


def main() -> int:
    started = time.monotonic()
    image = os.environ.get("MONOQL_IMAGE") or "localhost/monoql:latest"
    version = os.environ.get("MONOQL_VERSION") or image.rpartition(":")[2]
    state = Path(os.environ.get("MONOQL_IMAGE_STATE") or REPO / ".image")
    state.mkdir(parents=True, exist_ok=True)
    log_path = state / "image-test.log"
    shown = log_path.relative_to(REPO) if log_path.is_relative_to(REPO) else log_path
    with log_path.open("w", encoding="utf-8") as log, tempfile.TemporaryDirectory(dir=state) as work:
        podman = Podman(log)
        report = Report(log)
        remove_leftovers(podman)
        try:
            run_all(report, podman, log, image, version, Path(work))
        except (CheckFailed, PodmanError, requests.RequestException, OSError) as error:
            report.results.append(("setup", False, f"{type(error).__name__}: {error}"))
            log.write(f"[FAIL] setup: {error}\n")
        print(report.summary(time.monotonic() - started, image, shown))
        return 0 if report.passed() else 1


if __name__ == "__main__":
    raise SystemExit(main())
