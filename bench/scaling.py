"""`python -m bench.scaling`: the admin campaign list at 10, 100 and 1,000 items, time per item.

Sequential requests (one at a time, backend latency 0) against monoql as shipped and with the
optimisations off; for each size the median wall time, gateway CPU and backend calls per request,
and a least-squares line `time = fixed + per_item x items` whose fit shows the cost is linear.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import catalog
from bench.load import gateway_counters
from bench.stack import OPTIMISATIONS_OFF, Server, default_workers, start_gateway, start_sandbox

SIZES = (10, 100, 1000)


def repetitions(size: int, quick: bool) -> int:
    base = {10: 30, 100: 8, 1000: 3}[size] if size in SIZES else 3
    return max(1, base // 3) if quick else base


def measure_size(server: Server, token: str | None, size: int, reps: int) -> dict[str, Any]:
    op = catalog.list_operation(size)
    body = catalog.post(server.url, op, token)  # warm-up, and the answer must hold `size` campaigns
    got = len(body["data"]["viewer"]["campaigns"]["list"])
    if got != size:
        raise SystemExit(f"the list answered {got} campaigns, not {size}: seed more bench campaigns")
    walls = []
    before, cpu_before = gateway_counters(server), server.cpu()
    for _ in range(reps):
        started = time.perf_counter()
        catalog.post(server.url, op, token)
        walls.append(time.perf_counter() - started)
    cpu, after = server.cpu() - cpu_before, gateway_counters(server)
    wall_ms = statistics.median(walls) * 1000
    return {
        "config": server.name, "items": size, "requests": reps, "wall_ms": round(wall_ms, 2),
        "ms_per_item": round(wall_ms / size, 3), "cpu_ms_per_item": round(cpu * 1000 / reps / size, 3),
        "calls_per_request": round((after["calls"] - before["calls"]) / reps, 2),
    }


def fit(points: list[dict[str, Any]]) -> dict[str, float]:
    """Least-squares `wall_ms = fixed_ms + per_item_ms x items`, with R²."""
    xs = [float(p["items"]) for p in points]
    ys = [float(p["wall_ms"]) for p in points]
    slope, intercept = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    total = sum((y - mean) ** 2 for y in ys) or 1.0
    residual = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    r2 = 1 - residual / total
    return {"fixed_ms": round(intercept, 2), "per_item_ms": round(slope, 3), "r2": round(r2, 4)}


def run(servers: dict[str, Server], token: str | None, *, quick: bool) -> list[dict[str, Any]]:
    results = []
    for name in ("shipped", "off"):
        points = [measure_size(servers[name], token, size, repetitions(size, quick)) for size in SIZES]
        for point in points:
            print(f"  list {point['items']:>5} items {name:8} {point['wall_ms']:9.1f} ms "
                  f"{point['ms_per_item']:7.3f} ms/item  {point['calls_per_request']} calls", flush=True)
        results.append({"config": name, "points": points, "fit": fit(points)})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="monoql-scaling-") as folder:
        tmp = Path(folder)
        sandbox = start_sandbox(tmp)
        servers = [sandbox]
        try:
            catalog.create_bench_campaigns(sandbox.url, max(SIZES))
            servers.append(start_gateway(tmp, "shipped", sandbox, workers=default_workers()))
            servers.append(start_gateway(tmp, "off", sandbox, performance=OPTIMISATIONS_OFF,
                                         workers=default_workers()))
            token = catalog.mint_token(sandbox.url, "admin")
            for result in run({s.name: s for s in servers}, token, quick=args.quick):
                print(result["config"], result["fit"])
        finally:
            for server in reversed(servers):
                server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
