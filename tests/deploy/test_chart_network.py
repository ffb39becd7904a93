"""Service, ALB Ingress, HPA, PodDisruptionBudget and ServiceAccount per environment."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.deploy

DEV_CERT = "arn:aws:acm:us-east-1:234212695392:certificate/182d62fa-7cd8-4625-b6b5-86a2d4bea0dd"
PROD_CERT = "arn:aws:acm:us-east-1:667096744268:certificate/2e5e6799-0ea6-48ce-b560-56bc8398e768"
DEV_ROLE = "arn:aws:iam::343550350117:role/prd1541.titan.us-east-1.dev1.iam-kube-default"
PROD_ROLE = "arn:aws:iam::889199535989:role/prd1541.titan.us-east-1.prod1.iam-kube-default"
# (scheme, certificate, IAM role, min replicas, max replicas) from the operations document; prodw's
# certificate is the pipeline's (the conftest stands in a us-west-2 ARN).
SEED = {
    "dev": ("internal", DEV_CERT, DEV_ROLE, 1, 1),
    "qa": ("internal", DEV_CERT, DEV_ROLE, 1, 1),
    "preprod": ("internet-facing", PROD_CERT, PROD_ROLE, 5, 15),
    "prod": ("internet-facing", PROD_CERT, PROD_ROLE, 5, 15),
    "prodw": ("internet-facing", None, PROD_ROLE, 5, 15),
}


def test_service_exposes_8080_to_app_monoql(rendered, env):
    service = rendered[env].get("Service", "monoql")
    assert service["spec"]["selector"] == {"app": "monoql"}
    assert service["spec"]["ports"] == [
        {"name": "http", "port": 8080, "targetPort": "http", "protocol": "TCP"}
    ]


def test_ingress_is_an_alb_from_https_443_to_8080(rendered, env):
    ingress = rendered[env].get("Ingress", "monoql")
    annotations = ingress["metadata"]["annotations"]
    assert ingress["spec"]["ingressClassName"] == "alb"
    assert json.loads(annotations["alb.ingress.kubernetes.io/listen-ports"]) == [{"HTTPS": 443}]
    assert annotations["alb.ingress.kubernetes.io/backend-protocol"] == "HTTP"
    assert annotations["alb.ingress.kubernetes.io/target-type"] == "ip"
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": "monoql", "port": {"name": "http"}}
    port = rendered[env].get("Service", "monoql")["spec"]["ports"][0]
    assert port["name"] == "http" and port["port"] == 8080


def test_alb_health_check_and_idle_timeout(rendered, env):
    annotations = rendered[env].get("Ingress", "monoql")["metadata"]["annotations"]
    assert annotations["alb.ingress.kubernetes.io/healthcheck-path"] == "/heartbeat"
    assert annotations["alb.ingress.kubernetes.io/healthcheck-protocol"] == "HTTP"
    assert annotations["alb.ingress.kubernetes.io/healthcheck-port"] == "8080"
    assert annotations["alb.ingress.kubernetes.io/success-codes"] == "200"
    assert (
        annotations["alb.ingress.kubernetes.io/load-balancer-attributes"] == "idle_timeout.timeout_seconds=60"
    )
    # Draining ends before the pod's 30 s grace period does.
    drain = annotations["alb.ingress.kubernetes.io/target-group-attributes"]
    assert drain.startswith("deregistration_delay.timeout_seconds=")
    assert int(drain.split("=")[1]) < 30


def test_alb_scheme_and_certificate_per_environment(rendered, env, chart):
    scheme, certificate, _, _, _ = SEED[env]
    annotations = rendered[env].get("Ingress", "monoql")["metadata"]["annotations"]
    assert annotations["alb.ingress.kubernetes.io/scheme"] == scheme
    expected = certificate or chart.values(env)["ingress"]["certificateArn"]
    assert annotations["alb.ingress.kubernetes.io/certificate-arn"] == expected
    region = chart.file_values(env)["region"]
    assert expected.split(":")[3] == region


PUBLIC_PROD_NAMES = [
    "registration.ticketmaster.com",
    "registration.ticketmaster.ca",
    "registration.ticketmaster.com.mx",
    "registration.livenation.com",
    "verifiedfan.ticketmaster.com",
    "verifiedfan.ticketmaster.ca",
    "verifiedfan.ticketmaster.com.mx",
    "verifiedfan.livenation.com",
]
# The names the original was reached on, per environment.
INGRESS_HOSTS = {
    "dev": ["monoql-dev.vf.nonprod9.us-east-1.tktm.io"],
    "qa": ["monoql-qa.vf.nonprod9.us-east-1.tktm.io"],
    "preprod": ["monoql.vf.preprod9.us-east-1.pub-tktm.io", "registration.tmus.preprod.ticketmaster.net"],
    "prod": ["monoql.vf.prod9.us-east-1.pub-tktm.io", *PUBLIC_PROD_NAMES],
    "prodw": ["monoql.vf.prod10.us-west-2.pub-tktm.io", *PUBLIC_PROD_NAMES],
}


def test_each_ingress_answers_on_its_environments_names(rendered, env):
    rules = rendered[env].get("Ingress", "monoql")["spec"]["rules"]
    assert [rule["host"] for rule in rules] == INGRESS_HOSTS[env]
    for rule in rules:
        assert [path["path"] for path in rule["http"]["paths"]] == ["/graphql", "/heartbeat"]
        for path in rule["http"]["paths"]:
            assert path["backend"]["service"] == {"name": "monoql", "port": {"name": "http"}}


def test_ingress_without_hosts_routes_every_host(chart):
    rules = chart.render(chart.values("dev", ingress={"hosts": []})).get("Ingress", "monoql")["spec"]["rules"]
    assert len(rules) == 1
    assert "host" not in rules[0]
    assert rules[0]["http"]["paths"][0]["backend"]["service"]["name"] == "monoql"


@pytest.mark.parametrize("host", ["Monoql.example.com", "monoql", "*.example.com", "monoql.example.com:443"])
def test_ingress_hosts_must_be_lower_case_dns_names(chart, host):
    with pytest.raises(chart.errors()):
        chart.render(chart.values("dev", ingress={"hosts": [host]}))


def test_hpa_scales_the_deployment_on_cpu_at_60_percent(rendered, env):
    _, _, _, low, high = SEED[env]
    hpa = rendered[env].get("HorizontalPodAutoscaler", "monoql-hpa")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "monoql"}
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (low, high)
    assert hpa["spec"]["metrics"] == [
        {
            "type": "Resource",
            "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}},
        }
    ]


def test_pdb_allows_75_percent_unavailable(rendered, env):
    pdb = rendered[env].get("PodDisruptionBudget", "monoql")
    assert pdb["spec"] == {"maxUnavailable": "75%", "selector": {"matchLabels": {"app": "monoql"}}}


def test_service_account_carries_the_iam_role(rendered, env):
    _, _, role, _, _ = SEED[env]
    account = rendered[env].get("ServiceAccount", "monoql")
    assert account["metadata"]["annotations"] == {"eks.amazonaws.com/role-arn": role}
    spec = rendered[env].deployment()["spec"]["template"]["spec"]
    assert spec["serviceAccountName"] == "monoql"


def test_names_follow_the_release(chart):
    # The runbook's names come from release `monoql`; another release name must not collide with it.
    other = chart.render(chart.values("dev"), release="canary")
    assert ("Deployment", "canary-monoql") in other.names()
    assert ("HorizontalPodAutoscaler", "canary-monoql-hpa") in other.names()
