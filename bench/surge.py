"""The presale surge: many distinct anonymous fans on the landing pages of a few campaigns at once,
then a logged-in fan's entry right after.

Each surge request is another fan (its own address and browser, no session) asking for one of a
few campaign landing pages in one of two locales; the gateway's CPU per operation and the backend
calls its caches save are what decide how many pods a presale needs. Right after, a signed-in fan
submits an entry: it must be answered as that fan (logged in, the entry read back), not from any
anonymous cache.
"""

from __future__ import annotations

import argparse
from typing import Any

from bench import catalog
from bench.load import Measurement, measure
from bench.stack import Server
from monoql_sandbox import seed_ids

#: A few campaigns on sale at once, each in two locales.
SURGE_DOMAINS = (seed_ids.OPEN_CAMPAIGN_DOMAIN, seed_ids.OPEN_CAMPAIGN_2_DOMAIN,
                 seed_ids.EN_CA_CAMPAIGN_DOMAIN)
SURGE_LOCALES = ("en_US", "fr_CA")
#: Servers the surge runs against: monoql as shipped and the Node peer (when it runs).
SURGE_SERVERS = ("shipped", "peer")


def landing_operations(fan_landing: catalog.Operation) -> list[catalog.Operation]:
    return [catalog.Operation(fan_landing.key, fan_landing.title, fan_landing.document_file,
                              fan_landing.operation_name, {"domain": domain, "locale": locale}, "anonymous")
            for domain in SURGE_DOMAINS for locale in SURGE_LOCALES]


def surge_body(fan_landing: catalog.Operation) -> bytes:
    """One request body a line (wrk.lua's SURGE mode sends them in turn)."""
    return b"\n".join(op.body() for op in landing_operations(fan_landing))


def check_entry(server: Server, entry: catalog.Operation, token: str | None) -> None:
    """The fan's entry right after the surge is answered as that fan, with the entry read back."""
    body = catalog.post(server.url, entry, token)
    viewer = body["data"]["upsertViewerEntry"]
    fields = ((viewer.get("campaign") or {}).get("entry") or {}).get("fields")
    if viewer.get("isLoggedIn") is not True or not fields:
        raise SystemExit(f"{server.name}: the entry after the surge was not answered as the fan: {body}")


def _row(server: Server, phase: str, loaded: Measurement) -> dict[str, Any]:
    return {"config": server.name, "phase": phase, "loaded": loaded.as_dict()}


def run(servers: dict[str, Server], ops: list[catalog.Operation], tokens: dict[str, str | None],
        args: argparse.Namespace) -> list[dict[str, Any]]:
    """Per server: the surge at saturation, then the fan's entry (monoql; the peer has no mutations)."""
    by_key = {op.key: op for op in ops}
    landing, entry = by_key.get("fan_landing"), by_key.get("fan_entry")
    if landing is None:
        return []
    for op in landing_operations(landing):
        for name in SURGE_SERVERS:
            if name in servers:
                catalog.post(servers[name].url, op, None)  # every page answers cleanly before the surge
    rows = []
    body = surge_body(landing)
    for name in SURGE_SERVERS:
        server = servers.get(name)
        if server is None:
            continue
        measure(server, body, None, connections=args.connections, seconds=1, surge=True)  # warm-up
        loaded = measure(server, body, None, connections=args.connections, seconds=args.duration,
                         backend=servers["sandbox"], surge=True)
        rows.append(_row(server, "surge", loaded))
        print(f"  surge {name:8} {loaded.throughput:8.1f} req/s p50 {loaded.p50_ms:7.1f} ms  "
              f"CPU {loaded.cpu_ms_per_op:6.2f} ms/op  calls {loaded.calls_per_op} "
              f"(sent {loaded.network_calls_per_op})  errors {loaded.errors}", flush=True)
        if entry is not None and name == "shipped":
            check_entry(server, entry, tokens[entry.caller])
            after = measure(server, entry.body(), tokens[entry.caller], connections=1,
                            seconds=max(1.0, args.duration / 2), backend=servers["sandbox"])
            check_entry(server, entry, tokens[entry.caller])
            rows.append(_row(server, "entry", after))
            print(f"  entry {name:8} {after.throughput:8.1f} req/s p50 {after.p50_ms:7.1f} ms  "
                  f"CPU {after.cpu_ms_per_op:6.2f} ms/op  errors {after.errors}", flush=True)
    return rows
