"""The chart lints, renders every environment, validates against Kubernetes schemas and refuses bad values."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

pytestmark = pytest.mark.deploy

EXPECTED_OBJECTS = [
    ("ConfigMap", "monoql-config"),
    ("ConfigMap", "monoql-dashboard"),
    ("ConfigMap", "monoql-fluentd"),
    ("ConfigMap", "monoql-nginx"),
    ("Deployment", "monoql"),
    ("HorizontalPodAutoscaler", "monoql-hpa"),
    ("Ingress", "monoql"),
    ("PodDisruptionBudget", "monoql"),
    ("PrometheusRule", "monoql"),
    ("Service", "monoql"),
    ("ServiceAccount", "monoql"),
]
PROD_EAST_CERTIFICATE = "arn:aws:acm:us-east-1:667096744268:certificate/2e5e6799-0ea6-48ce-b560-56bc8398e768"
# Custom resources kubernetes-validate has no schema for; promtool checks this one's content.
CUSTOM_KINDS = {"PrometheusRule"}


def test_chart_lints_clean_for_every_environment(chart, env):
    report = chart.lint(chart.values(env))
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert report["errors"] == [] and problems == [], report


def test_chart_lints_without_environment_values(chart):
    # `helm3 lint charts/monoql` in the lint stage runs with the defaults only.
    report = chart.lint(None)
    assert report["errors"] == [], report


def test_every_environment_renders_exactly_the_runbook_objects(rendered, env):
    assert rendered[env].names() == EXPECTED_OBJECTS


def test_every_object_lives_in_the_release_namespace_implicitly(rendered, env):
    # helm3 -n prd1541 places them; a hard-coded namespace would fight that.
    assert all("namespace" not in o["metadata"] for o in rendered[env])


@pytest.mark.parametrize("kube_version", ["1.29.0", "1.37.0"])
def test_rendered_manifests_pass_kubernetes_validate_strict(
    rendered, env, tools, tmp_path: Path, kube_version
):
    validator = tools.path("kubernetes-validate", "pip install -e .[test]")
    manifest = tmp_path / f"{env}.yaml"
    manifest.write_text(yaml.safe_dump_all(list(rendered[env])), encoding="utf-8")
    result = tools.run([validator, "--strict", "--quiet", "-k", kube_version, str(manifest)])
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    unexplained = [line for line in lines if not any(f"kind {k} " in line for k in CUSTOM_KINDS)]
    assert result.returncode == 0 and unexplained == [], result.stdout + result.stderr
    # The only schema-less object is the one promtool checks (test_monitoring).
    assert len(lines) == len(rendered[env].kinds("PrometheusRule"))


def test_kubernetes_validate_catches_a_broken_manifest(rendered, tools, tmp_path: Path):
    # Guards the check above against passing vacuously.
    deployment = rendered["dev"].deployment()
    broken = yaml.safe_load(yaml.safe_dump(deployment))
    broken["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["initialDelay"] = 30
    manifest = tmp_path / "broken.yaml"
    manifest.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = tools.run([tools.path("kubernetes-validate", "pip"), "--strict", "--quiet", str(manifest)])
    assert result.returncode != 0 and "initialDelay" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"replicas": 3}, "replicas"),
        ({"autoscaling": {"minReplica": 2}}, "minReplica"),
        ({"resources": {"limits": {"cpu": "2 cores"}}}, "cpu"),
        ({"ingress": {"scheme": "public"}}, "scheme"),
        ({"environment": "production"}, "environment"),
        ({"fluentd": {"buffer": {"queueLimitLength": "64 chunks"}}}, "queueLimitLength"),
        ({"config": {"session": {"secret": "s3cret"}}}, "secret"),
        ({"config": {"jwt": {"publicKey": "-----BEGIN PUBLIC KEY-----"}}}, "publicKey"),
    ],
)
def test_schema_rejects_typos_and_secrets_in_values(chart, overrides, message):
    with pytest.raises(chart.errors()) as caught:
        chart.render(chart.values("dev", **overrides))
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("env", "overrides", "message"),
    [
        ("dev", {"image": {"tag": ""}}, "image.tag is required"),
        ("prod", {"serviceAccount": {"iamRoleArn": ""}}, "serviceAccount.iamRoleArn is required"),
        (
            "qa",
            {"fluentd": {"elasticsearch": {"endpoint": ""}}},
            "fluentd.elasticsearch.endpoint is required",
        ),
        ("prodw", {"ingress": {"certificateArn": ""}}, "ingress.certificateArn is required"),
        (
            "prodw",
            {"ingress": {"certificateArn": PROD_EAST_CERTIFICATE}},
            "ACM certificates are regional",
        ),
        ("preprod", {"autoscaling": {"minReplicas": 16}}, "minReplicas must not exceed"),
    ],
)
def test_rendering_refuses_missing_or_inconsistent_values(chart, env, overrides, message):
    with pytest.raises(chart.errors()) as caught:
        chart.render(chart.values(env, **overrides))
    assert message in str(caught.value)


def test_prodw_file_alone_does_not_render_without_the_pipelines_certificate(chart):
    values = chart.file_values("prodw")
    values["image"] = {"tag": chart.image_tag}
    with pytest.raises(chart.errors()) as caught:
        chart.render(values)
    assert "certificateArn" in str(caught.value)


def test_toggles_remove_the_monitoring_objects(chart):
    manifests = chart.render(
        chart.values("dev", prometheusRule={"enabled": False}, grafanaDashboard={"enabled": False})
    )
    assert ("PrometheusRule", "monoql") not in manifests.names()
    assert ("ConfigMap", "monoql-dashboard") not in manifests.names()


def test_values_schema_is_draft_07_for_helm3_too(chart, env):
    # helm3 in the deploy jobs validates with a draft-07 validator; the SDK here uses a newer one.
    schema = json.loads((chart.directory / "values.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    defaults = yaml.safe_load((chart.directory / "values.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    merged = merge(defaults, chart.values(env))
    assert [e.message for e in validator.iter_errors(merged)] == []
    typo = merge(merged, {"autoscaling": {"maxReplica": 3}})
    assert any("maxReplica" in e.message for e in validator.iter_errors(typo))


def merge(base: dict, update: dict) -> dict:
    result = dict(base)
    for key, value in update.items():
        result[key] = (
            merge(result[key], value)
            if isinstance(value, dict) and isinstance(result.get(key), dict)
            else value
        )
    return result
