"""The runbook beside the chart (charts/monoql/README.md): the seed's commands are there, and every name
and number in it is what the chart renders."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from tests.support.gateway import app_for

pytestmark = pytest.mark.deploy

REPO = Path(__file__).resolve().parents[2]
RUNBOOK = REPO / "charts" / "monoql" / "README.md"
# The operations document's runbook commands, read for this runtime (python, not node).
SEED_COMMANDS = [
    "kubectl logs -n prd1541 <pod-name>",
    "kubectl logs -n prd1541 <pod-name> -c fluentd",
    "kubectl logs -n prd1541 <pod-name> -f",
    "kubectl logs -n prd1541 <pod-name> --previous",
    "kubectl logs -n prd1541 <pod-name> --tail=100",
    "kubectl get pods -n prd1541 -l app=monoql",
    "kubectl describe pod -n prd1541 <pod-name>",
    "kubectl get deployment -n prd1541 monoql",
    "kubectl describe deployment -n prd1541 monoql",
    "kubectl get service -n prd1541 monoql",
    "kubectl get ingress -n prd1541 monoql",
    "kubectl describe ingress -n prd1541 monoql",
    "kubectl get hpa -n prd1541",
    "kubectl describe hpa -n prd1541 monoql-hpa",
    "kubectl scale deployment monoql -n prd1541 --replicas=10",
    "kubectl edit hpa -n prd1541 monoql-hpa",
    "kubectl rollout restart deployment/monoql -n prd1541",
    "kubectl rollout status deployment/monoql -n prd1541",
    "kubectl delete pod -n prd1541 <pod-name>",
    "kubectl edit configmap -n prd1541 monoql-config",
    "kubectl edit secret -n prd1541 monoql-secrets",
    "kubectl exec -it -n prd1541 <pod-name> -- sh",
    "kubectl exec -n prd1541 <pod-name> -- python --version",
    "kubectl port-forward -n prd1541 <pod-name> 8080:8080",
    "curl http://localhost:8080/heartbeat",
    "kubectl top pods -n prd1541 -l app=monoql",
    "kubectl top nodes",
    "kubectl get events -n prd1541 --sort-by='.lastTimestamp'",
    "kubectl rollout history deployment/monoql -n prd1541",
    "kubectl rollout undo deployment/monoql -n prd1541",
    "kubectl rollout undo deployment/monoql -n prd1541 --to-revision=<revision>",
    "helm3 history monoql -n prd1541",
    "helm3 rollback monoql -n prd1541",
    "helm3 rollback monoql <revision-number> -n prd1541",
    "aws ecr describe-images --repository-name titan/monoql --image-ids imageTag=${BUILD_VERSION}",
]
KINDS = {
    "deployment": "Deployment",
    "hpa": "HorizontalPodAutoscaler",
    "service": "Service",
    "ingress": "Ingress",
    "configmap": "ConfigMap",
}
FLAGS_WITH_VALUE = {"-n", "-c", "-l", "-f", "--set", "--repository-name", "--image-ids"}


def section() -> str:
    text = RUNBOOK.read_text(encoding="utf-8")
    start, end = "<!-- operations:start -->", "<!-- operations:end -->"
    assert start in text and end in text, f"{RUNBOOK} lacks the operations markers"
    body = text.split(start, 1)[1].split(end, 1)[0]
    assert body.strip(), "the operations section is empty"
    return body


def commands() -> list[str]:
    """Shell lines of the section's bash blocks (continuations joined) and its inline commands."""
    body = section()
    found: list[str] = []
    for block in re.findall(r"```bash\n(.*?)```", body, re.S):
        joined = block.replace("\\\n", " ")
        found.extend(" ".join(line.split()) for line in joined.splitlines() if line.strip())
    inline = re.findall(r"`((?:kubectl|helm3) [^`]+)`", re.sub(r"\s*\n\s*", " ", body))
    # Two words (`helm3 upgrade`) mention a command rather than give one.
    inline = [line for line in inline if len(line.split()) > 2]
    return sorted(
        {line for line in found if line.split(" ")[0] in {"kubectl", "helm3", "aws", "curl"}} | set(inline)
    )


def references(command: str) -> list[tuple[str, str]]:
    """(kind, name) pairs a kubectl command names, e.g. `deployment/monoql` or `get service monoql`."""
    words, pairs, skip = shlex.split(command), [], False
    plain: list[str] = []
    for word in words:
        if skip:
            skip = False
        elif word in FLAGS_WITH_VALUE:
            skip = True
        elif not word.startswith("-"):
            plain.append(word)
    for i, word in enumerate(plain):
        kind, _, name = word.partition("/")
        if kind in KINDS and name:
            pairs.append((KINDS[kind], name))
        elif word in KINDS and i + 1 < len(plain):
            pairs.append((KINDS[word], plain[i + 1]))
    return pairs


def flag(command: str, name: str) -> list[str]:
    words = shlex.split(command)
    return [words[i + 1] for i, w in enumerate(words) if w == name and i + 1 < len(words)]


def test_section_carries_every_seed_command():
    present = set(commands())
    missing = [c for c in SEED_COMMANDS if c not in present]
    assert missing == []


def test_no_node_commands_remain():
    assert "node --version" not in section() and "npm " not in section()


def test_every_kubectl_command_names_objects_the_chart_renders(rendered, chart):
    names = set(rendered["prod"].names())
    defaults = yaml.safe_load((chart.directory / "values.yaml").read_text(encoding="utf-8"))
    secret = defaults["secrets"]["existingSecret"]
    for command in (c for c in commands() if c.startswith("kubectl")):
        if command not in {"kubectl top nodes", "kubectl cluster-info"}:
            assert flag(command, "-n") == ["prd1541"], command
        for kind, name in references(command):
            assert (kind, name) in names, f"{command}: no {kind} {name}"
        for reference in re.findall(r"secret(?: generic)? (?:-n prd1541 )?([a-z0-9-]+)", command):
            assert reference == secret, command


def test_labels_containers_and_ports_in_commands_exist(rendered):
    deployment = rendered["prod"].deployment()
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    containers = {c["name"] for c in deployment["spec"]["template"]["spec"]["containers"]}
    for command in commands():
        for selector in flag(command, "-l"):
            key, value = selector.split("=")
            assert labels.get(key) == value, command
        for container in flag(command, "-c"):
            assert container in containers, command
        if " port-forward " in command:
            assert command.endswith("8080:8080")


def test_every_helm3_command_uses_the_release_chart_and_values(chart):
    defaults = yaml.safe_load((chart.directory / "values.yaml").read_text(encoding="utf-8"))
    helm_commands = [c for c in commands() if c.startswith("helm3")]
    assert helm_commands
    for command in helm_commands:
        words = command.split()
        assert words[2 if words[1] != "upgrade" else 3] == "monoql", command
        assert flag(command, "-n") == ["prd1541"], command
        for values_file in flag(command, "-f"):
            assert (REPO / values_file).is_file(), command
        for assignment in flag(command, "--set"):
            node = defaults
            for part in assignment.split("=")[0].split("."):
                assert part in node, f"{command}: {assignment} sets an unknown key"
                node = node[part]


def test_curl_paths_are_served_by_the_gateway():
    routes = app_for().url_map.bind("localhost")
    paths = [c.split("8080", 1)[1] for c in commands() if c.startswith("curl http://localhost:8080")]
    assert paths
    for path in paths:
        endpoint, _ = routes.match(path, method="GET")  # raises NotFound for a path the gateway lacks
        assert endpoint != "static", path


def test_environment_table_matches_the_rendered_chart(rendered, chart):
    body = section()
    for env in chart.environments:
        manifests = rendered[env]
        values = chart.file_values(env)
        hpa = manifests.get("HorizontalPodAutoscaler", "monoql-hpa")["spec"]
        resources = manifests.container("monoql")["resources"]
        workers = next(
            e["value"] for e in manifests.container("monoql")["env"] if e["name"] == "WEB_CONCURRENCY"
        )
        scheme = manifests.get("Ingress", "monoql")["metadata"]["annotations"][
            "alb.ingress.kubernetes.io/scheme"
        ]
        row = (
            f"| {env} | `values-{env}.yaml` | {values['region']} | {scheme} | "
            f"{hpa['minReplicas']}\u2013{hpa['maxReplicas']} | "
            f"{resources['requests']['cpu']} / {resources['limits']['cpu']} | "
            f"{resources['requests']['memory']} / {resources['limits']['memory']} | {workers} |"
        )
        assert row in body


def test_probe_and_shutdown_numbers_match(rendered, gunicorn_conf):
    body = " ".join(section().split())
    probe = rendered["prod"].container("monoql")["livenessProbe"]
    described = (
        f"initial delay {probe['initialDelaySeconds']} s, timeout {probe['timeoutSeconds']} s, "
        f"period {probe['periodSeconds']} s, failure threshold {probe['failureThreshold']}, "
        f"success threshold {probe['successThreshold']}"
    )
    assert described in body
    pause = rendered["prod"].container("monoql")["lifecycle"]["preStop"]["exec"]["command"][1]
    assert f"waits {pause} s (`preStop`)" in body
    assert f"within its {gunicorn_conf.graceful_timeout} s graceful timeout" in body


def test_alert_table_lists_exactly_the_rules(rendered):
    groups = rendered["prod"].get("PrometheusRule", "monoql")["spec"]["groups"]
    rules = {r["alert"] for g in groups for r in g["rules"]}
    assert set(re.findall(r"^\| `(Monoql\w+)` \|", section(), re.M)) == rules


def test_elasticsearch_table_matches_the_fluentd_values(chart):
    body = section()
    for env in chart.environments:
        values = chart.file_values(env)
        endpoint = values["fluentd"]["elasticsearch"]["endpoint"]
        row = re.search(
            rf"^\| [^|]*\b{env}\b[^|]* \| {re.escape(endpoint)} \| (\S+) \| (\S+) \|$", body, re.M
        )
        assert row is not None, env
        assert (row.group(1), row.group(2)) == (values["environmentTag"], values["region"])
