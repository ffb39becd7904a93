"""Runs the built image as the chart's pod under podman and checks it end to end; `make image-test`.

The pod is the chart's Deployment for one environment (dev by default) as rendered by Helm: its
containers (the gateway, and the nginx proxy when the chart has one; fluentd ships logs to
Elasticsearch and is left out), their environment, security context and volumes. The sandbox
backends run on the host's loopback; the pod has its own network (slirp4netns) that reaches the
host's loopback as 10.0.2.2 and publishes its port on 127.0.0.1 only. A second, short-lived
container runs the `local` environment on a non-default port for GraphiQL and the HEALTHCHECK.

Prints one summary line; the details of every step go to the log file it names. Exit status 1 when
any check fails.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TextIO

import checks
import requests
from chartpod import REPO, Container, PodSpec, pod_spec
from checks import CheckFailed, Client, expect
from podman import Podman, PodmanError, security_args, volume_args

HOST_FROM_POD = "10.0.2.2"  # slirp4netns's address of the host's loopback (allow_host_loopback)
SERVICES = ("users", "campaigns", "entries", "codes", "uploads", "waves", "exports")
HEALTHCHECK_PORT = 9090  # not the default 8080: the HEALTHCHECK must follow the configured port


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Report:
    """Check results in order; the log gets every detail, the summary one line."""

    def __init__(self, log: TextIO) -> None:
        self.log = log
        self.results: list[tuple[str, bool, str]] = []

    def check(self, name: str, run: Callable[[], str]) -> bool:
        try:
            detail, ok = run(), True
        except (CheckFailed, PodmanError, requests.RequestException, OSError, KeyError, ValueError) as error:
            detail, ok = f"{type(error).__name__}: {error}", False
        self.results.append((name, ok, detail))
        self.log.write(f"[{'PASS' if ok else 'FAIL'}] {name}: {detail}\n")
        self.log.flush()
        return ok

    def summary(self, seconds: float, image: str, log_path: Path) -> str:
        failed = [name for name, ok, _ in self.results if not ok]
        total = len(self.results)
        if not failed:
            return f"image-test: PASS {total}/{total} checks of {image} in {seconds:.0f} s (log: {log_path})"
        first = next(detail for _, ok, detail in self.results if not ok)
        return (
            f"image-test: FAIL {len(failed)}/{total} checks of {image} in {seconds:.0f} s: "
            f"{', '.join(failed)} (first: {first[:160]}; log: {log_path})"
        )


@contextmanager
def sandbox(log: TextIO) -> Iterator[str]:
    """The stand-in backends on a free loopback port of the host, from this checkout's venv."""
    port = free_port()
    module = ["monoql_sandbox"] if importlib.util.find_spec("monoql_sandbox") else ["monoql", "sandbox"]
    process = subprocess.Popen(
        [sys.executable, "-m", *module, "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            expect(process.poll() is None, f"the sandbox exited with {process.returncode}")
            try:
                if requests.get(f"{url}/users/heartbeat", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            expect(time.monotonic() < deadline, "the sandbox did not come up in 60 s")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class PodRun:
    """The chart's pod in podman: created, started, checked, stopped, removed."""

    def __init__(self, podman: Podman, spec: PodSpec, work: Path, secrets_env: dict[str, str]) -> None:
        self.podman, self.spec, self.work, self.secrets_env = podman, spec, work, secrets_env
        self.name = f"monoql-image-test-{os.getpid()}"
        self.host_port = free_port()

    def container_name(self, container: Container) -> str:
        return f"{self.name}-{container.name}"

    def gateway(self) -> Container:
        return self.spec.containers["monoql"]

    def front(self) -> Container:
        """The container the pod's traffic enters by: the proxy when the chart has one."""
        return self.spec.containers.get("nginx", self.gateway())

    def create(self, sandbox_url: str) -> None:
        front_port = self.front().port or 8080
        self.podman.run(
            "pod",
            "create",
            "--name",
            self.name,
            "--network",
            "slirp4netns:allow_host_loopback=true",
            "--publish",
            f"127.0.0.1:{self.host_port}:{front_port}",
        )
        sandbox_port = sandbox_url.rsplit(":", 1)[1]
        config = {
            **self.spec.config,
            "services": {name: {"url": f"http://{HOST_FROM_POD}:{sandbox_port}/{name}"} for name in SERVICES},
        }
        for container in self.spec.containers.values():
            if container.name == "fluentd":
                continue
            self.podman.run("create", *self.container_args(container, config))

    def container_args(self, container: Container, config: dict[str, object]) -> list[str]:
        import yaml

        mounts = []
        for mount in container.mounts:
            placed = mount
            if mount.kind == "configMap" and container.name == "monoql":
                # The chart's config.yaml with the backends pointed at the sandbox on the host.
                placed = replace(mount, files={name: yaml.safe_dump(config) for name in mount.files})
            mounts += volume_args(placed, self.work / "volumes", self.spec.fs_group)
        env = dict(container.env)
        if container.secret_refs:
            env.update(self.secrets_env)
        args = ["--pod", self.name, "--name", self.container_name(container)]
        args += security_args(container, self.spec.fs_group) + mounts
        for key, value in env.items():
            args += ["--env", f"{key}={value}"]
        if container.command:
            args += ["--entrypoint", container.command[0]]
        image = container.image
        return [*args, image, *(container.command or [])[1:], *(container.args or [])]

    def alive(self) -> bool:
        for container in self.spec.containers.values():
            if container.name == "fluentd":
                continue
            state = self.podman.inspect(self.container_name(container), "{{.State.Running}}")
            if state != "true":
                return False
        return True

    def host_pid(self, container: Container) -> int:
        return int(self.podman.inspect(self.container_name(container), "{{.State.Pid}}"))

    def logs_dir(self) -> Path:
        mount = next(m for m in self.gateway().mounts if m.volume == "logs")
        return self.work / "volumes" / mount.volume


def check_security(run: PodRun) -> str:
    """The running gateway's process: non-root, no capabilities, no new privileges, read-only root,
    and writable exactly where the chart mounts a writable volume."""
    container = run.gateway()
    name = run.container_name(container)
    status = dict(
        line.split(":", 1)
        for line in Path(f"/proc/{run.host_pid(container)}/status").read_text().splitlines()
    )
    uid = status["Uid"].split()[0]
    expect(uid == str(container.security["runAsUser"]) and uid != "0", f"runs as uid {uid}")
    expect(int(status["CapEff"].strip(), 16) == 0, f"effective capabilities {status['CapEff'].strip()}")
    expect(status["NoNewPrivs"].strip() == "1", "no_new_privs is not set")
    writable_expected = sorted(m.path for m in container.mounts if not m.read_only)
    probe = (
        "import sys\nfor d in sys.argv[1:]:\n    try:\n        open(d + '/.w', 'w').close()\n"
        "        print(d)\n    except OSError:\n        pass\n"
    )
    candidates = sorted({*writable_expected, "/", "/app", "/opt/venv", "/var/tmp", "/run", "/home", "/etc"})
    result = run.podman.run("exec", name, "python", "-c", probe, *candidates)
    writable = sorted(result.stdout.split())
    expect(writable == writable_expected, f"writable {writable}, the chart mounts {writable_expected}")
    for path in writable:
        run.podman.run("exec", name, "python", "-c", f"import os; os.remove({path + '/.w'!r})")
    return f"uid {uid}, no capabilities, no_new_privs, writable only {', '.join(writable)}"


def check_stop(run: PodRun) -> str:
    """SIGTERM (podman stop, with the chart's grace period) ends every container by itself."""
    started = time.monotonic()
    run.podman.run(
        "pod", "stop", "--time", str(run.spec.grace_seconds), run.name, timeout=run.spec.grace_seconds + 60
    )
    seconds = time.monotonic() - started
    codes = {}
    for container in run.spec.containers.values():
        if container.name != "fluentd":
            codes[container.name] = run.podman.inspect(run.container_name(container), "{{.State.ExitCode}}")
    expect(
        all(code == "0" for code in codes.values()), f"exit codes {codes} (137 = killed at the grace period)"
    )
    return f"{', '.join(codes)} exited 0 after SIGTERM in {seconds:.1f} s (grace {run.spec.grace_seconds} s)"


def metrics_files(run: PodRun) -> list[str]:
    container = run.gateway()
    directory = container.env.get("PROMETHEUS_MULTIPROC_DIR", "/run/monoql/metrics")
    listing = run.podman.run("exec", run.container_name(container), "ls", directory)
    return listing.stdout.split()


def pod_checks(report: Report, run: PodRun, version: str) -> None:
    client = Client(f"http://127.0.0.1:{run.host_port}")
    ready = report.check("pod start", lambda: f"up in {checks.wait_until_up(client, run.alive):.1f} s")
    if not ready:
        return
    report.check("security", lambda: check_security(run))
    report.check("heartbeat", lambda: checks.heartbeat(client, version))
    report.check("graphql", lambda: checks.graphql_query(client))
    report.check("dependencies", lambda: checks.dependencies(client))
    report.check("upload", lambda: checks.admin_upload(client))
    for _ in range(30):
        client.get("/heartbeat")
    workers = int(run.gateway().env["WEB_CONCURRENCY"])
    report.check("metrics", lambda: checks.metrics(client, workers, metrics_files(run)))
    report.check("json log", lambda: checks.json_log(run.logs_dir() / "titan.log"))
    report.check("sigterm", lambda: check_stop(run))


def local_container_checks(
    report: Report, podman: Podman, spec: PodSpec, work: Path, secrets_env: dict[str, str]
) -> None:
    """`local` (GraphiQL on, ./logs) on the same read-only root and volumes, on a non-default port."""
    gateway = spec.containers["monoql"]
    name = f"monoql-image-test-{os.getpid()}-local"
    host_port = free_port()
    volumes = work / "local-volumes"
    args = [
        "run",
        "--detach",
        "--name",
        name,
        "--network",
        "slirp4netns",
        "--publish",
        f"127.0.0.1:{host_port}:{HEALTHCHECK_PORT}",
    ]
    args += security_args(gateway, spec.fs_group)
    for mount in gateway.mounts:
        if mount.kind != "configMap":
            args += volume_args(mount, volumes, spec.fs_group)
    # local listens on loopback for `make run`; in a container it is reached through its interface.
    env = {
        **secrets_env,
        "MONOQL_ENV": "local",
        "MONOQL_HOST": "0.0.0.0",
        "MONOQL_PORT": str(HEALTHCHECK_PORT),
        "WEB_CONCURRENCY": "1",
        "PROMETHEUS_MULTIPROC_DIR": gateway.env["PROMETHEUS_MULTIPROC_DIR"],
    }
    for key, value in env.items():
        args += ["--env", f"{key}={value}"]
    client = Client(f"http://127.0.0.1:{host_port}")
    try:
        podman.run(*args, gateway.image)

        def alive() -> bool:
            return podman.inspect(name, "{{.State.Running}}") == "true"

        if not report.check("local start", lambda: f"up in {checks.wait_until_up(client, alive):.1f} s"):
            return
        report.check("graphiql", lambda: checks.graphiql(client))
        report.check("healthcheck", lambda: healthcheck(podman, name))
        report.check(
            "local log", lambda: checks.json_log(volumes / "logs" / "titan.log", requests_logged=False)
        )
    finally:
        podman.run("logs", name, check=False)
        podman.run("rm", "--force", "--time", "5", name, check=False)


def healthcheck(podman: Podman, name: str) -> str:
    result = podman.run("healthcheck", "run", name, check=False)
    expect(
        result.returncode == 0,
        f"the image's HEALTHCHECK failed on port {HEALTHCHECK_PORT}: "
        f"{(result.stdout + result.stderr).strip()[-200:]}",
    )
    return f"the image's HEALTHCHECK passes with MONOQL_PORT={HEALTHCHECK_PORT}"


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


def main() -> int:
    started = time.monotonic()
    image = os.environ.get("MONOQL_IMAGE") or "localhost/monoql:latest"
    repository, _, tag = image.rpartition(":")
    state = Path(os.environ.get("MONOQL_IMAGE_STATE") or REPO / ".image")
    state.mkdir(parents=True, exist_ok=True)
    log_path = state / "image-test.log"
    version = os.environ.get("MONOQL_VERSION") or tag
    with log_path.open("w", encoding="utf-8") as log, tempfile.TemporaryDirectory(dir=state) as tmp:
        work = Path(tmp)
        podman = Podman(log)
        report = Report(log)
        spec = pod_spec(os.environ.get("MONOQL_IMAGE_TEST_ENV") or "dev", repository, tag)
        run: PodRun | None = None
        try:
            with sandbox(log) as sandbox_url:
                public_key = requests.get(f"{sandbox_url}/_sandbox/public-key", timeout=10).text
                # What the chart's Secret provides: made up for this run.
                secrets_env = {
                    "MONOQL_SESSION__SECRET": secrets.token_urlsafe(32),
                    "MONOQL_JWT__PUBLIC_KEY": public_key,
                }
                run = PodRun(podman, spec, work, secrets_env)
                run.create(sandbox_url)
                podman.run("pod", "start", run.name)
                pod_checks(report, run, version)
                local_container_checks(report, podman, spec, work, secrets_env)
            image_checks(report, podman, image, int(spec.containers["monoql"].security["runAsUser"]))
        except (CheckFailed, PodmanError) as error:
            report.results.append(("setup", False, str(error)))
            log.write(f"[FAIL] setup: {error}\n")
        finally:
            if run is not None:
                for container in spec.containers.values():
                    podman.run("logs", run.container_name(container), check=False)
                podman.run("pod", "rm", "--force", run.name, check=False)
        print(
            report.summary(
                time.monotonic() - started,
                image,
                log_path.relative_to(REPO) if log_path.is_relative_to(REPO) else log_path,
            )
        )
        return 0 if report.results and all(ok for _, ok, _ in report.results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
