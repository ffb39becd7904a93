"""The chart, the ALB and gunicorn.conf.py agree on ports, workers and shutdown timing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.support.gunicorn_conf import load_conf

pytestmark = pytest.mark.deploy

REPO = Path(__file__).resolve().parents[2]


def test_shutdown_fits_the_termination_grace_period(rendered, env, gunicorn_conf):
    pod = rendered[env].deployment()["spec"]["template"]["spec"]
    gateway = rendered[env].container("monoql")
    pause = int(gateway["lifecycle"]["preStop"]["exec"]["command"][1])
    # SIGTERM arrives after the preStop pause; gunicorn must finish before the kubelet's SIGKILL.
    assert pause + gunicorn_conf.graceful_timeout <= pod["terminationGracePeriodSeconds"]
    assert pause > 0


def test_alb_drains_within_the_grace_period(rendered, env):
    annotations = rendered[env].get("Ingress", "monoql")["metadata"]["annotations"]
    drain = int(annotations["alb.ingress.kubernetes.io/target-group-attributes"].split("=")[1])
    pod = rendered[env].deployment()["spec"]["template"]["spec"]
    assert drain <= pod["terminationGracePeriodSeconds"]


def test_gunicorn_keeps_connections_longer_than_the_alb(rendered, env, gunicorn_conf):
    # An ALB reusing a connection gunicorn already closed answers 502.
    attributes = rendered[env].get("Ingress", "monoql")["metadata"]["annotations"]
    idle = int(attributes["alb.ingress.kubernetes.io/load-balancer-attributes"].split("=")[1])
    assert gunicorn_conf.keepalive > idle


def test_gunicorn_honours_the_charts_worker_count(rendered, env, tmp_path, monkeypatch):
    variables = {e["name"]: e.get("value") for e in rendered[env].container("monoql")["env"]}
    charted = int(variables["WEB_CONCURRENCY"])
    # The next count too: at least one of the two differs from what gunicorn.conf.py would pick alone.
    for workers in (charted, charted + 1):
        monkeypatch.setenv("WEB_CONCURRENCY", str(workers))
        assert load_conf("prod", tmp_path / "titan.log").workers == workers


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
