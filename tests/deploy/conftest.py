"""Helpers of the offline deployment checks: tool lookup, chart rendering per environment, manifests."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.support.gunicorn_conf import load_conf

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "charts" / "monoql"
ENVIRONMENTS = ("dev", "qa", "preprod", "prod", "prodw")
RELEASE = "monoql"
NAMESPACE = "prd1541"
IMAGE_TAG = "1.2.3-abc1234"
# prodw's certificate comes from the pipeline (no us-west-2 ARN in the operations document); the
# tests stand in a well-formed one.
PRODW_TEST_CERTIFICATE = "arn:aws:acm:us-west-2:667096744268:certificate/00000000-0000-4000-8000-000000000000"
# Kubernetes versions every built-in manifest is validated against: the oldest the chart supports
# in practice and the newest schema kubernetes-validate ships.
KUBERNETES_VERSIONS = ("1.29.0", "1.37.0")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing(reason: str) -> None:
    """A missing tool fails in CI (it is part of the pipeline image) and skips on a laptop."""
    if in_ci():
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(f"{reason}; install it to run this check")


def tool(name: str, hint: str) -> str:
    """Path of an executable, looked up next to this interpreter first (the venv's console scripts)."""
    local = Path(sys.executable).parent / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    found = shutil.which(name)
    if found is None:
        missing(f"`{name}` not found ({hint})")
    return str(found)


def run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def helm() -> Any:
    """The helm_python module (the Helm Go SDK); missing only when the test extra is not installed."""
    try:
        import helm_python
    except ImportError:
        missing("helm-python-sdk is not installed (pip install -e .[test])")
    return helm_python


def deep_merge(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """Helm's merge of -f files: maps merge key by key, anything else replaces."""
    merged = copy.deepcopy(dict(base))
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def env_file_values(env: str) -> dict[str, Any]:
    data = yaml.safe_load((CHART / f"values-{env}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"values-{env}.yaml must be a mapping"
    return data


def deploy_values(env: str, **overrides: Any) -> dict[str, Any]:
    """What the pipeline passes for `env`: -f values-<env>.yaml plus its --set flags."""
    values = deep_merge(env_file_values(env), {"image": {"tag": IMAGE_TAG}})
    if env == "prodw":
        values = deep_merge(values, {"ingress": {"certificateArn": PRODW_TEST_CERTIFICATE}})
    return deep_merge(values, overrides)


@dataclass(frozen=True)
class Manifests:
    """Rendered objects of one release, looked up by kind and name."""

    objects: tuple[dict[str, Any], ...]

    def get(self, kind: str, name: str) -> dict[str, Any]:
        found = [o for o in self.objects if o["kind"] == kind and o["metadata"]["name"] == name]
        assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}: {self.names()}"
        return found[0]

    def kinds(self, kind: str) -> list[dict[str, Any]]:
        return [o for o in self.objects if o["kind"] == kind]

    def names(self) -> list[tuple[str, str]]:
        return sorted((o["kind"], o["metadata"]["name"]) for o in self.objects)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.objects)

    def deployment(self) -> dict[str, Any]:
        return self.get("Deployment", RELEASE)

    def container(self, name: str) -> dict[str, Any]:
        containers = self.deployment()["spec"]["template"]["spec"]["containers"]
        found = [c for c in containers if c["name"] == name]
        assert len(found) == 1, f"expected one container {name} in {[c['name'] for c in containers]}"
        return found[0]


def render_raw(values: dict[str, Any], release: str = RELEASE, namespace: str = NAMESPACE) -> dict[str, str]:
    """Template path -> rendered text, through the real Helm engine (schema validation included)."""
    module = helm()
    with module.Chart.load(str(CHART)) as chart:
        rendered: dict[str, str] = chart.render(values, name=release, namespace=namespace)
    return rendered


def render(values: dict[str, Any], release: str = RELEASE, namespace: str = NAMESPACE) -> Manifests:
    objects: list[dict[str, Any]] = []
    for path, text in sorted(render_raw(values, release, namespace).items()):
        if path.endswith("NOTES.txt"):
            continue
        objects.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return Manifests(tuple(objects))


class ChartTools:
    """What a test needs of the chart, handed out as the `chart` fixture."""

    directory = CHART
    release = RELEASE
    namespace = NAMESPACE
    environments = ENVIRONMENTS
    image_tag = IMAGE_TAG

    @staticmethod
    def values(env: str, **overrides: Any) -> dict[str, Any]:
        return deploy_values(env, **overrides)

    @staticmethod
    def file_values(env: str) -> dict[str, Any]:
        return env_file_values(env)

    @staticmethod
    def render(values: dict[str, Any], release: str = RELEASE, namespace: str = NAMESPACE) -> Manifests:
        return render(values, release, namespace)

    @staticmethod
    def render_raw(values: dict[str, Any]) -> dict[str, str]:
        return render_raw(values)

    @staticmethod
    def lint(values: dict[str, Any] | None) -> dict[str, Any]:
        report: dict[str, Any] = helm().lint(str(CHART), values, strict=True, namespace=NAMESPACE)
        return report

    @staticmethod
    def validate_schema(values: dict[str, Any]) -> None:
        with helm().Chart.load(str(CHART)) as loaded:
            loaded.validate_schema(values)

    @staticmethod
    def errors() -> tuple[type[Exception], ...]:
        module = helm()
        return (module.HelmValuesError, module.HelmRenderError)


class Tools:
    """External programs: found or, in CI, a failure."""

    in_ci = staticmethod(in_ci)
    path = staticmethod(tool)
    run = staticmethod(run)


@pytest.fixture(scope="session")
def chart() -> ChartTools:
    return ChartTools()


@pytest.fixture(scope="session")
def tools() -> Tools:
    return Tools()


@pytest.fixture(scope="session")
def rendered() -> dict[str, Manifests]:
    """Every environment rendered once as the pipeline deploys it."""
    return {env: render(deploy_values(env)) for env in ENVIRONMENTS}


@pytest.fixture(params=ENVIRONMENTS)
def env(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def gunicorn_conf(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """gunicorn.conf.py as gunicorn loads it in production."""
    return load_conf("prod", tmp_path_factory.mktemp("logs") / "titan.log")
