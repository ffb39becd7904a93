"""The Deployment is what the operations document describes: probes, resources, sidecar, volumes, security."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.deploy

# The operations document's resource table (requests/limits of the gateway container).
RESOURCES = {
    "dev": ("500m", "500m", "512Mi", "1Gi"),
    "qa": ("500m", "500m", "512Mi", "1Gi"),
    "preprod": ("500m", "2", "1Gi", "3Gi"),
    "prod": ("500m", "2", "1Gi", "3Gi"),
    "prodw": ("500m", "2", "1Gi", "3Gi"),
}
# gunicorn workers: 2 x CPU limit (rounded up to whole CPUs) + 1, as gunicorn.conf.py computes it.
WORKERS = {"dev": "3", "qa": "3", "preprod": "5", "prod": "5", "prodw": "5"}
PROBE = {
    # Through the nginx sidecar on the pod's port: gunicorn listens on the loopback only.
    "httpGet": {"path": "/heartbeat", "port": 8080, "scheme": "HTTP"},
    "initialDelaySeconds": 30,
    "timeoutSeconds": 5,
    "periodSeconds": 10,
    "failureThreshold": 3,
    "successThreshold": 1,
}


def pod_spec(manifests):
    return manifests.deployment()["spec"]["template"]["spec"]


def env_of(container):
    return {e["name"]: e for e in container.get("env", [])}


def test_deployment_selects_and_labels_pods_app_monoql(rendered, env):
    deployment = rendered[env].deployment()
    assert deployment["spec"]["selector"]["matchLabels"] == {"app": "monoql"}
    assert deployment["spec"]["template"]["metadata"]["labels"]["app"] == "monoql"
    assert deployment["metadata"]["labels"]["app"] == "monoql"


def test_deployment_rollout_settings(rendered, env):
    spec = rendered[env].deployment()["spec"]
    assert spec["minReadySeconds"] == 15
    assert spec["revisionHistoryLimit"] == 3
    assert pod_spec(rendered[env])["terminationGracePeriodSeconds"] == 30
    # The HPA owns the replica count; a fixed value would reset it on every upgrade.
    assert "replicas" not in spec


def test_pod_serves_8080_through_nginx_with_the_seed_probes(rendered, env):
    assert rendered[env].container("nginx")["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]
    container = rendered[env].container("monoql")
    assert "ports" not in container
    assert container["livenessProbe"] == PROBE
    assert container["readinessProbe"] == PROBE


def test_prometheus_scrape_annotations(rendered, env):
    annotations = rendered[env].deployment()["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/path"] == "/metrics"
    assert annotations["prometheus.io/port"] == "8080"
    assert annotations["prometheus.io/scheme"] == "http"


def test_kubectl_defaults_to_the_gateway_container(rendered, env):
    annotations = rendered[env].deployment()["spec"]["template"]["metadata"]["annotations"]
    assert annotations["kubectl.kubernetes.io/default-container"] == "monoql"
    assert pod_spec(rendered[env])["containers"][0]["name"] == "monoql"


def test_resources_follow_the_seed_table(rendered, env):
    request_cpu, limit_cpu, request_memory, limit_memory = RESOURCES[env]
    resources = rendered[env].container("monoql")["resources"]
    assert resources == {
        "requests": {"cpu": request_cpu, "memory": request_memory},
        "limits": {"cpu": limit_cpu, "memory": limit_memory},
    }


def test_gunicorn_workers_follow_the_cpu_limit(rendered, env, chart):
    assert env_of(rendered[env].container("monoql"))["WEB_CONCURRENCY"]["value"] == WORKERS[env]
    bigger = chart.render(chart.values(env, resources={"limits": {"cpu": "3500m"}}))
    assert env_of(bigger.container("monoql"))["WEB_CONCURRENCY"]["value"] == "9"
    pinned = chart.render(chart.values(env, gunicorn={"workers": 3}))
    assert env_of(pinned.container("monoql"))["WEB_CONCURRENCY"]["value"] == "3"


def test_environment_and_config_file_come_from_the_configmap(rendered, env):
    manifests = rendered[env]
    variables = env_of(manifests.container("monoql"))
    for name in ("MONOQL_ENV", "MONOQL_CONFIG_FILE"):
        assert variables[name]["valueFrom"]["configMapKeyRef"] == {"name": "monoql-config", "key": name}
    data = manifests.get("ConfigMap", "monoql-config")["data"]
    assert data["MONOQL_ENV"] == env
    assert data["MONOQL_CONFIG_FILE"] == "/etc/monoql/config.yaml"
    mounts = {m["name"]: m for m in manifests.container("monoql")["volumeMounts"]}
    assert mounts["config"]["mountPath"] == "/etc/monoql" and mounts["config"]["readOnly"] is True
    config_volume = next(v for v in pod_spec(manifests)["volumes"] if v["name"] == "config")
    assert config_volume["configMap"]["items"] == [{"key": "config.yaml", "path": "config.yaml"}]


def test_config_values_reach_the_mounted_file(chart):
    manifests = chart.render(chart.values("qa", config={"dnsCacheTTL": 30, "lists": {"maxLimit": 500}}))
    text = manifests.get("ConfigMap", "monoql-config")["data"]["config.yaml"]
    assert "dnsCacheTTL: 30" in text and "maxLimit: 500" in text


SECRETS = {"dev": "monoql-dev-secrets", "qa": "monoql-qa-secrets"}


def test_secrets_come_from_the_existing_secret_only(rendered, env):
    container = rendered[env].container("monoql")
    assert container["envFrom"] == [{"secretRef": {"name": SECRETS.get(env, "monoql-secrets")}}]
    assert not rendered[env].kinds("Secret")
    for variable in container["env"]:
        assert "SECRET" not in variable["name"] and "KEY" not in variable["name"]


def test_no_secret_value_is_rendered(chart, env):
    text = "\n".join(chart.render_raw(chart.values(env)).values())
    for marker in (
        "BEGIN PUBLIC KEY",
        "BEGIN PRIVATE KEY",
        "BEGIN RSA",
        "MONOQL_SESSION__SECRET",
        "MONOQL_JWT__PUBLIC_KEY",
        "kind: Secret",
        "token:",
    ):
        assert marker not in text
    # The word itself is fine (the password-guessing alert names it); a value under such a key is not.
    assert not re.search(r"(?im)^\s*-?\s*[\w.-]*password\w*\s*[:=]", text)


def test_logs_and_metrics_volumes(rendered, env):
    manifests = rendered[env]
    volumes = {v["name"]: v for v in pod_spec(manifests)["volumes"]}
    assert volumes["logs"] == {"name": "logs", "emptyDir": {}}
    assert volumes["metrics"]["emptyDir"]["medium"] == "Memory"
    gateway = {m["name"]: m["mountPath"] for m in manifests.container("monoql")["volumeMounts"]}
    sidecar = {m["name"]: m["mountPath"] for m in manifests.container("fluentd")["volumeMounts"]}
    assert gateway["logs"] == sidecar["logs"] == "/logs"
    assert gateway["metrics"] == env_of(manifests.container("monoql"))["PROMETHEUS_MULTIPROC_DIR"]["value"]
    assert gateway["tmp"] == "/tmp"  # request bodies spool there under a read-only root


def test_gateway_security_context(rendered, env):
    security = rendered[env].container("monoql")["securityContext"]
    assert security["runAsNonRoot"] is True and security["runAsUser"] == 10001
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["privileged"] is False
    assert security["capabilities"] == {"drop": ["ALL"]}
    pod = pod_spec(rendered[env])
    assert pod["securityContext"]["fsGroup"] == 10001  # fluentd writes its pos file into /logs
    assert pod["automountServiceAccountToken"] is False


def test_fluentd_sidecar(rendered, env):
    manifests = rendered[env]
    sidecar = manifests.container("fluentd")
    assert sidecar["image"] == "tmhub.io/tm-waiting-room/fluentd:master-3454331"
    assert sidecar["resources"]["limits"] == {"cpu": "100m", "memory": "500Mi"}
    assert sidecar["securityContext"]["allowPrivilegeEscalation"] is False
    mounts = {m["name"]: m for m in sidecar["volumeMounts"]}
    assert mounts["fluentd-config"]["mountPath"] == "/fluentd/etc"
    volume = next(v for v in pod_spec(manifests)["volumes"] if v["name"] == "fluentd-config")
    assert volume["configMap"]["name"] == "monoql-fluentd"
    assert "fluent.conf" in manifests.get("ConfigMap", "monoql-fluentd")["data"]


def test_image_is_the_pipelines_build(rendered, env, chart):
    container = rendered[env].container("monoql")
    assert container["image"] == f"tmhub.io/titan/monoql:{chart.image_tag}"


def test_config_changes_roll_the_pods(chart):
    before = chart.render(chart.values("dev")).deployment()["spec"]["template"]["metadata"]["annotations"]
    after = chart.render(chart.values("dev", config={"dnsCacheTTL": 5})).deployment()
    changed = after["spec"]["template"]["metadata"]["annotations"]
    assert changed["checksum/config"] != before["checksum/config"]
    assert changed["checksum/fluentd"] == before["checksum/fluentd"]
