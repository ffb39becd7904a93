"""The chart's pod under podman: created from the rendered spec, started, inspected and stopped the
way the kubelet stops it (preStop hooks, then SIGTERM, then SIGKILL at the grace period)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from chartpod import Container, PodSpec
from checks import expect
from podman import Podman, security_args, volume_args

HOST_FROM_POD = "10.0.2.2"  # slirp4netns's address of the host's loopback (allow_host_loopback)
SERVICES = ("users", "campaigns", "entries", "codes", "uploads", "waves", "exports")
# fluentd ships the log file to Elasticsearch: there is neither an image nor an endpoint for it here.
LEFT_OUT = {"fluentd"}
# Directories a read-only root must not let anyone write, besides the chart's volumes.
ROOT_PATHS = ("/", "/app", "/etc", "/home", "/opt", "/run", "/usr", "/var/tmp")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PodRun:
    """One pod: the chart's containers but fluentd, their images as given (stand-ins already swapped in)."""

    def __init__(self, podman: Podman, spec: PodSpec, images: dict[str, str], work: Path) -> None:
        self.podman, self.spec, self.work = podman, spec, work
        self.name = f"monoql-image-test-{os.getpid()}"
        self.host_port = free_port()
        self.containers = {
            name: replace(container, image=images.get(name, container.image))
            for name, container in spec.containers.items()
            if name not in LEFT_OUT
        }

    def container_name(self, container: Container) -> str:
        return f"{self.name}-{container.name}"

    @property
    def gateway(self) -> Container:
        return self.containers["monoql"]

    @property
    def front(self) -> Container:
        """The container the pod's traffic comes in by: the proxy when the chart has one."""
        with_port = [c for c in self.containers.values() if c.port]
        return with_port[0] if with_port else self.gateway

    def create(self, sandbox_port: int, secrets_env: dict[str, str]) -> None:
        self.podman.run(
            "pod", "create", "--name", self.name,
            "--network", "slirp4netns:allow_host_loopback=true",
            "--publish", f"127.0.0.1:{self.host_port}:{self.front.port or 8080}",
        )  # fmt: skip
        # The chart's config.yaml with the backends pointed at the sandbox on the host.
        config = {
            **self.spec.config,
            "services": {name: {"url": f"http://{HOST_FROM_POD}:{sandbox_port}/{name}"} for name in SERVICES},
        }
        for container in self.containers.values():
            self.podman.run("create", "--pull", "never", *self._args(container, config, secrets_env))

    def _args(self, container: Container, config: dict[str, Any], secrets_env: dict[str, str]) -> list[str]:
        args = ["--pod", self.name, "--name", self.container_name(container)]
        args += security_args(container, self.spec.fs_group)
        for mount in container.mounts:
            placed = mount
            if mount.kind == "configMap" and "MONOQL_CONFIG_FILE" in container.env:
                placed = replace(mount, files={name: yaml.safe_dump(config) for name in mount.files})
            args += volume_args(placed, self.work / "volumes", self.spec.fs_group)
        env = {**container.env, **(secrets_env if container.secret_refs else {})}
        for key, value in env.items():
            args += ["--env", f"{key}={value}"]
        command = container.command or []
        if command:
            args += ["--entrypoint", command[0]]
        return [*args, container.image, *command[1:], *(container.args or [])]

    def start(self) -> None:
        self.podman.run("pod", "start", self.name)

    def alive(self) -> bool:
        return all(
            self.podman.inspect(self.container_name(c), "{{.State.Running}}") == "true"
            for c in self.containers.values()
        )

    def volume(self, name: str) -> Path:
        return self.work / "volumes" / name

    def logs(self) -> None:
        for container in self.containers.values():
            self.podman.run("logs", self.container_name(container), check=False)

    def remove(self) -> None:
        self.podman.run("pod", "rm", "--force", self.name, check=False)

    def security(self, container: Container) -> str:
        """Non-root, no capabilities, no new privileges, and writable exactly where the chart mounts
        a writable volume (read from the running process and tried from inside the container)."""
        pid = self.podman.inspect(self.container_name(container), "{{.State.Pid}}")
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
        uid = status["Uid"].split()[0]
        expect(
            uid == str(container.security["runAsUser"]) and uid != "0", f"{container.name} runs as uid {uid}"
        )
        expect(
            int(status["CapEff"].strip(), 16) == 0,
            f"{container.name} capabilities {status['CapEff'].strip()}",
        )
        expect(status["NoNewPrivs"].strip() == "1", f"{container.name}: no_new_privs is not set")
        expected = sorted(m.path for m in container.mounts if not m.read_only)
        probe = 'for d in "$@"; do if touch "$d/.w" 2>/dev/null; then rm -f "$d/.w"; echo "$d"; fi; done'
        candidates = sorted({*expected, *ROOT_PATHS})
        found = self.podman.run("exec", self.container_name(container), "sh", "-c", probe, "sh", *candidates)
        writable = sorted(found.stdout.split())
        expect(writable == expected, f"{container.name} can write {writable}, the chart mounts {expected}")
        return f"{container.name}: uid {uid}, no capabilities, no_new_privs, writable {', '.join(writable)}"

    def stop(self) -> str:
        """What the kubelet does, container by container and all at once: the preStop hook, then the
        stop signal, then SIGKILL when the grace period is over. Every container must end by itself
        with status 0."""
        grace = self.spec.grace_seconds
        started = time.monotonic()

        def stop_one(container: Container) -> str:
            name = self.container_name(container)
            if container.pre_stop:
                hook = ["podman", "exec", name, *container.pre_stop]
                with contextlib.suppress(subprocess.TimeoutExpired):  # the grace period is over
                    subprocess.run(hook, capture_output=True, timeout=grace, check=False)
            remaining = max(1, int(grace - (time.monotonic() - started)))
            stop = ["podman", "stop", "--time", str(remaining), name]
            subprocess.run(stop, capture_output=True, timeout=remaining + 60, check=False)
            return f"{time.monotonic() - started:.1f}"

        with ThreadPoolExecutor(max_workers=len(self.containers)) as pool:
            ended = dict(zip(self.containers, pool.map(stop_one, self.containers.values()), strict=True))
        codes = {
            c.name: self.podman.inspect(self.container_name(c), "{{.State.ExitCode}}")
            for c in self.containers.values()
        }
        self.podman.log.write(f"stopped after (s): {ended}, exit codes: {codes}\n")
        expect(
            all(code == "0" for code in codes.values()),
            f"exit codes {codes} (137: killed at the grace period)",
        )
        return ", ".join(f"{name} ended with status 0 after {ended[name]} s" for name in codes) + (
            f" of the {grace} s grace (preStop, then the stop signal)"
        )
