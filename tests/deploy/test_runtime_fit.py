"""The chart, the ALB and gunicorn.conf.py agree on ports, workers and shutdown timing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.deploy

REPO = Path(__file__).resolve().parents[2]


def gunicorn_setting(name: str) -> int:
    """A literal integer assigned at the top level of gunicorn.conf.py."""
    tree = ast.parse((REPO / "gunicorn.conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            value = ast.literal_eval(node.value)
            assert isinstance(value, int), f"{name} is not an integer literal"
            return value
    raise AssertionError(f"gunicorn.conf.py does not set {name}")


def test_shutdown_fits_the_termination_grace_period(rendered, env):
    pod = rendered[env].deployment()["spec"]["template"]["spec"]
    gateway = rendered[env].container("monoql")
    pause = int(gateway["lifecycle"]["preStop"]["exec"]["command"][1])
    # SIGTERM arrives after the preStop pause; gunicorn must finish before the kubelet's SIGKILL.
    assert pause + gunicorn_setting("graceful_timeout") <= pod["terminationGracePeriodSeconds"]
    assert pause > 0


def test_alb_drains_within_the_grace_period(rendered, env):
    annotations = rendered[env].get("Ingress", "monoql")["metadata"]["annotations"]
    drain = int(annotations["alb.ingress.kubernetes.io/target-group-attributes"].split("=")[1])
    pod = rendered[env].deployment()["spec"]["template"]["spec"]
    assert drain <= pod["terminationGracePeriodSeconds"]


def test_gunicorn_keeps_connections_longer_than_the_alb(rendered, env):
    # An ALB reusing a connection gunicorn already closed answers 502.
    attributes = rendered[env].get("Ingress", "monoql")["metadata"]["annotations"]
    idle = int(attributes["alb.ingress.kubernetes.io/load-balancer-attributes"].split("=")[1])
    assert gunicorn_setting("keepalive") > idle


def test_gunicorn_honours_the_charts_worker_count():
    source = (REPO / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert 'os.environ.get("WEB_CONCURRENCY")' in source


def test_the_pods_port_is_nginxs_and_gunicorn_listens_behind_it(rendered):
    default = yaml.safe_load((REPO / "monoql" / "config" / "default.yaml").read_text(encoding="utf-8"))
    # Alone (make run without nginx), gunicorn serves the seed's port itself.
    assert default["port"] == rendered["prod"].container("nginx")["ports"][0]["containerPort"] == 8080
    variables = {e["name"]: e.get("value") for e in rendered["prod"].container("monoql")["env"]}
    assert (variables["MONOQL_HOST"], variables["MONOQL_PORT"]) == ("127.0.0.1", "8081")
    conf = rendered["prod"].get("ConfigMap", "monoql-nginx")["data"]["nginx.conf"]
    assert "listen 8080 default_server;" in conf and "server 127.0.0.1:8081;" in conf


def test_every_chart_environment_has_a_gateway_config(chart):
    for env in chart.environments:
        assert (REPO / "monoql" / "config" / f"{env}.yaml").is_file()
