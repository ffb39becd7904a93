"""Seeded entries with scoring records, invite lists, codes and stats (docs/sandbox.md §3)."""

import itertools
import random
import string
from datetime import datetime, timedelta
from typing import Any

from monoql_sandbox import seed_ids as ids
from monoql_sandbox.clock import iso
from monoql_sandbox.state import Sandbox

FAN_CAMPAIGNS = [
    ids.OPEN_CAMPAIGN_ID,
    ids.OPEN_CAMPAIGN_2_ID,
    ids.CLOSED_CAMPAIGN_ID,
    ids.PASSWORD_CAMPAIGN_ID,
]
CODE_CAMPAIGNS = [ids.OPEN_CAMPAIGN_ID, ids.OPEN_CAMPAIGN_2_ID, ids.CLOSED_CAMPAIGN_ID]


def _ref(rng: random.Random) -> str:
    return f"REF-{rng.getrandbits(24):06X}"


def _fields(rng: random.Random, user: dict[str, Any], plan: dict[str, Any]) -> dict[str, Any]:
    market_ids = plan["markets"]
    first = rng.choices(market_ids, cum_weights=plan["weights"])[0]
    others = [m for m in market_ids if m != first]
    fields = {
        "email": user["email"],
        "phone": user["phone"],
        "market": first,
        "optional_markets": rng.sample(others, rng.randint(0, min(3, len(others)))),
        "ticket_count": rng.randint(1, 4),
        "allow_marketing": rng.random() < 0.6,
    }
    if plan["version"] == "2":
        fields["name"] = {"first": user["firstName"], "last": user["lastName"]}
    return fields


def _score(rng: random.Random, scoring: dict[str, Any], market_first: str) -> None:
    roll = rng.random()
    scoring["score"] = None if roll < 0.08 else round(rng.random(), 4)
    scoring["randomScore"] = round(rng.random(), 6)
    scoring["verdict"] = None if roll < 0.1 else (rng.random() < 0.78)
    if scoring["verdict"] and rng.random() < 0.05:
        scoring["codes"] = [{"id": f"SEL-{rng.getrandbits(24):06X}", "marketId": market_first}]


def _add(sb: Sandbox, rng: random.Random, plan: dict[str, Any], user: dict[str, Any], when: datetime) -> None:
    fields = _fields(rng, user, plan)
    stamp = iso(when)
    entry = {
        "campaign_id": plan["id"],
        "user_id": user["id"],
        "date": {
            "created": stamp,
            "updated": stamp,
            "phoneConfirmed": iso(when + timedelta(minutes=5)) if rng.random() < 0.3 else None,
        },
        "fields": fields,
        "attributes": {"card_citi": "CITI" in user["cards"]},
        "locale": plan["locale"],
        "code": _ref(rng),
    }
    scoring = {
        "user_id": user["id"],
        "memberId": user["memberId"],
        "globalUserId": user["globalUserId"],
        "email": user["email"],
        "phone": user["phone"],
        "marketIds": [fields["market"], *fields["optional_markets"]],
        "score": None,
        "randomScore": None,
        "verdict": None,
        "tags": {},
        "codes": [],
    }
    _score(rng, scoring, fields["market"])
    context = {
        "user_agent": "Mozilla/5.0 (seed)",
        "ip": f"203.0.113.{rng.randint(1, 254)}",
        "ip_country": "US",
        "forwarded_for": None,
        "session_id": f"nd-{rng.getrandbits(24):06x}",
    }
    sb.store.campaign_entries(plan["id"])[user["id"]] = {
        "entry": entry,
        "context": context,
        "refs": {},
        "scoring": scoring,
    }


def seed_entries(
    sb: Sandbox, rng: random.Random, now: datetime, specs: dict[str, Any], population: list[dict[str, Any]]
) -> None:
    store = sb.store
    fan = store.users[ids.FAN_USER_ID]
    for cid, spec in specs.items():
        campaign = store.campaigns[cid]
        market_ids = [m["id"] for m in store.campaign_markets(cid)]
        if spec["type"] != "registration" or not market_ids:
            continue
        weights = list(itertools.accumulate(range(len(market_ids), 0, -1)))  # first markets are more popular
        plan = {
            "id": cid,
            "markets": market_ids,
            "weights": weights,
            "version": campaign["schema"]["version"],
            "locale": campaign["locales"][0]["id"],
        }
        for user in rng.sample(population, min(spec["entries"], len(population))):
            _add(sb, rng, plan, user, now - timedelta(minutes=rng.randint(60, 14000)))
        if cid in FAN_CAMPAIGNS:
            _add(sb, rng, plan, fan, now - timedelta(days=2))
    for cid in ids.GATED_CAMPAIGN_IDS:
        invited = {fan["memberId"], fan["globalUserId"], fan["email"]}
        invited.update(u["memberId"] for u in population[:50])
        store.invites[cid] = invited


def seed_codes(sb: Sandbox, rng: random.Random, now: datetime) -> None:
    """Codes of both types in every state: available, reserved, expired reservation, assigned."""
    for cid in CODE_CAMPAIGNS:
        codes = sb.store.codes.setdefault(cid, {})
        for kind in ("tm", "external"):
            for i in range(160):
                code = f"{kind.upper()[:3]}{cid[-4:].upper()}{i:04d}{rng.choice(string.ascii_uppercase)}"
                record: dict[str, Any] = {
                    "code": code,
                    "type": kind,
                    "campaign_id": cid,
                    "reserveId": None,
                    "date": {"saved": iso(now - timedelta(days=20)), "reserved": None, "assigned": None},
                }
                state = i % 4
                if state in (1, 2):  # reserved 1 h ago, or 30 h ago (counts as available again)
                    record["date"]["reserved"] = iso(now - timedelta(hours=1 if state == 1 else 30))
                    record["reserveId"] = f"seed-reserve-{i % 7}"
                elif state == 3:
                    record["date"]["reserved"] = iso(now - timedelta(days=3))
                    record["date"]["assigned"] = iso(now - timedelta(days=2))
                codes[code] = record


def seed_stats(sb: Sandbox, now: datetime) -> None:
    cid = ids.OPEN_CAMPAIGN_ID
    for i, market_id in enumerate(ids.OPEN_CAMPAIGN_MARKET_IDS[:3]):
        for stype, status in (
            ("selection", "FINISHED"),
            ("filterList", ["FINISHED", "FAILED", "PROCESSING"][i]),
        ):
            stamp = iso(now - timedelta(days=3, hours=i))
            key = (cid, market_id, "20291201", stype)
            count = {"selected": 40 + i} if stype == "selection" else {"in": 500 + i, "out": 450 + i}
            sb.store.stats[key] = {
                "_id": {"campaignId": cid, "marketId": market_id, "dateId": "20291201", "type": stype},
                "count": count,
                "status": status,
                "meta": None,
                "errors": [] if status != "FAILED" else [{"message": "seeded failure"}],
                "date": {"created": stamp, "updated": stamp},
            }
