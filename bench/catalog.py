"""The benchmark operations: their documents, variables and callers, and the sandbox data they read.

Campaign-list operations read bench campaigns (created here through the campaigns API, newest
first), so every row has the same shape whatever the seed holds.
"""

from __future__ import annotations

import concurrent.futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import requests

from monoql_sandbox import seed_ids

OPERATIONS_DIR = Path(__file__).resolve().parent / "operations"
JWT_TTL_SECONDS = 6 * 3600
MARKETS_PER_BENCH_CAMPAIGN = 2
#: The fan's entry is written to this OPEN campaign, which has no other entries.
ENTRY_CAMPAIGN_ID = seed_ids.EMPTY_OPEN_CAMPAIGN_ID


@dataclass(frozen=True)
class Operation:
    """One GraphQL request the load generator repeats."""

    key: str
    title: str
    document_file: str
    operation_name: str
    variables: dict[str, Any]
    caller: str  # "anonymous", "fan" or "admin"

    @property
    def document(self) -> str:
        return (OPERATIONS_DIR / self.document_file).read_text()

    def body(self) -> bytes:
        return orjson.dumps(
            {"query": self.document, "operationName": self.operation_name, "variables": self.variables}
        )


def post(url: str, op: Operation, token: str | None) -> dict[str, Any]:
    """One request to `url`/graphql; stops the benchmark when the answer is not clean."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    reply = requests.post(f"{url}/graphql", data=op.body(), headers=headers, timeout=300)
    body: dict[str, Any] = reply.json()
    if reply.status_code != 200 or body.get("errors"):
        raise SystemExit(f"{url} failed {op.key}: {reply.status_code} {reply.text[:500]}")
    return body


def entry_answers(market_ids: list[str]) -> dict[str, Any]:
    return {
        "email": "bench.fan@example.com",
        "phone": "+15555550123",
        "market": market_ids[0],
        "optional_markets": market_ids[1:3],
        "ticket_count": 2,
        "allow_marketing": True,
    }


def operations(entry_market_ids: list[str], list_limit: int = 50) -> list[Operation]:
    """The five benchmark operations, in report order."""
    campaign = seed_ids.OPEN_CAMPAIGN_ID
    return [
        Operation("fan_landing", "Fan landing (anonymous, by domain)", "fan_landing.graphql", "FanLanding",
                  {"domain": seed_ids.OPEN_CAMPAIGN_DOMAIN, "locale": "en_US"}, "anonymous"),
        Operation("fan_entry", "Fan entry submission", "fan_entry.graphql", "SubmitEntry",
                  {"campaignId": ENTRY_CAMPAIGN_ID, "locale": "en_US",
                   "entry": entry_answers(entry_market_ids)}, "fan"),
        Operation("admin_campaign", "Admin campaign page (all locales)", "admin_campaign.graphql",
                  "AdminCampaignPage", {"id": campaign}, "admin"),
        list_operation(list_limit),
        Operation("admin_metrics", "Admin metrics dashboard", "admin_metrics.graphql",
                  "AdminMetricsDashboard",
                  {"campaignId": campaign, "id": campaign}, "admin"),
    ]


def list_operation(limit: int) -> Operation:
    return Operation("admin_campaign_list", f"Admin campaign list ({limit} with markets)",
                     "admin_campaign_list.graphql", "AdminCampaignList", {"limit": limit}, "admin")


def mint_token(sandbox_url: str, caller: str) -> str | None:
    """A long-lived session JWT from the sandbox for `caller` (None for anonymous)."""
    if caller == "anonymous":
        return None
    supreme = caller == "admin"
    user_id = seed_ids.SUPREME_USER_ID if supreme else seed_ids.FAN_USER_ID
    claims = {
        "user": {"id": user_id, "tmSig": "bench"},
        "isAdmin": supreme,
        "isSupreme": supreme,
        "permissions": {},
    }
    body = {"claims": claims, "ttlSeconds": JWT_TTL_SECONDS}
    reply = requests.post(f"{sandbox_url}/_sandbox/token", json=body, timeout=10)
    reply.raise_for_status()
    token: str = reply.json()["token"]
    return token


def market_ids(sandbox_url: str, campaign_id: str) -> list[str]:
    reply = requests.get(f"{sandbox_url}/campaigns/campaigns/{campaign_id}/markets", timeout=10)
    reply.raise_for_status()
    return [market["id"] for market in reply.json()["data"]]


def _create_campaign(session: requests.Session, sandbox_url: str, index: int) -> None:
    base = f"{sandbox_url}/campaigns/campaigns"
    doc = {
        "name": f"Bench Tour {index:04d} Presale",
        "type": "registration",
        "domain": {"site": f"bench-{index:04d}"},
        "artist": {"id": f"K8vZbench{index:04d}", "name": f"Bench Artist {index:04d}"},
        "referenceTimezone": "America/New_York",
        "locales": [{"id": "en-US", "is_default": True}, {"id": "fr-CA", "is_default": False}],
        "content": {"en-US": {"body": {"signup": {"infoBody": "Sign up now"}}}},
        "schema": {"version": "2"},
        "status": "OPEN",
    }
    created = session.post(base, json=doc, timeout=30)
    created.raise_for_status()
    campaign_id = created.json()["data"]["id"]
    for market in range(MARKETS_PER_BENCH_CAMPAIGN):
        body = {
            "name": f"City {market}", "city": f"City {market}", "state": "NY",
            "timezone": "America/New_York", "population": 100000 + market,
            "event": {"name": f"Bench Show {market}", "date": "2030-03-01T00:00:00.000Z",
                      "venue": {"name": f"Hall {market}"}},
        }
        session.post(f"{base}/{campaign_id}/markets", json=body, timeout=30).raise_for_status()


def create_bench_campaigns(sandbox_url: str, count: int) -> None:
    """`count` OPEN registration campaigns with markets, made as the supreme user (newest in lists)."""
    token = mint_token(sandbox_url, "admin")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for future in [pool.submit(_create_campaign, session, sandbox_url, i) for i in range(count)]:
            future.result()


#: The locales the answer check reads every seeded campaign in.
CHECK_LOCALES = ("en_US", "fr_CA", "en_CA", "es_MX")


def seeded_campaigns(sandbox_url: str) -> list[dict[str, Any]]:
    """The sandbox's own campaigns (not the bench's), as the campaigns service lists them."""
    token = mint_token(sandbox_url, "admin")
    docs: list[dict[str, Any]] = []
    page_size = 1000
    for page in range(100):  # every page: the bench campaigns come first (newest first)
        reply = requests.get(f"{sandbox_url}/campaigns/campaigns/list",
                             params={"page": str(page), "pageSize": str(page_size)},
                             headers={"Authorization": f"Bearer {token}"}, timeout=30)
        reply.raise_for_status()
        items = reply.json()["data"]
        docs += items
        if len(items) < page_size:
            break
    return [doc for doc in docs if not str((doc.get("domain") or {}).get("site") or "").startswith("bench-")]


def check_cases(sandbox_url: str, ops: list[Operation]) -> list[Operation]:
    """The bench operations, plus the fan landing of every seeded campaign domain in four locales
    and the admin campaign page and metrics dashboard of every seeded campaign."""
    by_key = {op.key: op for op in ops}
    cases = [op for op in ops if op.key != "fan_entry"]
    for doc in seeded_campaigns(sandbox_url):
        site = (doc.get("domain") or {}).get("site")
        if site and "fan_landing" in by_key:
            base = by_key["fan_landing"]
            cases += [Operation(base.key, base.title, base.document_file, base.operation_name,
                                {"domain": site, "locale": locale}, base.caller) for locale in CHECK_LOCALES]
        for key, variables in (("admin_campaign", {"id": doc["id"]}),
                               ("admin_metrics", {"campaignId": doc["id"], "id": doc["id"]})):
            if key in by_key:
                base = by_key[key]
                cases.append(Operation(base.key, base.title, base.document_file, base.operation_name,
                                       variables, base.caller))
    return cases
