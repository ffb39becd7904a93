"""Deterministic seed data (docs/sandbox.md §3): fixed random seed, ids derived from fixed names."""

import random
from datetime import datetime, timedelta
from typing import Any

from monoql_sandbox import accounts
from monoql_sandbox import seed_ids as ids
from monoql_sandbox.clock import epoch_ms, iso
from monoql_sandbox.ids import derived_id
from monoql_sandbox.seed_campaigns import build_campaign, build_markets, venue_names
from monoql_sandbox.seed_data import ARTIST_FIRST, ARTIST_SECOND, CITIES, FIRST_NAMES, LAST_NAMES
from monoql_sandbox.seed_entries import seed_codes, seed_entries, seed_stats
from monoql_sandbox.seed_objects import seed_exports, seed_objects
from monoql_sandbox.seed_specs import BASE, SPECS
from monoql_sandbox.state import Sandbox

SEED = 20300105
POPULATION = 2500


def seed(sb: Sandbox) -> None:
    """Drop all state and load the seed."""
    store = sb.store
    with store.lock:
        store.clear()
        rng = random.Random(SEED)
        now = sb.now()
        artists = _directory(sb, rng, now)
        specs = _campaigns(sb, rng, now, artists)
        _accounts(sb, now)
        population = _population(sb, now)
        seed_entries(sb, rng, now, specs, population)
        seed_codes(sb, rng, now)
        seed_stats(sb, now)
        seed_objects(sb, rng, now)
        seed_exports(sb, now)


def _directory(sb: Sandbox, rng: random.Random, now: datetime) -> list[dict[str, Any]]:
    store, stamp = sb.store, iso(now - timedelta(days=200))
    for i, name in enumerate(["Live Nation", "AEG Presents", "Evenko", "OCESA"]):
        pid = derived_id(f"promoter:{i}")
        store.promoters[pid] = {
            "id": pid,
            "name": name,
            "date": {"created": stamp, "updated": stamp},
            "privacyUrls": [
                {"locale": "en-US", "url": f"https://privacy.example.com/{i}", "is_default": True}
            ],
        }
    for first in ARTIST_FIRST:
        for second in ARTIST_SECOND[:2]:
            aid = f"K8vZ917{int(derived_id(f'artist:{first}{second}')[:6], 16) % 10**4:04d}"
            store.artists.append(
                {
                    "id": aid,
                    "discovery_id": aid,
                    "name": f"{first} {second}",
                    "image_url": f"https://images.example.com/artists/{aid}.jpg",
                    "needs_id": False,
                }
            )
    for i, name in enumerate(venue_names()):
        city = CITIES[i // 3]
        vid = f"KovZpZA{i:04d}"
        store.venues.append(
            {
                "id": vid,
                "discovery_id": vid,
                "name": name,
                "image_url": None,
                "needs_id": False,
                "locale": "en-us",
                "city": city[0],
                "state": city[1],
                "country": city[2],
                "zip": f"{10000 + i:05d}",
                "timezone": city[3],
                "point": {"type": "Point", "coordinates": [city[5], city[4]]},
            }
        )
    for i in range(40):
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        store.directory.append(
            {
                "id": derived_id(f"contact:{i}"),
                "name": f"{first} {last}",
                "email": f"{first.lower()}.{last.lower()}{i}@promoter.example.com",
                "phone": f"+1555010{i:04d}",
                "role": rng.choice(["promoter", "agent", "manager"]),
            }
        )
    return store.artists


def _campaigns(
    sb: Sandbox, rng: random.Random, now: datetime, artists: list[dict[str, Any]]
) -> dict[str, Any]:
    store, specs = sb.store, {}
    promoter_ids = list(store.promoters)
    by_name = {a["name"].split()[0].lower(): a for a in artists}
    for index, (slug, name, domain, overrides) in enumerate(SPECS):
        spec = {**BASE, **overrides}
        artist = by_name.get(slug.split("-")[0]) or artists[index % len(artists)]
        campaign = build_campaign(index, slug, name, domain, spec, artist, now)
        store.campaigns[campaign["id"]] = campaign
        if spec["type"] == "registration":
            for market in build_markets(slug, spec, rng, promoter_ids, now):
                store.markets[market["id"]] = market
        if index % 3 == 0:
            store.contacts[campaign["id"]] = [dict(store.directory[index % 40])]
        specs[campaign["id"]] = spec
    return specs


def _profile(
    user: dict[str, Any], first: str, last: str, email: str, phone: str, zip_code: str, now_ms: int
) -> None:
    user.update(firstName=first, lastName=last, zip=zip_code)
    accounts.set_email(user, email, now_ms)
    accounts.set_phone(user, phone, now_ms)
    user["phoneList"][-1]["date"]["confirmed"] = now_ms


def _accounts(sb: Sandbox, now: datetime) -> None:
    store, now_ms = sb.store, epoch_ms(now)
    supreme = accounts.new_user(accounts.SUPREME, now_ms, supreme=True)
    _profile(supreme, "Sam", "Supreme", "supreme@sandbox.example.com", "+15555550101", "10001", now_ms)
    manager = accounts.new_user(accounts.MANAGER, now_ms)
    _profile(manager, "Max", "Manager", "manager@sandbox.example.com", "+15555550102", "94105", now_ms)
    for cid in ids.MANAGER_CAMPAIGN_IDS:
        manager["permissions"][cid] = ["VIEW", "INVITE", "REPORT"]
    manager["permissions"][ids.MANAGER_NO_REPORT_CAMPAIGN_ID] = ["VIEW", "INVITE"]
    manager["permDates"] = dict.fromkeys(manager["permissions"], now_ms)
    fan = accounts.new_user(accounts.FAN, now_ms)
    _profile(fan, "Sandy", "Fan", "fan@sandbox.example.com", "+15555550100", "10001", now_ms)
    fan.update(cards=list(accounts.ALL_CARDS), linkedAccounts=list(accounts.ALL_LINKED), idv="asu")
    for user in (supreme, manager, fan):
        store.users[user["id"]] = user
        store.accounts[user["account"]] = user["id"]


def _population(sb: Sandbox, now: datetime) -> list[dict[str, Any]]:
    """Seeded fans behind the seeded entries (not sandbox accounts: they cannot log in)."""
    now_ms, users = epoch_ms(now), []
    for i in range(POPULATION):
        user = accounts.new_user(f"seed-population-{i:05d}", now_ms)
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i // 3) % len(LAST_NAMES)]
        user.update(
            firstName=first,
            lastName=last,
            zip=f"{10000 + i % 89000:05d}",
            email=f"fan{i:05d}@fans.example.com",
            phone=f"+1555{2000000 + i:07d}",
            cards=["CITI"] if i % 5 == 0 else [],
        )
        sb.store.users[user["id"]] = user
        users.append(user)
    return users
