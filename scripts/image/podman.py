"""podman for the image test: every call logged with its output, chart specs turned into arguments."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import TextIO

from chartpod import Container, Mount


class PodmanError(RuntimeError):
    """A podman command failed; the message carries its last line of output."""


class Podman:
    def __init__(self, log: TextIO) -> None:
        self.log = log

    def run(self, *args: str, check: bool = True, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        self.log.write(f"$ podman {' '.join(args)}\n")
        result = subprocess.run(
            ["podman", *args], capture_output=True, text=True, timeout=timeout, check=False
        )
        output = (result.stdout + result.stderr).strip()
        if output:
            self.log.write(output[-4000:] + "\n")
        self.log.flush()
        if check and result.returncode != 0:
            last = [line for line in output.splitlines() if "systemd" not in line][-1:] or ["(no output)"]
            raise PodmanError(f"podman {args[0]} failed ({result.returncode}): {last[0]}")
        return result

    def inspect(self, name: str, template: str) -> str:
        return self.run("inspect", "--format", template, name).stdout.strip()


def _size(limit: str | None) -> str | None:
    """Kubernetes quantities (128Mi, 2Gi) in the units podman's tmpfs-size takes."""
    if not limit:
        return None
    for suffix, unit in (("Gi", "g"), ("Mi", "m"), ("Ki", "k")):
        if limit.endswith(suffix):
            return limit[: -len(suffix)] + unit
    return limit


def volume_args(mount: Mount, volumes_dir: Path, fs_group: int | None) -> list[str]:
    """A chart volumeMount as podman arguments; emptyDirs are host directories shared by name across
    the pod's containers, as in Kubernetes, and group-owned by fsGroup the way the kubelet leaves them."""
    if mount.kind == "memory":
        options = [f"type=tmpfs,destination={mount.path}", "U=true"]
        size = _size(mount.size_limit)
        if size:
            options.append(f"tmpfs-size={size}")
        return ["--mount", ",".join(options)]
    source = volumes_dir / mount.volume
    if mount.kind == "configMap":
        source.mkdir(parents=True, exist_ok=True)
        for name, content in mount.files.items():
            (source / name).write_text(content, encoding="utf-8")
    elif not source.exists():
        source.mkdir(parents=True)
        os.chmod(source, 0o2777)
        if fs_group is not None and os.geteuid() == 0:  # rootful podman, as the image test runs
            shutil.chown(source, group=fs_group)
    return ["-v", f"{source}:{mount.path}:{'ro' if mount.read_only else 'rw'}"]


def security_args(container: Container, fs_group: int | None) -> list[str]:
    """The container's securityContext (and the pod's fsGroup) as podman arguments."""
    security = container.security
    args: list[str] = []
    user = security.get("runAsUser")
    if user is not None:
        group = security.get("runAsGroup", user)
        args += ["--user", f"{user}:{group}"]
    if fs_group is not None:
        args += ["--group-add", str(fs_group)]
    if security.get("readOnlyRootFilesystem"):
        # podman would otherwise put tmpfs on /tmp, /var/tmp and /run: only the chart's volumes may
        # be writable.
        args += ["--read-only", "--read-only-tmpfs=false"]
    if security.get("allowPrivilegeEscalation") is False:
        args += ["--security-opt", "no-new-privileges"]
    capabilities = security.get("capabilities", {})
    for cap in capabilities.get("drop", []):
        args += ["--cap-drop", cap]
    for cap in capabilities.get("add", []):
        args += ["--cap-add", cap]
    if security.get("privileged"):
        args.append("--privileged")
    return args
