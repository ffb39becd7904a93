"""Benchmark results as Markdown: a table per measurement, the capacity estimate and the issue's targets."""

from __future__ import annotations

from typing import Any

CONFIG_NAMES = {"shipped": "monoql", "off": "optimisations off", "floor": "floor", "peer": "Node peer"}
#: One production pod: its CPU limit and the HPA's CPU utilisation target; pods per region.
POD_CPUS, HPA_TARGET, PODS_PER_REGION = 2, 0.60, 15
#: monoql's CPU per operation at most this many times the Node peer's (side by side, one run).
PEER_CPU_TARGETS = {"fan_landing": 1.0, "admin_campaign": 1.5, "admin_campaign_list": 1.5,
                    "admin_metrics": 1.5}


def rows_at(results: dict[str, Any], latency: int) -> list[dict[str, Any]]:
    return [row for row in results["rows"] if row["latency_ms"] == latency]


def find_row(results: dict[str, Any], op: str, latency: int, config: str) -> dict[str, Any] | None:
    found = (row for row in rows_at(results, latency) if row["operation"] == op and row["config"] == config)
    return next(found, None)


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each issue target with what this run measured."""
    checks: list[dict[str, Any]] = []

    def ratio(op: str, need: float, latency: int = 0) -> None:
        shipped, off = find_row(results, op, latency, "shipped"), find_row(results, op, latency, "off")
        if shipped and off:
            value = shipped["loaded"]["throughput"] / max(off["loaded"]["throughput"], 0.1)
            checks.append({"target": f"{op} at {latency} ms: throughput ≥ {need:g}x optimisations off",
                           "measured": f"{value:.2f}x", "met": value >= need})

    ratio("admin_campaign", 2.0)
    ratio("fan_landing", 3.0)
    for row in rows_at(results, 20):
        if row["config"] != "shipped":
            continue
        floor = find_row(results, row["operation"], 20, "floor")
        if floor:
            value = row["unloaded"]["p50_ms"] / max(floor["unloaded"]["p50_ms"], 0.001)
            checks.append({"target": f"{row['operation']} at 20 ms: p50 ≤ 1.5x floor p50",
                           "measured": f"{value:.2f}x ({row['unloaded']['p50_ms']:.1f} vs "
                                       f"{floor['unloaded']['p50_ms']:.1f} ms)", "met": value <= 1.5})
    for row in rows_at(results, results["latencies"][0]):
        floor = find_row(results, row["operation"], row["latency_ms"], "floor")
        if row["config"] == "shipped" and floor:
            mine, theirs = row["loaded"]["calls_per_op"], floor["loaded"]["calls_per_op"]
            checks.append({"target": f"{row['operation']}: backend calls per operation = floor",
                           "measured": f"{mine:g} vs {theirs:g}", "met": abs(mine - theirs) < 0.05})
    for op, need in PEER_CPU_TARGETS.items():
        shipped, node = find_row(results, op, 0, "shipped"), find_row(results, op, 0, "peer")
        if shipped and node:
            value = shipped["loaded"]["cpu_ms_per_op"] / max(node["loaded"]["cpu_ms_per_op"], 0.001)
            checks.append({"target": f"{op} at 0 ms: gateway CPU per operation ≤ {need:g}x the Node peer's",
                           "measured": f"{value:.2f}x ({shipped['loaded']['cpu_ms_per_op']:.2f} vs "
                                       f"{node['loaded']['cpu_ms_per_op']:.2f} ms)", "met": value <= need})
    return checks


def _result_table(results: dict[str, Any], latency: int) -> list[str]:
    lines = [
        f"**Backend latency {latency} ms**",
        "",
        "| Operation | Server | req/s | p50 ms | p95 ms | p99 ms | p50 unloaded ms | backend calls/op"
        " (sent) | CPU ms/op | sandbox CPU ms/op | worker RSS MiB | errors |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows_at(results, latency):
        loaded, single = row["loaded"], row["unloaded"]
        calls = f"{loaded['calls_per_op']:g}"
        if loaded["network_calls_per_op"] != loaded["calls_per_op"]:
            calls += f" ({loaded['network_calls_per_op']:g})"
        lines.append(
            f"| {row['title']} | {CONFIG_NAMES[row['config']]} | {loaded['throughput']:.0f} | "
            f"{loaded['p50_ms']:.1f} | {loaded['p95_ms']:.1f} | {loaded['p99_ms']:.1f} | "
            f"{single['p50_ms']:.1f} | "
            f"{calls} | {loaded['cpu_ms_per_op']:.1f} | {loaded.get('backend_cpu_ms_per_op', 0):.1f} | "
            f"{loaded['worker_rss_mib']:.0f} | "
            f"{loaded['errors'] + single['errors']} |"
        )
    return [*lines, ""]


def _scaling_table(results: dict[str, Any]) -> list[str]:
    if not results.get("scaling"):
        return []
    lines = ["**Campaign list scaling** (backend latency 0 ms, one request at a time)", "",
             "| Server | items | ms/request | ms/item | gateway CPU ms/item | backend calls/request |",
             "|---|--:|--:|--:|--:|--:|"]
    for series in results["scaling"]:
        for point in series["points"]:
            lines.append(f"| {CONFIG_NAMES[series['config']]} | {point['items']} | {point['wall_ms']:.1f} | "
                         f"{point['ms_per_item']:.3f} | {point['cpu_ms_per_item']:.3f} | "
                         f"{point['calls_per_request']:g} |")
    lines.append("")
    for series in results["scaling"]:
        fit = series["fit"]
        lines.append(f"- {CONFIG_NAMES[series['config']]}: time ≈ {fit['fixed_ms']:.1f} ms + "
                     f"{fit['per_item_ms']:.3f} ms x items (R² {fit['r2']})")
    return [*lines, ""]


def _cpu_ratios(results: dict[str, Any]) -> list[str]:
    """Gateway CPU per operation with the optimisations off ÷ as shipped (the sandbox's share excluded)."""
    parts = []
    for row in rows_at(results, results["latencies"][0]):
        off = find_row(results, row["operation"], row["latency_ms"], "off")
        if row["config"] == "shipped" and off:
            ratio = off["loaded"]["cpu_ms_per_op"] / max(row["loaded"]["cpu_ms_per_op"], 0.001)
            parts.append(f"{row['operation']} {ratio:.2f}x")
    if not parts:
        return []
    return [f"Gateway CPU per operation, optimisations off ÷ monoql, at {results['latencies'][0]} ms: "
            + ", ".join(parts) + ".", ""]


def _ratio(mine: float, theirs: float) -> str:
    return f"{mine / theirs:.2f}x" if theirs else "n/a"


def _peer_table(results: dict[str, Any]) -> list[str]:
    """monoql ÷ Node peer, side by side in this run: CPU per operation, throughput and latency."""
    lines: list[str] = []
    for latency in results["latencies"]:
        pairs = [(row, find_row(results, row["operation"], latency, "peer"))
                 for row in rows_at(results, latency) if row["config"] == "shipped"]
        pairs = [(mine, theirs) for mine, theirs in pairs if theirs]
        if not pairs:
            continue
        lines += [f"**monoql ÷ Node peer, backend latency {latency} ms** (CPU: each server's own processes; "
                  "below 1 is monoql cheaper or faster, except req/s)", "",
                  "| Operation | monoql CPU ms/op | peer CPU ms/op | CPU ratio | monoql req/s | peer req/s | "
                  "req/s ratio | p50 ratio | p50 unloaded ms (monoql / peer) | p50 unloaded ratio |",
                  "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
        for mine, theirs in pairs:
            a, b = mine["loaded"], theirs["loaded"]
            ua, ub = mine["unloaded"], theirs["unloaded"]
            lines.append(
                f"| {mine['title']} | {a['cpu_ms_per_op']:.2f} | {b['cpu_ms_per_op']:.2f} | "
                f"{_ratio(a['cpu_ms_per_op'], b['cpu_ms_per_op'])} | {a['throughput']:.0f} | "
                f"{b['throughput']:.0f} | "
                f"{_ratio(a['throughput'], b['throughput'])} | {_ratio(a['p50_ms'], b['p50_ms'])} | "
                f"{ua['p50_ms']:.1f} / {ub['p50_ms']:.1f} | {_ratio(ua['p50_ms'], ub['p50_ms'])} |")
        lines.append("")
    if lines and results.get("peer_checked"):
        lines += [f"Before measuring, the Node peer answered {results['peer_checked']} operations (the bench "
                  "operations, every seeded campaign's landing page in four locales, its admin page and "
                  "dashboard) with the same `data` as monoql.", ""]
    return lines


def _surge_table(results: dict[str, Any]) -> list[str]:
    rows = results.get("surge") or []
    if not rows:
        return []
    lines = ["**Presale surge**: distinct anonymous fans (each its own address and browser, no session) "
             "on the landing pages of 3 campaigns in 2 locales at once, then a signed-in fan's entry "
             "right after (backend latency 0 ms)", "",
             "| Phase | Server | req/s | p50 ms | p99 ms | gateway CPU ms/op | backend calls/op | sent/op | "
             "calls saved/op | calls saved in the run | errors |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for row in rows:
        m = row["loaded"]
        saved = (m["calls_per_op"] or 0) - (m["network_calls_per_op"] or 0)
        lines.append(f"| {'surge (landing pages)' if row['phase'] == 'surge' else 'fan entry right after'} | "
                     f"{CONFIG_NAMES[row['config']]} | {m['throughput']:.0f} | {m['p50_ms']:.1f} | "
                     f"{m['p99_ms']:.1f} | {m['cpu_ms_per_op']:.2f} | {m['calls_per_op']:g} | "
                     f"{m['network_calls_per_op']:g} | {saved:.3f} | {saved * m['requests']:.0f} | "
                     f"{m['errors']} |")
    return [*lines, ""]


def pod_capacity(cpu_ms_per_op: float) -> float:
    """Requests per second one pod serves at the HPA's target: its CPUs x target ÷ CPU per request."""
    return POD_CPUS * HPA_TARGET * 1000 / cpu_ms_per_op if cpu_ms_per_op > 0 else 0.0


def _capacity_table(results: dict[str, Any]) -> list[str]:
    latency = results["latencies"][0]
    entries: list[tuple[str, str, float]] = []
    for row in rows_at(results, latency):
        if row["config"] in ("shipped", "peer"):
            entries.append((row["title"], row["config"], row["loaded"]["cpu_ms_per_op"]))
    for row in results.get("surge") or []:
        title = "Presale surge (landing pages)" if row["phase"] == "surge" else "Fan entry after the surge"
        entries.append((title, row["config"], row["loaded"]["cpu_ms_per_op"]))
    if not entries:
        return []
    lines = [f"**Capacity** from the gateway CPU per operation measured above ({latency} ms backend "
             f"latency): one production pod ({POD_CPUS} CPUs at the HPA's {HPA_TARGET:.0%} target) and "
             f"{PODS_PER_REGION} pods per region, one operation at a time", "",
             "| Operation | Server | CPU ms/op | req/s per pod | req/s per region |", "|---|---|--:|--:|--:|"]
    for title, config, cpu in entries:
        pod = pod_capacity(cpu)
        region = pod * PODS_PER_REGION
        lines.append(f"| {title} | {CONFIG_NAMES[config]} | {cpu:.2f} | {pod:,.0f} | {region:,.0f} |")
    return [*lines, ""]


def markdown(results: dict[str, Any]) -> str:
    m, s = results["machine"], results["settings"]
    lines = [
        f"Run {results['started']} on {m['nproc']} x {m['cpu']}, {m['memory_gib']} GiB RAM, "
        f"Python {m['python']}, "
        f"Linux {m['kernel']}; wrk {m['wrk']} (1 thread); load average {m['load_before']} before, "
        f"{m['load_after']} after. Every server: gunicorn, {s['workers']} sync workers; saturation runs "
        f"{s['duration_s']:g} s at {s['connections']} connections{_rounds(s)}, "
        "unloaded runs at 1 connection. "
        "Sandbox, servers and wrk share the machine.",
        "",
    ]
    for latency in results["latencies"]:
        lines += _result_table(results, latency)
    lines += _peer_table(results)
    lines += _surge_table(results)
    lines += _capacity_table(results)
    lines += _scaling_table(results)
    lines += ["**Targets**", "", "| Target | Measured | Met |", "|---|---|---|"]
    lines += [f"| {c['target']} | {c['measured']} | {'yes' if c['met'] else 'no'} |"
              for c in targets(results)]
    lines += ["", *_cpu_ratios(results)]
    return "\n".join(lines) + "\n"


def _rounds(settings: dict[str, Any]) -> str:
    rounds = int(settings.get("rounds", 1))
    if rounds <= 1:
        return ""
    return f" ({rounds} rounds, the servers taking turns; the run of median CPU per operation is shown)"
