"""Containers of the image run on their own, outside the chart's pod: `local` on a non-default port
(GraphiQL, the HEALTHCHECK, ./logs on a read-only root), and the gateway with a metrics directory it
cannot write."""

from __future__ import annotations

import os
from pathlib import Path

import checks
from chartpod import Container, PodSpec
from checks import Client, expect
from pod import free_port
from podman import Podman, security_args, volume_args
from report import Report

HEALTHCHECK_PORT = 9090  # not the default 8080: the HEALTHCHECK must follow the configured port


class Standalone:
    """One container of the image outside the pod, with the gateway's security context and volumes."""

    def __init__(self, podman: Podman, spec: PodSpec, work: Path, role: str) -> None:
        self.podman, self.spec = podman, spec
        self.gateway: Container = spec.containers["monoql"]
        self.name = f"monoql-image-test-{os.getpid()}-{role}"
        self.volumes = work / f"{role}-volumes"
        self.host_port = free_port()
        self.client = Client(f"http://127.0.0.1:{self.host_port}")

    def start(
        self, env: dict[str, str], port: int, replace_mounts: dict[str, list[str]] | None = None
    ) -> float:
        args = ["run", "--detach", "--pull", "never", "--name", self.name, "--network", "slirp4netns"]
        args += ["--publish", f"127.0.0.1:{self.host_port}:{port}"]
        args += security_args(self.gateway, self.spec.fs_group)
        for mount in self.gateway.mounts:
            if replace_mounts and mount.path in replace_mounts:
                args += replace_mounts[mount.path]
            elif mount.kind != "configMap":
                args += volume_args(mount, self.volumes, self.spec.fs_group)
        # Listening on loopback suits `make run`; a container is reached through its interface.
        env = {"MONOQL_HOST": "0.0.0.0", "MONOQL_PORT": str(port), "WEB_CONCURRENCY": "1", **env}
        env["PROMETHEUS_MULTIPROC_DIR"] = self.gateway.env["PROMETHEUS_MULTIPROC_DIR"]
        for key, value in env.items():
            args += ["--env", f"{key}={value}"]
        self.podman.run(*args, self.gateway.image)
        return checks.wait_until_up(self.client, self.alive)

    def alive(self) -> bool:
        return self.podman.inspect(self.name, "{{.State.Running}}") == "true"

    def remove(self) -> None:
        self.podman.run("logs", self.name, check=False)
        self.podman.run("rm", "--force", "--time", "5", self.name, check=False)


def local_checks(
    report: Report, podman: Podman, spec: PodSpec, work: Path, secrets_env: dict[str, str]
) -> None:
    """`local` (GraphiQL on, logging to ./logs) on a read-only root with the chart's volumes only."""
    single = Standalone(podman, spec, work, "local")
    try:
        env = {**secrets_env, "MONOQL_ENV": "local"}
        if not report.check("local start", lambda: f"up in {single.start(env, HEALTHCHECK_PORT):.1f} s"):
            return
        report.check("graphiql", lambda: checks.graphiql(single.client))
        report.check("healthcheck", lambda: healthcheck(podman, single.name))
        log_file = single.volumes / "logs" / "titan.log"
        report.check("local log", lambda: checks.json_log(log_file, requests_logged=False))
    finally:
        single.remove()


def unwritable_metrics_checks(
    report: Report, podman: Podman, spec: PodSpec, work: Path, secrets_env: dict[str, str]
) -> None:
    """A metrics directory the gateway cannot write (root-owned) must not fail requests."""
    single = Standalone(podman, spec, work, "metrics")
    directory = single.gateway.env["PROMETHEUS_MULTIPROC_DIR"]
    blocked = {directory: ["--mount", f"type=tmpfs,destination={directory},tmpfs-mode=0755"]}
    try:
        # Nothing here calls a backend: the environment's own backend URLs may stay unreachable.
        env = {**secrets_env, "MONOQL_ENV": single.gateway.env["MONOQL_ENV"]}

        def serve() -> str:
            seconds = single.start(env, 8080, blocked)
            probe = podman.run("exec", single.name, "touch", f"{directory}/probe", check=False)
            expect(probe.returncode != 0, f"{directory} is writable: the check would prove nothing")
            answer = single.client.graphql("{ viewer { isLoggedIn } }")
            expect(answer["data"]["viewer"] == {"isLoggedIn": False}, f"/graphql answered {answer}")
            return f"up in {seconds:.1f} s; /heartbeat and /graphql answer 200 without a writable {directory}"

        report.check("metrics unwritable", serve)
    finally:
        single.remove()


def healthcheck(podman: Podman, name: str, where: str = f"0.0.0.0:{HEALTHCHECK_PORT}") -> str:
    result = podman.run("healthcheck", "run", name, check=False)
    output = (result.stdout + result.stderr).strip()
    expect(result.returncode == 0, f"the HEALTHCHECK failed with gunicorn on {where}: {output[-200:]}")
    return f"the image's HEALTHCHECK passes with gunicorn on {where}"
