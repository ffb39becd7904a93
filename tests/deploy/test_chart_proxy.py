"""The nginx sidecar in front of gunicorn, and what the Ingress routes (docs/hostile-traffic.md §1 and §6)."""

from __future__ import annotations

import grp
import importlib.util
import pwd
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from monoql.config import load_settings

pytestmark = pytest.mark.deploy

REPO = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024
WAF_ARN = (
    "arn:aws:wafv2:us-east-1:889199535989:regional/webacl/monoql-prod/0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
)
# A stand-in: the settings model only checks that the key is a PEM public key.
PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n"
NGINX_PROBE = {
    "httpGet": {"path": "/_nginx/alive", "port": "http", "scheme": "HTTP"},
    "initialDelaySeconds": 2,
    "timeoutSeconds": 2,
    "periodSeconds": 10,
    "failureThreshold": 3,
    "successThreshold": 1,
}


def renderer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("nginx_conf", REPO / "scripts" / "nginx_conf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nginx_conf(manifests) -> str:
    conf: str = manifests.get("ConfigMap", "monoql-nginx")["data"]["nginx.conf"]
    return conf


def env_of(container) -> dict[str, str]:
    return {e["name"]: e.get("value", "") for e in container.get("env", [])}


def body_limits(conf: str) -> list[int]:
    return [int(v) for v in re.findall(r"client_max_body_size (\d+);", conf) if v != "0"]


def routed(ingress, path: str) -> bool:
    """Whether the ALB sends `path` to monoql under any host rule (Exact and Prefix as Kubernetes defines them)."""
    for rule in ingress["spec"]["rules"]:
        for entry in rule["http"]["paths"]:
            route = entry["path"]
            if entry["pathType"] == "Exact" and path == route:
                return True
            if entry["pathType"] == "Prefix" and (path == route or path.startswith(route.rstrip("/") + "/")):
                return True
    return False


def test_nginx_sidecar_owns_the_pods_port(rendered, env):
    manifests = rendered[env]
    nginx = manifests.container("nginx")
    assert nginx["image"] == "docker.io/nginxinc/nginx-unprivileged:1.27.3-alpine"
    assert nginx["command"] == [
        "nginx",
        "-e",
        "stderr",
        "-c",
        "/etc/nginx/monoql/nginx.conf",
        "-g",
        "daemon off;",
    ]
    assert nginx["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]
    assert nginx["livenessProbe"] == nginx["readinessProbe"] == NGINX_PROBE
    assert nginx["resources"] == {
        "requests": {"cpu": "100m", "memory": "64Mi"},
        "limits": {"cpu": "500m", "memory": "512Mi"},
    }
    security = nginx["securityContext"]
    assert security["runAsNonRoot"] is True and security["runAsUser"] == 10001
    assert security["readOnlyRootFilesystem"] is True and security["capabilities"] == {"drop": ["ALL"]}
    service = manifests.get("Service", "monoql")["spec"]["ports"][0]
    assert (service["port"], service["targetPort"]) == (8080, "http")


def test_gateway_listens_on_the_loopback_behind_nginx(rendered, env):
    variables = env_of(rendered[env].container("monoql"))
    assert variables["MONOQL_HOST"] == "127.0.0.1" and variables["MONOQL_PORT"] == "8081"
    assert "upstream monoql_gunicorn {\n        server 127.0.0.1:8081;" in nginx_conf(rendered[env])
    # The ALB's entry and nginx's own.
    assert variables["MONOQL_PROXY__TRUSTED_HOPS"] == "2"


def test_without_the_ingress_only_nginx_appends_a_trusted_hop(chart):
    manifests = chart.render(chart.values("dev", ingress={"enabled": False}))
    assert env_of(manifests.container("monoql"))["MONOQL_PROXY__TRUSTED_HOPS"] == "1"


def test_the_gateway_accepts_the_environment_the_chart_gives_it(rendered, env):
    """Every variable the chart sets is a key the gateway knows, with the value the chart means."""
    variables = {
        k: v for k, v in env_of(rendered[env].container("monoql")).items() if k.startswith("MONOQL_")
    }
    variables.pop("MONOQL_CONFIG_FILE", None)
    variables["MONOQL_SESSION__SECRET"] = "deploy-test-secret-value"
    variables["MONOQL_JWT__PUBLIC_KEY"] = PUBLIC_KEY
    settings = load_settings(env=env, environ=variables)
    assert (settings.host, settings.port) == ("127.0.0.1", 8081)
    assert settings.proxy.trusted_hops == 2
    assert settings.proxy.timeout_marks == "/logs/nginx-timeouts.marks"


def test_nginx_and_the_gateway_share_the_logs_volume(rendered, env):
    manifests = rendered[env]
    nginx = {m["name"]: m["mountPath"] for m in manifests.container("nginx")["volumeMounts"]}
    gateway = {m["name"]: m["mountPath"] for m in manifests.container("monoql")["volumeMounts"]}
    assert nginx["logs"] == gateway["logs"] == "/logs"
    assert nginx["nginx-config"] == "/etc/nginx/monoql" and nginx["nginx-tmp"] == "/tmp"
    volumes = {v["name"]: v for v in manifests.deployment()["spec"]["template"]["spec"]["volumes"]}
    assert volumes["nginx-tmp"]["emptyDir"] == {"sizeLimit": "2Gi"}
    assert volumes["nginx-config"]["configMap"]["name"] == "monoql-nginx"
    conf = nginx_conf(manifests)
    assert "access_log /logs/titan.log$monoql_log_reopen monoql_json" in conf
    assert "access_log /logs/nginx-timeouts.marks$monoql_log_reopen monoql_timeout_mark" in conf


def test_nginx_quits_gracefully_after_the_alb_stops_sending(rendered, env):
    nginx = rendered[env].container("nginx")
    script = nginx["lifecycle"]["preStop"]["exec"]["command"][2]
    assert script.startswith("sleep 5;") and "-s quit" in script


def test_the_chart_renders_what_the_renderer_renders(rendered, env):
    """`make run` and the tests serve the configuration the pods serve: one file, the same values."""
    values = {
        "LISTEN": 8080,
        "UPSTREAM": "127.0.0.1:8081",
        "PID_FILE": "/tmp/nginx.pid",
        "TEMP_DIR": "/tmp",
        "ACCESS_LOG": "/logs/titan.log",
        "TIMEOUT_MARKS": "/logs/nginx-timeouts.marks",
        "MAX_BODY_BYTES": 1_048_576,
        "MAX_UPLOAD_BYTES": 5 * 100 * MIB + MIB,
        "HEADER_TIMEOUT": 10,
        "BODY_TIMEOUT": 10,
    }
    assert nginx_conf(rendered[env]).rstrip("\n") == renderer().render(values).rstrip("\n")


def test_renderer_refuses_missing_and_unknown_values():
    module = renderer()
    with pytest.raises(ValueError, match=r"missing \['B'\], unknown \['C'\]"):
        module.render({"A": 1, "C": 2}, template="@A@ @B@")
    assert module.render({"A": 1}, template="x @A@ y") == "x 1 y"


def test_renderers_defaults_are_the_gateways_limits():
    defaults = load_settings(env="local", environ={"MONOQL_JWT__PUBLIC_KEY": PUBLIC_KEY})
    module = renderer()
    assert module.DEFAULT_MAX_BODY_BYTES == defaults.limits.max_body_bytes == MIB
    uploads = defaults.uploads
    expected_upload = uploads.max_files * uploads.max_file_size + MIB
    assert expected_upload == module.DEFAULT_MAX_UPLOAD_BYTES


def test_body_limits_follow_the_gateways_configuration(chart, rendered):
    assert body_limits(nginx_conf(rendered["prod"])) == [MIB, 525_336_576, MIB, 525_336_576]
    config = {"limits": {"maxBodyBytes": 2 * MIB}, "uploads": {"maxFiles": 2, "maxFileSize": 10 * MIB}}
    conf = nginx_conf(chart.render(chart.values("prod", config=config)))
    assert body_limits(conf) == [2 * MIB, 21 * MIB, 2 * MIB, 21 * MIB]
    assert "larger than 2097152 bytes" in conf


def test_timeouts_come_from_values(chart):
    conf = nginx_conf(
        chart.render(
            chart.values("qa", nginx={"clientHeaderTimeoutSeconds": 7, "clientBodyTimeoutSeconds": 4})
        )
    )
    assert "client_header_timeout 7s;" in conf and "client_body_timeout 4s;" in conf


def test_nginx_accepts_every_rendered_configuration(rendered, env, tools, tmp_path: Path):
    nginx = tools.path("nginx", "apt-get install nginx")
    conf = tmp_path / "nginx.conf"
    # The pod's paths (/tmp, /logs) are the pod's; `-t` only needs them to parse and the temp dir to exist.
    conf.write_text(nginx_conf(rendered[env]).replace("/tmp", str(tmp_path)), encoding="utf-8")
    result = subprocess.run(
        [nginx, "-e", "stderr", "-t", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0 and "test is successful" in result.stderr, result.stderr


def test_nginx_config_changes_roll_the_pods(chart):
    before = chart.render(chart.values("dev")).deployment()["spec"]["template"]["metadata"]["annotations"]
    after = chart.render(chart.values("dev", nginx={"clientBodyTimeoutSeconds": 5})).deployment()
    changed = after["spec"]["template"]["metadata"]["annotations"]
    assert changed["checksum/nginx"] != before["checksum/nginx"]
    assert changed["checksum/config"] == before["checksum/config"]


def test_ingress_routes_only_the_api_and_the_heartbeat(rendered, env):
    ingress = rendered[env].get("Ingress", "monoql")
    for path in ("/graphql", "/heartbeat"):
        assert routed(ingress, path), path
    for path in (
        "/metrics",
        "/heartbeat/dependencies",
        "/",
        "/graphiql",
        "/graphiql/assets/graphiql.min.js",
        "/_upload-check",
        "/_nginx/alive",
        "/graphql/extra",
        "/metrics?x=/graphql",
    ):
        assert not routed(ingress, path), path


def test_graphiql_is_routed_only_where_it_is_on(chart, rendered, env):
    config_dir = REPO / "monoql" / "config"
    layers = [yaml.safe_load((config_dir / name).read_text()) for name in ("default.yaml", f"{env}.yaml")]
    gateway_serves_it = [layer["graphiql"] for layer in layers if "graphiql" in layer][-1]
    assert routed(rendered[env].get("Ingress", "monoql"), "/graphiql") is gateway_serves_it is False
    on = chart.render(chart.values(env, config={"graphiql": True})).get("Ingress", "monoql")
    assert routed(on, "/graphiql") and routed(on, "/graphiql/assets/graphiql.min.js")
    assert not routed(on, "/metrics") and not routed(on, "/graphiql-other")


def test_waf_web_acl_is_optional(chart, rendered, env):
    annotations = rendered[env].get("Ingress", "monoql")["metadata"]["annotations"]
    assert "alb.ingress.kubernetes.io/wafv2-acl-arn" not in annotations
    with_waf = chart.render(chart.values("prod", ingress={"wafAclArn": WAF_ARN})).get("Ingress", "monoql")
    assert with_waf["metadata"]["annotations"]["alb.ingress.kubernetes.io/wafv2-acl-arn"] == WAF_ARN


@pytest.mark.parametrize(
    ("arn", "message"),
    [
        (
            WAF_ARN.replace("us-east-1", "eu-west-1"),
            "ingress.wafAclArn is in eu-west-1 but the ALB is in us-east-1",
        ),
        (
            "arn:aws:wafv2:us-east-1:889199535989:global/webacl/x/0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
            "wafAclArn",
        ),
        ("not-an-arn", "wafAclArn"),
    ],
)
def test_waf_web_acl_must_be_regional_and_in_the_albs_region(chart, arn, message):
    with pytest.raises(chart.errors(), match=message):
        chart.render(chart.values("prod", ingress={"wafAclArn": arn}))


def test_chart_refuses_to_set_the_gateways_address(chart):
    with pytest.raises(chart.errors()):
        chart.render(chart.values("dev", config={"port": 9000}))


def test_renderer_command_line_writes_a_configuration_nginx_accepts(tools, tmp_path: Path):
    """The command line `make run`, the tests and the image test call (scripts/nginx_conf.py)."""
    nginx = tools.path("nginx", "apt-get install nginx")
    prefix = tmp_path / "prefix"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "nginx_conf.py"),
            "--prefix",
            str(prefix),
            "--listen",
            "127.0.0.1:18080",
            "--upstream",
            "127.0.0.1:18081",
            "--max-body-bytes",
            "2048",
            "--header-timeout",
            "4",
            "--user",
            "nobody",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    conf = Path(result.stdout.strip())
    assert conf == prefix / "nginx.conf" and (prefix / "temp").is_dir()
    text = conf.read_text(encoding="utf-8")
    # nobody's own group (Debian's is nogroup): nginx would look for a group named after the user.
    group = grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name
    assert text.startswith(f"user nobody {group};\n")
    assert "listen 127.0.0.1:18080 default_server;" in text and "server 127.0.0.1:18081;" in text
    assert f"access_log {prefix}/access.log$monoql_log_reopen" in text
    assert f"access_log {prefix}/timeouts.marks$monoql_log_reopen" in text
    assert "client_header_timeout 4s;" in text and "client_body_timeout 10s;" in text
    assert body_limits(text) == [2048, 525_336_576, 2048, 525_336_576]
    check = subprocess.run(
        [nginx, "-e", "stderr", "-t", "-p", str(prefix), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert check.returncode == 0, check.stderr
