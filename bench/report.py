"""Benchmark results as Markdown, JSON and a PNG chart in bench/results/, and the block in bench/README.md."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import orjson

from bench.tables import CONFIG_NAMES, find_row, markdown, targets

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
CHART_CONFIGS = ("shipped", "off", "floor", "peer")


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
            found = [find_row(results, op, latency, config) for op in ops]
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
