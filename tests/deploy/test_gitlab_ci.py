"""The pipeline: valid GitLab CI, stages, image name, deploy and rollback jobs per environment."""

from __future__ import annotations

import copy
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.deploy

REPO = Path(__file__).resolve().parents[2]
PIPELINE = REPO / ".gitlab-ci.yml"
# GitLab environment -> chart values file.
DEPLOYS = {"dev": "dev", "qa": "qa", "preprod": "preprod", "prod-east": "prod", "prod-west": "prodw"}
# The original's release names: dev and qa share the cluster nonprod9.us-east-1 and the namespace.
RELEASES = {"dev": "monoql-dev", "qa": "monoql-qa", "preprod": "monoql", "prod-east": "monoql", "prod-west": "monoql"}
KEYWORDS = {"stages", "variables", "workflow", "default", "include"}


def pipeline() -> dict[str, Any]:
    data = yaml.safe_load(PIPELINE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def merge(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """GitLab's `extends`: mappings merge deeply, anything else (lists included) replaces."""
    result = copy.deepcopy(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def job(name: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    data = data or pipeline()
    own = data[name]
    parents = own.get("extends", [])
    resolved: dict[str, Any] = {}
    for parent in [parents] if isinstance(parents, str) else parents:
        resolved = merge(resolved, job(parent, data))
    return merge(resolved, {k: v for k, v in own.items() if k != "extends"})


def jobs() -> dict[str, dict[str, Any]]:
    data = pipeline()
    return {n: job(n, data) for n in data if n not in KEYWORDS and not n.startswith(".")}


def is_manual(definition: dict[str, Any]) -> bool:
    return any(rule.get("when") == "manual" for rule in definition.get("rules", []))


def test_pipeline_is_valid_gitlab_ci(tools):
    checker = tools.path("check-jsonschema", "pip install -e .[test]")
    args = [checker, "--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci", str(PIPELINE)]
    result = tools.run(args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_catches_a_broken_job(tools, tmp_path):
    broken = tmp_path / ".gitlab-ci.yml"
    text = PIPELINE.read_text(encoding="utf-8")
    assert "lint:\n  extends: .python\n" in text
    broken.write_text(text.replace("lint:\n  extends: .python\n", "lint:\n  extend: .python\n", 1))
    checker = tools.path("check-jsonschema", "pip install -e .[test]")
    args = [checker, "--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci", str(broken)]
    assert tools.run(args).returncode != 0


def test_stages_run_lint_test_build_deploy():
    assert pipeline()["stages"] == ["lint", "test", "build", "deploy"]
    assert {d["stage"] for d in jobs().values()} == {"lint", "test", "build", "deploy"}


def test_build_pushes_the_image_the_chart_deploys(chart):
    variables = pipeline()["variables"]
    image = variables["IMAGE"].replace("${IMAGE_REGISTRY}", variables["IMAGE_REGISTRY"])
    defaults = yaml.safe_load((chart.directory / "values.yaml").read_text(encoding="utf-8"))
    assert image == defaults["image"]["repository"]
    assert image.endswith("/titan/monoql")
    script = " ".join(jobs()["build-image"]["script"])
    assert 'docker push "${IMAGE}:${BUILD_VERSION}"' in script
    assert '--tag "${IMAGE}:${BUILD_VERSION}"' in script


def test_build_uses_the_dockerfile_make_image_builds_on_its_official_bases():
    (build,) = [line for line in jobs()["build-image"]["script"] if line.startswith("docker build")]
    assert "--file Dockerfile" in build and build.endswith(" .")
    assert "--build-arg" not in build  # the Dockerfile's own (official) base images
    assert '--label "org.opencontainers.image.version=${VERSION}"' in build
    make_image = (REPO / "scripts" / "image" / "build.sh").read_text()
    assert "org.opencontainers.image.version=$VERSION" in make_image


def test_test_job_runs_the_ci_entry_point():
    assert jobs()["test"]["script"] == [".ci/run"]
    assert (REPO / ".ci" / "run").is_file()


@pytest.mark.parametrize(("environment", "values"), DEPLOYS.items())
def test_each_environment_deploys_with_its_values_file(environment, values):
    definition = jobs()[f"deploy-{environment}"]
    assert definition["stage"] == "deploy" and definition["environment"]["name"] == environment
    (command,) = [line for line in definition["script"] if line.startswith("helm3 upgrade")]
    expected = (
        f"helm3 upgrade --install {RELEASES[environment]} charts/monoql -n prd1541"
        f" -f charts/monoql/values-{values}.yaml"
        " --set image.tag=${BUILD_VERSION}"
    )
    assert command.startswith(expected)
    assert (REPO / "charts" / "monoql" / f"values-{values}.yaml").is_file()


def test_dev_deploys_automatically_and_the_rest_by_hand():
    defined = jobs()
    assert not is_manual(defined["deploy-dev"])
    for environment in ("qa", "preprod", "prod-east", "prod-west"):
        assert is_manual(defined[f"deploy-{environment}"]), environment


def test_prod_east_and_west_deploy_in_parallel():
    defined = jobs()
    east, west = defined["deploy-prod-east"], defined["deploy-prod-west"]
    assert east["stage"] == west["stage"]
    assert "deploy-prod-west" not in east.get("needs", []) and "deploy-prod-east" not in west.get("needs", [])
    assert east["resource_group"] != west["resource_group"]


@pytest.mark.parametrize("environment", DEPLOYS)
def test_each_environment_has_a_manual_rollback(environment):
    definition = jobs()[f"rollback-{environment}"]
    assert is_manual(definition) and definition["needs"] == []
    assert definition["environment"]["name"] == environment
    assert definition["resource_group"] == jobs()[f"deploy-{environment}"]["resource_group"]
    commands = [line for line in definition["script"] if line.startswith("helm3 rollback")]
    assert len(commands) == 1
    release = RELEASES[environment]
    assert re.match(rf"helm3 rollback {release} \$\{{ROLLBACK_REVISION\}} -n prd1541 ", commands[0])
    (history,) = [line for line in definition["script"] if line.startswith("helm3 history")]
    assert history.startswith(f"helm3 history {release} -n prd1541 ")


def set_flags(command: str) -> tuple[list[str], dict[str, Any]]:
    """The -f files and --set values of a helm3 command line."""
    words = shlex.split(command)
    files = [words[i + 1] for i, w in enumerate(words) if w == "-f"]
    sets: dict[str, Any] = {}
    for i, word in enumerate(words):
        if word == "--set":
            path, value = words[i + 1].split("=", 1)
            node = sets
            *parents, leaf = path.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
    return files, sets


@pytest.mark.parametrize("environment", DEPLOYS)
def test_each_deploy_command_renders(environment, chart):
    (command,) = [
        line for line in jobs()[f"deploy-{environment}"]["script"] if line.startswith("helm3 upgrade")
    ]
    substituted = command.replace("${BUILD_VERSION}", chart.image_tag)
    substituted = substituted.replace(
        "${PRODW_CERTIFICATE_ARN}", chart.values("prodw")["ingress"]["certificateArn"]
    )
    files, sets = set_flags(substituted)
    values: dict[str, Any] = {}
    for file in files:
        values = merge(values, yaml.safe_load((REPO / file).read_text(encoding="utf-8")))
    release = shlex.split(command)[3]
    assert release == RELEASES[environment]
    manifests = chart.render(merge(values, sets), release=release)
    (deployment,) = manifests.kinds("Deployment")
    assert deployment["metadata"]["name"] == release
    (container,) = [c for c in deployment["spec"]["template"]["spec"]["containers"] if c["name"] == "monoql"]
    assert container["image"].endswith(f":{chart.image_tag}")


def test_dev_and_qa_share_a_cluster_but_no_object_or_secret(chart):
    rendered = {
        env: chart.render(chart.values(env), release=RELEASES[env]) for env in ("dev", "qa")
    }
    names = {env: {(o["kind"], o["metadata"]["name"]) for o in manifests} for env, manifests in rendered.items()}
    assert names["dev"].isdisjoint(names["qa"])
    secrets = {
        env: manifests.kinds("Deployment")[0]["spec"]["template"]["spec"]["containers"][0]["envFrom"]
        for env, manifests in rendered.items()
    }
    assert secrets == {
        "dev": [{"secretRef": {"name": "monoql-dev-secrets"}}],
        "qa": [{"secretRef": {"name": "monoql-qa-secrets"}}],
    }
