"""`python -m bench.run [--quick] [--latency 0,20] [--duration S]`: the side-by-side benchmark.

One sandbox (fixed latency injected on every stand-in), monoql as shipped, monoql with the
optimisations switched off by configuration, and the floor client, all under gunicorn sync
workers on loopback, and the Node.js peer (bench.peer: Apollo Server under node:cluster), whose
answers are checked against monoql's before anything is measured. For every latency, operation and
server: a saturation run (throughput, latency under load, backend calls, CPU, RSS) and an unloaded
run (one connection: the latency a single user sees). Then the presale surge (bench.surge) and the
campaign list at 10, 100 and 1,000 items. Results go to bench/results/ (Markdown, JSON, PNG) and
the results block of bench/README.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson

from bench import catalog, peer, report, scaling, surge
from bench.load import Measurement, measure, require_wrk
from bench.stack import (
    OPTIMISATIONS_OFF,
    Server,
    default_workers,
    set_latency,
    start_floor,
    start_gateway,
    start_sandbox,
)

RESULTS = Path(__file__).resolve().parent / "results"
SERVER_ORDER = ("shipped", "off", "floor", "peer")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short runs (about 2 minutes in all)")
    parser.add_argument("--latency", default="0,20", help="backend latencies in ms, comma-separated")
    parser.add_argument("--duration", type=float, default=None, help="seconds per saturation run")
    parser.add_argument("--workers", type=int, default=default_workers(), help="gunicorn workers per server")
    parser.add_argument("--connections", type=int, default=None, help="wrk connections (default 2 x workers)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="saturation runs per server and operation, taking turns; the median is kept "
                             "(default 3, 1 with --quick)")
    parser.add_argument("--operations", default=None, help="only these operation keys, comma-separated")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 10/100/1,000 list scaling runs")
    parser.add_argument("--no-peer", action="store_true", help="leave the Node.js peer out")
    parser.add_argument("--no-surge", action="store_true", help="skip the presale surge")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results folder")
    parser.add_argument("--no-readme", action="store_true", help="leave bench/README.md alone")
    return parser.parse_args(argv)


@contextmanager
def running(servers: list[Server]) -> Iterator[None]:
    try:
        yield
    finally:
        for server in reversed(servers):
            server.stop()


def capture_responses(gateway: Server, ops: list[catalog.Operation], tokens: dict[str, str | None],
                      path: Path) -> None:
    """What monoql answers per operation: the floor serialises the same documents."""
    answers = {op.operation_name: catalog.post(gateway.url, op, tokens[op.caller]) for op in ops}
    path.write_bytes(orjson.dumps(answers))


def warm_up(server: Server, op: catalog.Operation, token: str | None, connections: int) -> None:
    """Check the answer is clean, then a short load run so every worker has its caches and pools."""
    catalog.post(server.url, op, token)
    measure(server, op.body(), token, connections=connections, seconds=1)


def run_operation(servers: dict[str, Server], op: catalog.Operation, token: str | None,
                  args: argparse.Namespace, latency: int) -> list[dict[str, Any]]:
    """Each server's saturation run `args.rounds` times, the servers taking turns (so a slower spell of
    the shared machine falls on all of them), the run of median CPU per operation kept; then its
    one-connection run."""
    names = [name for name in SERVER_ORDER
             if name in servers and not (name == "peer" and op.key not in peer.OPERATIONS)]
    for name in names:
        warm_up(servers[name], op, token, args.connections)
    runs: dict[str, list[Measurement]] = {name: [] for name in names}
    for _ in range(args.rounds):
        for name in names:
            runs[name].append(measure(servers[name], op.body(), token, connections=args.connections,
                                      seconds=args.duration, backend=servers["sandbox"]))
    rows = []
    for name in names:
        loaded = median_run(runs[name])
        single = measure(servers[name], op.body(), token, connections=1, seconds=max(1.0, args.duration / 2))
        rows.append(_row(op, latency, name, loaded, single))
        spread = ", ".join(f"{run.cpu_ms_per_op:.2f}" for run in runs[name])
        print(f"  {op.key:22} {latency:>3} ms {name:8} {loaded.throughput:8.1f} req/s "
              f"p50 {loaded.p50_ms:7.1f} ms  unloaded p50 {single.p50_ms:6.1f} ms  "
              f"calls {loaded.calls_per_op}  CPU ms/op {spread}  errors {loaded.errors + single.errors}",
              flush=True)
    return rows


def median_run(runs: list[Measurement]) -> Measurement:
    """The run of median CPU per operation (the upper one of an even count); its errors are every run's."""
    chosen = sorted(runs, key=lambda run: run.cpu_ms_per_op)[len(runs) // 2]
    return replace(chosen, errors=sum(run.errors for run in runs))


def _row(op: catalog.Operation, latency: int, config: str, loaded: Measurement,
         single: Measurement) -> dict[str, Any]:
    return {"operation": op.key, "title": op.title, "latency_ms": latency, "config": config,
            "loaded": loaded.as_dict(), "unloaded": single.as_dict()}


def select(ops: list[catalog.Operation], keys: str | None) -> list[catalog.Operation]:
    if not keys:
        return ops
    wanted = set(keys.split(","))
    return [op for op in ops if op.key in wanted]


def benchmark(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    latencies = [int(value) for value in args.latency.split(",") if value.strip()]
    sandbox = start_sandbox(tmp, latencies[0])
    servers: list[Server] = [sandbox]
    with running(servers):
        catalog.create_bench_campaigns(sandbox.url, 60 if args.no_scaling else max(scaling.SIZES))
        tokens = {caller: catalog.mint_token(sandbox.url, caller) for caller in ("anonymous", "fan", "admin")}
        ops = select(catalog.operations(catalog.market_ids(sandbox.url, catalog.ENTRY_CAMPAIGN_ID)),
                     args.operations)
        shipped = start_gateway(tmp, "shipped", sandbox, workers=args.workers)
        servers.append(shipped)
        off = start_gateway(tmp, "off", sandbox, performance=OPTIMISATIONS_OFF, workers=args.workers)
        servers.append(off)
        capture_responses(shipped, ops, tokens, tmp / "responses.json")
        servers.append(start_floor(tmp, sandbox, tmp / "responses.json", workers=args.workers))
        checked = 0
        if not args.no_peer:
            node = peer.start_peer(tmp, sandbox)
            servers.append(node)
            checked = peer.check_answers(shipped, node, catalog.check_cases(sandbox.url, ops), tokens)
            print(f"the Node peer answers {checked} operations with monoql's data", flush=True)
        by_name = {server.name: server for server in servers}
        rows: list[dict[str, Any]] = []
        for latency in latencies:
            set_latency(sandbox, latency)
            print(f"backend latency {latency} ms", flush=True)
            for op in ops:
                rows.extend(run_operation(by_name, op, tokens[op.caller], args, latency))
        set_latency(sandbox, 0)
        surge_rows = [] if args.no_surge else surge.run(by_name, ops, tokens, args)
        scale = [] if args.no_scaling else scaling.run(by_name, tokens["admin"], quick=args.quick)
    return {"rows": rows, "surge": surge_rows, "scaling": scale, "latencies": latencies,
            "peer_checked": checked}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    require_wrk()
    args.duration = args.duration or (2.0 if args.quick else 8.0)
    args.connections = args.connections or 2 * args.workers
    args.rounds = max(1, args.rounds or (1 if args.quick else 3))
    started = time.time()
    machine = report.machine()
    with tempfile.TemporaryDirectory(prefix="monoql-bench-") as folder:
        results = benchmark(args, Path(folder))
    results.update(
        machine={**machine, "load_after": report.load_average()},
        settings={"workers": args.workers, "connections": args.connections, "duration_s": args.duration,
                  "rounds": args.rounds, "quick": args.quick},
        started=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        wall_seconds=round(time.time() - started, 1),
    )
    report.write(results, args.out, readme=not args.no_readme)
    print(f"results in {args.out} ({results['wall_seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
