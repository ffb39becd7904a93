"""`python -m bench.soak [--minutes 10]`: monoql at saturation for a long run; memory must stay flat.

Every benchmark operation is driven at once (one wrk per operation, two connections each) against
monoql as shipped, with gunicorn's worker recycling switched off (`--max-requests 0`) so a leak
cannot hide behind a fresh worker. Worker RSS is sampled every 30 s; the report compares the
RSS after a one-minute warm-up (caches and pools filled) with the RSS at the end, and counts every
error (HTTP, socket, GraphQL). Writes bench/results/soak.md and soak.json.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from bench import catalog, report
from bench.load import start_wrk, wrk_result
from bench.stack import Server, default_workers, start_gateway, start_sandbox

RESULTS = Path(__file__).resolve().parent / "results"
SAMPLE_SECONDS = 30.0
MAX_GROWTH_PERCENT = 5.0


def sample(gateway: Server, sandbox: Server, started: float) -> dict[str, Any]:
    rss = gateway.worker_rss()
    return {"t": round(time.monotonic() - started, 1), "workers_mib": [round(v, 1) for v in rss],
            "mean_mib": round(statistics.fmean(rss), 2) if rss else 0.0,
            "sandbox_mib": round(sandbox.worker_rss()[0], 1)}


def drive(gateway: Server, sandbox: Server, ops: list[catalog.Operation], tokens: dict[str, str | None],
          minutes: float, tmp: Path) -> dict[str, Any]:
    seconds = minutes * 60
    bodies = []
    for op in ops:
        path = tmp / f"{op.key}.json"
        path.write_bytes(op.body())
        bodies.append((op, path))
    started = time.monotonic()
    processes = [(op, start_wrk(gateway.url, path, tokens[op.caller], 2, seconds)) for op, path in bodies]
    samples = [sample(gateway, sandbox, started)]
    while any(process.poll() is None for _, process in processes):
        time.sleep(min(SAMPLE_SECONDS, max(0.5, seconds + 5 - (time.monotonic() - started))))
        samples.append(sample(gateway, sandbox, started))
    per_op = {op.key: wrk_result(process) for op, process in processes}
    return {"samples": samples, "operations": per_op, "seconds": round(time.monotonic() - started, 1)}


def summarise(run: dict[str, Any], minutes: float) -> dict[str, Any]:
    samples = run["samples"]
    warm = next((s for s in samples if s["t"] >= min(60.0, minutes * 60 / 4)), samples[0])
    end = samples[-1]
    error_keys = ("connect_errors", "read_errors", "write_errors", "timeouts", "bad_status", "graphql_errors")
    errors = sum(int(result[key]) for result in run["operations"].values() for key in error_keys)
    requests_done = sum(int(result["requests"]) for result in run["operations"].values())
    growth = (end["mean_mib"] - warm["mean_mib"]) * 100 / max(warm["mean_mib"], 0.1)
    return {"minutes": minutes, "requests": requests_done,
            "throughput": round(requests_done / run["seconds"], 1),
            "errors": errors, "rss_start_mib": warm["mean_mib"], "rss_start_at_s": warm["t"],
            "rss_end_mib": end["mean_mib"], "rss_growth_percent": round(growth, 2),
            "rss_ok": growth <= MAX_GROWTH_PERCENT, "boot_rss_mib": samples[0]["mean_mib"]}


def markdown(summary: dict[str, Any], results: dict[str, Any]) -> str:
    m = results["machine"]
    return (
        f"**Soak** ({summary['minutes']:g} min at saturation, every operation at once, "
        f"{results['workers']} workers, no worker recycling; {m['nproc']} x {m['cpu']}, "
        f"Python {m['python']}, run {results['started']}): "
        f"{summary['requests']} requests ({summary['throughput']:.0f} req/s), "
        f"**{summary['errors']} errors**; "
        f"mean worker RSS {summary['rss_start_mib']:.1f} MiB after {summary['rss_start_at_s']:.0f} s → "
        f"{summary['rss_end_mib']:.1f} MiB at the end (**{summary['rss_growth_percent']:+.1f} %**).\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"machine": report.machine(), "workers": args.workers,
                               "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with tempfile.TemporaryDirectory(prefix="monoql-soak-") as folder:
        tmp = Path(folder)
        sandbox = start_sandbox(tmp)
        servers = [sandbox]
        try:
            catalog.create_bench_campaigns(sandbox.url, 60)
            tokens = {who: catalog.mint_token(sandbox.url, who) for who in ("anonymous", "fan", "admin")}
            ops = catalog.operations(catalog.market_ids(sandbox.url, catalog.ENTRY_CAMPAIGN_ID))
            gateway = start_gateway(tmp, "shipped", sandbox, workers=args.workers, max_requests=0)
            servers.append(gateway)
            for op in ops:
                catalog.post(gateway.url, op, tokens[op.caller])
            run = drive(gateway, sandbox, ops, tokens, args.minutes, tmp)
        finally:
            for server in reversed(servers):
                server.stop()
    results.update(run)
    results["summary"] = summary = summarise(run, args.minutes)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "soak.json").write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    (args.out / "soak.md").write_text(f"# monoql soak\n\n{markdown(summary, results)}", encoding="utf-8")
    print(markdown(summary, results))
    return 0 if summary["errors"] == 0 and summary["rss_ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
