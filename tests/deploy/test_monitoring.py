"""Alert rules (promtool check and unit tests) and the Grafana dashboard shipped by the chart."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.deploy

PROMTOOL_TESTS = Path(__file__).resolve().parent / "promtool" / "alerts_test.yaml"
DASHBOARD = Path(__file__).resolve().parents[2] / "charts" / "monoql" / "files" / "dashboards" / "monoql.json"
ALERTS = {
    "MonoqlPodCrashLooping",  # restarts > 5
    "MonoqlHighCpu",  # > 80 % for 5 min
    "MonoqlHighMemory",  # > 90 % for 5 min
    "MonoqlPodNotReady",
    "MonoqlHigh5xxRatio",
    "MonoqlLowRequestRate",
    "MonoqlReplicasUnavailable",
    "MonoqlRolloutStuck",
    "MonoqlBackendErrorRatio",
    "MonoqlCircuitBreakerOpen",
    "MonoqlCampaignPasswordGuessing",  # > 2 wrong campaign passwords/s for 5 min
    "MonoqlSlowClients",  # > 5 requests/s cut off by nginx for slowness, for 5 min
}
PROMTOOL_HINT = "apt-get install prometheus"


def rules_file(manifests, directory: Path) -> Path:
    rule = manifests.get("PrometheusRule", "monoql")
    path = directory / "rules.yaml"
    path.write_text(yaml.safe_dump({"groups": rule["spec"]["groups"]}, sort_keys=False), encoding="utf-8")
    return path


def alert_names(manifests) -> set[str]:
    groups = manifests.get("PrometheusRule", "monoql")["spec"]["groups"]
    return {rule["alert"] for group in groups for rule in group["rules"]}


def unit_test(tools, manifests, directory: Path):
    rules_file(manifests, directory)
    shutil.copy(PROMTOOL_TESTS, directory / PROMTOOL_TESTS.name)
    promtool = tools.path("promtool", PROMTOOL_HINT)
    return tools.run([promtool, "test", "rules", PROMTOOL_TESTS.name], cwd=directory)


def test_rules_pass_promtool_check_in_every_environment(rendered, env, tools, tmp_path):
    result = tools.run(
        [tools.path("promtool", PROMTOOL_HINT), "check", "rules", str(rules_file(rendered[env], tmp_path))]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_production_carries_every_recommended_alert(rendered):
    assert alert_names(rendered["prod"]) == ALERTS
    assert alert_names(rendered["prodw"]) == ALERTS


def test_quiet_environments_do_not_alert_on_low_traffic(rendered):
    for env in ("dev", "qa", "preprod"):
        assert alert_names(rendered[env]) == ALERTS - {"MonoqlLowRequestRate"}


def test_rules_pass_their_promtool_unit_tests(rendered, tools, tmp_path):
    result = unit_test(tools, rendered["prod"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_unit_tests_catch_a_changed_threshold(chart, tools, tmp_path):
    # The unit tests pin behaviour: a CPU threshold of 90 % must make them fail.
    changed = chart.render(chart.values("prod", prometheusRule={"cpu": {"ratio": 0.9}}))
    result = unit_test(tools, changed, tmp_path)
    assert result.returncode != 0
    assert "MonoqlHighCpu" in result.stdout + result.stderr


def test_unit_tests_catch_a_changed_guessing_threshold(chart, tools, tmp_path):
    changed = chart.render(chart.values("prod", prometheusRule={"campaignPasswordFailures": {"perSecond": 4}}))
    result = unit_test(tools, changed, tmp_path)
    assert result.returncode != 0
    assert "MonoqlCampaignPasswordGuessing" in result.stdout + result.stderr


def test_unit_tests_catch_a_changed_slow_client_threshold(chart, tools, tmp_path):
    changed = chart.render(chart.values("prod", prometheusRule={"slowClients": {"perSecond": 10}}))
    result = unit_test(tools, changed, tmp_path)
    assert result.returncode != 0
    assert "MonoqlSlowClients" in result.stdout + result.stderr


def test_rule_expressions_select_this_release(rendered):
    text = json.dumps(rendered["prod"].get("PrometheusRule", "monoql")["spec"])
    assert 'namespace=\\"prd1541\\"' in text
    assert 'deployment=\\"monoql\\"' in text
    assert "monoql_upstream_circuit_open" in text and "monoql_upstream_errors_total" in text


def dashboard() -> dict:
    return json.loads(DASHBOARD.read_text(encoding="utf-8"))


def dashboard_exprs() -> list[str]:
    return [t["expr"] for p in dashboard()["panels"] for t in p.get("targets", [])]


def test_dashboard_configmap_is_loaded_by_the_grafana_sidecar(rendered, env):
    config_map = rendered[env].get("ConfigMap", "monoql-dashboard")
    assert config_map["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert json.loads(config_map["data"]["monoql.json"]) == dashboard()


def test_dashboard_panels_cover_the_operations_questions():
    titles = {p["title"] for p in dashboard()["panels"]}
    assert {
        "Request rate",
        "Error ratio",
        "Latency p50 / p95 / p99",
        "Backend latency p95",
        "Backend errors",
        "Worker CPU",
        "Worker memory (RSS)",
        "HPA replicas",
    } <= titles
    text = "\n".join(dashboard_exprs())
    for quantile in ("0.5", "0.95", "0.99"):
        assert (
            f"histogram_quantile({quantile}, sum by (le) (rate(monoql_http_request_duration_seconds_bucket"
            in text
        )
    for metric in (
        "monoql_http_request_duration_seconds_count",
        "monoql_graphql_operations_total",
        "monoql_upstream_request_duration_seconds_bucket",
        "monoql_upstream_errors_total",
        "monoql_upstream_circuit_open",
        "monoql_process_cpu_seconds_total",
        "monoql_process_resident_memory_bytes",
        "monoql_build_info",
        'horizontalpodautoscaler="monoql-hpa"',
    ):
        assert metric in text, metric


def test_dashboard_names_match_the_chart(rendered):
    text = "\n".join(dashboard_exprs())
    names = {name for _, name in rendered["prod"].names()}
    for name in re.findall(r'(?:horizontalpodautoscaler|deployment)="([^"]+)"', text):
        assert name in names


def test_dashboard_queries_are_valid_promql(tools, tmp_path):
    # promtool parses every expression when it checks rules: one recording rule per query.
    grafana = {"$__rate_interval": "5m", "$namespace": "prd1541"}
    rules = []
    for number, query in enumerate(dashboard_exprs()):
        expr = query
        for variable, value in grafana.items():
            expr = expr.replace(variable, value)
        assert "$" not in expr, expr
        rules.append({"record": f"dashboard:query_{number}", "expr": expr})
    path = tmp_path / "dashboard_rules.yaml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}), encoding="utf-8")
    result = tools.run([tools.path("promtool", PROMTOOL_HINT), "check", "rules", str(path)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(rules) >= 15


def test_dashboard_panels_use_the_datasource_variable():
    data = dashboard()
    assert data["uid"] == "monoql-gateway"
    assert [v["name"] for v in data["templating"]["list"]] == ["datasource", "namespace"]
    for panel in data["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}"
    ids = [p["id"] for p in data["panels"]]
    assert len(ids) == len(set(ids))
