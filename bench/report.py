"""Benchmark results as Markdown, JSON and a PNG chart in bench/results/, and the block in bench/README.md."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
CONFIG_NAMES = {"shipped": "monoql", "off": "optimisations off", "floor": "floor", "peer": "Node peer"}
CHART_CONFIGS = ("shipped", "off", "floor", "peer")
#: One production pod: its CPU limit and the HPA's CPU utilisation target; pods per region.
POD_CPUS, HPA_TARGET, PODS_PER_REGION = 2, 0.60, 15
#: monoql's CPU per operation at most this many times the Node peer's (side by side, one run).
PEER_CPU_TARGETS = {"fan_landing": 1.0, "admin_campaign": 1.5, "admin_campaign_list": 1.5,
                    "admin_metrics": 1.5}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")))
    try:
        done = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
        wrk = done.stdout.split()[1]
    except (OSError, IndexError):
        wrk = "?"
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kib / 2**20, 1),
            "python": platform.python_version(), "kernel": platform.release(), "wrk": wrk,
            "load_before": load_average()}


def _rows(results: dict[str, Any], latency: int) -> list[dict[str, Any]]:
    return [row for row in results["rows"] if row["latency_ms"] == latency]


def _find(results: dict[str, Any], op: str, latency: int, config: str) -> dict[str, Any] | None:
    return next((r for r in _rows(results, latency) if r["operation"] == op and r["config"] == config), None)


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each issue target with what this run measured."""
    checks: list[dict[str, Any]] = []

    def ratio(op: str, need: float, latency: int = 0) -> None:
        shipped, off = _find(results, op, latency, "shipped"), _find(results, op, latency, "off")
        if shipped and off:
            value = shipped["loaded"]["throughput"] / max(off["loaded"]["throughput"], 0.1)
            checks.append({"target": f"{op} at {latency} ms: throughput ≥ {need:g}x optimisations off",
                           "measured": f"{value:.2f}x", "met": value >= need})

    ratio("admin_campaign", 2.0)
    ratio("fan_landing", 3.0)
    for row in _rows(results, 20):
        if row["config"] != "shipped":
            continue
        floor = _find(results, row["operation"], 20, "floor")
        if floor:
            value = row["unloaded"]["p50_ms"] / max(floor["unloaded"]["p50_ms"], 0.001)
            checks.append({"target": f"{row['operation']} at 20 ms: p50 ≤ 1.5x floor p50",
                           "measured": f"{value:.2f}x ({row['unloaded']['p50_ms']:.1f} vs "
                                       f"{floor['unloaded']['p50_ms']:.1f} ms)", "met": value <= 1.5})
    for row in _rows(results, results["latencies"][0]):
        floor = _find(results, row["operation"], row["latency_ms"], "floor")
        if row["config"] == "shipped" and floor:
            mine, theirs = row["loaded"]["calls_per_op"], floor["loaded"]["calls_per_op"]
            checks.append({"target": f"{row['operation']}: backend calls per operation = floor",
                           "measured": f"{mine:g} vs {theirs:g}", "met": abs(mine - theirs) < 0.05})
    for op, need in PEER_CPU_TARGETS.items():
        shipped, node = _find(results, op, 0, "shipped"), _find(results, op, 0, "peer")
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
    for row in _rows(results, latency):
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
    for row in _rows(results, results["latencies"][0]):
        off = _find(results, row["operation"], row["latency_ms"], "off")
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
        pairs = [(row, _find(results, row["operation"], latency, "peer")) for row in _rows(results, latency)
                 if row["config"] == "shipped"]
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
    for row in _rows(results, latency):
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
        f"{s['duration_s']:g} s at {s['connections']} connections, unloaded runs at 1 connection. "
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


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    latencies = results["latencies"]
    ops = list(dict.fromkeys(row["operation"] for row in results["rows"]))
    figure, axes = plt.subplots(1, len(latencies) + 1, figsize=(6 * (len(latencies) + 1), 5))
    configs = [config for config in CHART_CONFIGS
               if any(row["config"] == config for row in results["rows"])]
    width = 0.8 / len(configs)
    for axis, latency in zip(axes, latencies, strict=False):
        for index, config in enumerate(configs):
            found = [_find(results, op, latency, config) for op in ops]
            values = [row["loaded"]["throughput"] if row else 0 for row in found]
            offsets = [i + (index - (len(configs) - 1) / 2) * width for i in range(len(ops))]
            axis.bar(offsets, values, width, label=CONFIG_NAMES[config])
        axis.set_xticks(range(len(ops)), [op.replace("_", "\n") for op in ops], fontsize=8)
        axis.set_title(f"Throughput at {latency} ms backend latency")
        axis.set_ylabel("requests/s (log scale)")
        axis.set_yscale("log")
        axis.legend()
    scale_axis = axes[-1]
    for series in results.get("scaling") or []:
        points = series["points"]
        scale_axis.plot([p["items"] for p in points], [p["wall_ms"] for p in points], marker="o",
                        label=CONFIG_NAMES[series["config"]])
    scale_axis.set_xscale("log")
    scale_axis.set_yscale("log")
    scale_axis.set_title("Campaign list: time per request")
    scale_axis.set_xlabel("campaigns (with markets)")
    scale_axis.set_ylabel("ms")
    if results.get("scaling"):
        scale_axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def update_readme(table: str, readme: Path = README) -> None:
    """Replace the results block of bench/README.md (appending the markers when missing)."""
    text = readme.read_text(encoding="utf-8")
    intro = "`make bench` (`python -m bench.run`); results in `bench/results/` (Markdown, JSON, chart)."
    block = f"{START}\n## Latest results\n\n{intro}\n\n{table}{END}"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")


def soak_summary(out: Path) -> str:
    """The last soak's one-paragraph summary (bench.soak writes soak.md), if there is one."""
    path = out / "soak.md"
    if not path.exists():
        return ""
    return path.read_text(encoding="utf-8").split("\n", 2)[-1].strip() + "\n"


def write(results: dict[str, Any], out: Path, *, readme: bool = True) -> None:
    out.mkdir(parents=True, exist_ok=True)
    results["targets"] = targets(results)
    table = markdown(results)
    (out / "latest.json").write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    (out / "latest.md").write_text(f"# monoql benchmarks\n\n{table}", encoding="utf-8")
    chart(results, out / "latest.png")
    if readme:
        soak = soak_summary(out)
        update_readme(f"{table}\n{soak}" if soak else table)


def main() -> int:
    """`python -m bench.report`: rebuild the Markdown, chart and bench/README.md block from latest.json."""
    out = Path(__file__).resolve().parent / "results"
    write(orjson.loads((out / "latest.json").read_bytes()), out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
