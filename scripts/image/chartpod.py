"""The pod the Helm chart defines for one environment, read from the rendered chart: the containers
the image test runs, their environment, security context, volume mounts and the grace period.

Nothing here runs podman; podman.py turns these specs into podman arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "monoql"
RELEASE = "monoql"
NAMESPACE = "prd1541"


@dataclass(frozen=True)
class Mount:
    """One volumeMount: `kind` is `emptyDir`, `memory` (emptyDir on tmpfs) or `configMap`."""

    path: str
    volume: str
    kind: str
    read_only: bool
    size_limit: str | None = None
    #: configMap items: file name in the mounted directory -> content.
    files: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Container:
    name: str
    image: str
    port: int | None
    env: dict[str, str]
    secret_refs: list[str]
    mounts: list[Mount]
    security: dict[str, Any]
    command: list[str] | None
    args: list[str] | None
    #: The preStop exec hook: Kubernetes runs it before it sends SIGTERM.
    pre_stop: list[str] | None = None


@dataclass(frozen=True)
class PodSpec:
    environment: str
    containers: dict[str, Container]
    grace_seconds: int
    fs_group: int | None
    config: dict[str, Any]


def values_for(environment: str, image_repository: str, image_tag: str) -> dict[str, Any]:
    """values.yaml + values-<env>.yaml + what the pipeline sets, as `helm upgrade` would merge them."""
    values = yaml.safe_load((CHART / f"values-{environment}.yaml").read_text(encoding="utf-8"))
    values["image"] = {**values.get("image", {}), "repository": image_repository, "tag": image_tag}
    ingress = values.setdefault("ingress", {})
    # prodw's certificate comes from the pipeline; any well-formed ARN renders the chart.
    ingress.setdefault(
        "certificateArn",
        "arn:aws:acm:us-west-2:000000000000:certificate/00000000-0000-4000-8000-000000000000",
    )
    return dict(values)


def render(values: dict[str, Any]) -> list[dict[str, Any]]:
    import helm_python  # the Helm Go SDK of the test extra: no helm CLI needed

    with helm_python.Chart.load(str(CHART)) as chart:
        rendered: dict[str, str] = chart.render(values, name=RELEASE, namespace=NAMESPACE)
    objects: list[dict[str, Any]] = []
    for path, text in sorted(rendered.items()):
        if not path.endswith("NOTES.txt"):
            objects.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return objects


def _one(objects: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"].startswith(RELEASE)]
    if kind == "ConfigMap":
        found = [o for o in found if "MONOQL_ENV" in o.get("data", {})] or found
    if len(found) != 1:
        raise RuntimeError(f"expected one {kind} in the rendered chart, found {len(found)}")
    return found[0]


def _config_maps(objects: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    return {o["metadata"]["name"]: o.get("data", {}) for o in objects if o["kind"] == "ConfigMap"}


def _env(container: dict[str, Any], config_maps: dict[str, dict[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = str(item["value"])
            continue
        ref = item.get("valueFrom", {}).get("configMapKeyRef")
        if ref is None:
            raise RuntimeError(f"{container['name']}: env {item['name']} has a source the test cannot supply")
        env[item["name"]] = config_maps[ref["name"]][ref["key"]]
    return env


def _mounts(
    container: dict[str, Any], volumes: dict[str, dict[str, Any]], config_maps: dict[str, dict[str, str]]
) -> list[Mount]:
    mounts: list[Mount] = []
    for item in container.get("volumeMounts", []):
        volume = volumes[item["name"]]
        read_only = bool(item.get("readOnly", False))
        if "emptyDir" in volume:
            empty = volume["emptyDir"] or {}
            kind = "memory" if empty.get("medium") == "Memory" else "emptyDir"
            mounts.append(Mount(item["mountPath"], item["name"], kind, read_only, empty.get("sizeLimit")))
        elif "configMap" in volume:
            data = config_maps[volume["configMap"]["name"]]
            items = volume["configMap"].get("items") or [{"key": k, "path": k} for k in data]
            files = {entry["path"]: data[entry["key"]] for entry in items}
            mounts.append(Mount(item["mountPath"], item["name"], "configMap", True, files=files))
        else:
            raise RuntimeError(
                f"{container['name']}: volume {item['name']} is of a kind the test cannot mount"
            )
    return mounts


def pod_spec(environment: str, image_repository: str, image_tag: str) -> PodSpec:
    objects = render(values_for(environment, image_repository, image_tag))
    config_maps = _config_maps(objects)
    template = _one(objects, "Deployment")["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in template.get("volumes", [])}
    containers: dict[str, Container] = {}
    for raw in template["containers"]:
        ports = raw.get("ports") or []
        containers[raw["name"]] = Container(
            name=raw["name"],
            image=raw["image"],
            port=int(ports[0]["containerPort"]) if ports else None,
            env=_env(raw, config_maps),
            secret_refs=[e["secretRef"]["name"] for e in raw.get("envFrom", []) if "secretRef" in e],
            mounts=_mounts(raw, volumes, config_maps),
            security=raw.get("securityContext", {}),
            command=raw.get("command"),
            args=raw.get("args"),
            pre_stop=raw.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command"),
        )
    monoql_config = _one(objects, "ConfigMap")["data"].get("config.yaml", "{}")
    return PodSpec(
        environment=environment,
        containers=containers,
        grace_seconds=int(template.get("terminationGracePeriodSeconds", 30)),
        fs_group=template.get("securityContext", {}).get("fsGroup"),
        config=yaml.safe_load(monoql_config) or {},
    )
