"""Seeded campaigns, markets and campaign contacts (docs/sandbox.md §3)."""

from datetime import datetime, timedelta
from typing import Any

from monoql_sandbox import seed_ids as ids
from monoql_sandbox.clock import iso
from monoql_sandbox.seed_data import CITIES, LABELS, TEXT, VENUE_WORDS

DAY = timedelta(days=1)


def _dates(status: str, now: datetime, index: int) -> dict[str, Any]:
    created = now - timedelta(days=120, minutes=index)
    dates: dict[str, Any] = {
        "created": iso(created),
        "updated": iso(created + DAY),
        "open": None,
        "opened": None,
        "close": None,
        "closed": None,
        "finish": None,
    }
    if status == "OPEN":
        dates.update(opened=iso(now - 10 * DAY), close=iso(now + 60 * DAY))
    elif status == "CLOSED":
        dates.update(opened=iso(now - 60 * DAY), closed=iso(now - 5 * DAY))
    elif status == "INACTIVE":
        dates.update(opened=iso(now - 110 * DAY), closed=iso(now - 70 * DAY), inactivated=iso(now - 40 * DAY))
    elif status == "PREVIEW":
        dates.update(open=iso(now + 14 * DAY), close=iso(now + 90 * DAY))
    else:
        dates.update(open=iso(now + 30 * DAY), close=iso(now + 120 * DAY))
    dates.update(
        finish=iso(now + 150 * DAY),
        presaleWindowStart=iso(now + 70 * DAY),
        presaleWindowEnd=iso(now + 72 * DAY),
        generalOnsale=iso(now + 75 * DAY),
        sendEmailReminders=None,
        sendReminderEmails=[],
        triggeredEmailReminders=None,
    )
    return dates


def _content(locales: list[str]) -> dict[str, Any]:
    content = {}
    for locale in locales:
        info, question, answer = TEXT[locale[:2]]
        content[locale] = {
            "body": {"signup": {"infoBody": info}},
            "faqs": {
                "f1": {"question": question, "answer": answer},
                "f2": {"question": question + " (2)", "answer": answer},
            },
        }
    return content


def _preferences(locales: list[str], version: str) -> list[dict[str, Any]]:
    prefs = [
        ("email", "email", False),
        ("phone", "phone", False),
        ("market", "market_select", False),
        ("optional_markets", "additional_markets_select", True),
        ("ticket_count", "ticket_count", True),
        ("allow_marketing", "opt_in", True),
    ]
    if version == "2":
        prefs += [("name", "name", True), ("zip", "zip", True)]
    return [
        {
            "id": pid,
            "type": ptype,
            "is_optional": optional,
            "label": {lo: LABELS[pid][lo[:2]] for lo in locales},
            "additional": {"min": 1, "max": 8} if ptype == "ticket_count" else {},
        }
        for pid, ptype, optional in prefs
    ]


def _options(spec: dict[str, Any]) -> dict[str, Any]:
    gate = {
        "card": None,
        "inviteOnly": None,
        "linkedAccount": None,
        "campaignId": None,
        "linkedCampaign": None,
        "idv": None,
        **spec["gate"],
    }
    return {
        "requirePassword": bool(spec.get("password")),
        "passwordValue": spec.get("password"),
        "promptConfirmPhone": True,
        "allowIntlPhones": spec.get("cities") == "MX",
        "showAccessCode": False,
        "useGenericBranding": False,
        "hideFaq": False,
        "isLNAA": False,
        "queueId": None,
        "automatedReminders": False,
        "waitingRoomDuration": None,
        "gate": gate,
        "requirePrecheck": {"pastCampaignId": spec.get("precheck")},
        "linkableAttributes": ["card_citi", "card_amex"],
    }


def build_campaign(
    index: int,
    slug: str,
    name: str,
    domain: str | None,
    spec: dict[str, Any],
    artist: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    locales, status = spec["locales"], spec["status"]
    site = None if status == "INACTIVE" else domain
    registration = spec["type"] == "registration"
    return {
        "id": ids.campaign_id(slug),
        "type": spec["type"],
        "subType": None,
        "status": status,
        "name": name,
        "identifier": spec.get("identifier", "memberId"),
        "categoryId": spec.get("categoryId"),
        "artist": {
            "id": artist["id"],
            "discovery_id": artist["id"],
            "name": artist["name"],
            "image_url": artist["image_url"],
            "needs_id": False,
            "fanclubName": None,
        },
        "tour": {"name": f"{artist['name']} World Tour"},
        "domain": {
            "site": site,
            "share": f"{domain}-share" if domain else None,
            "preview": f"{domain}-preview" if status == "PREVIEW" and domain else None,
        },
        "referenceTimezone": "America/New_York",
        "date": _dates(status, now, index),
        "options": _options(spec),
        "style": {"theme": {"primary": "#026cdf"}},
        "image": {
            "main": {
                "url": f"https://images.example.com/{slug}.jpg",
                "width": 1200,
                "height": 600,
                "alt_text": name,
            }
        },
        "content": _content(locales),
        "faqs": {
            "landing": {"open": ["f1", "f2"], "closed": ["f1"], "activePresale": []},
            "confirmation": {"open": [], "closed": [], "activePresale": []},
        },
        "preferences": _preferences(locales, spec["version"]) if registration else [],
        "locales": [{"id": lo, "is_default": i == 0} for i, lo in enumerate(locales)],
        "trackers": [],
        "slack": {"channels": {"stats": []}, "noAlert": False},
        "login_types": [],
        "eventIds": [] if registration else [f"G5vYZ9{index:06d}"],
        "scoring": spec.get("scoring"),
        "schema": {"version": spec["version"]},
        "entry": None,
    }


def build_markets(
    slug: str, spec: dict[str, Any], rng, promoter_ids: list[str], now: datetime
) -> list[dict[str, Any]]:
    country = spec.get("cities", "US")
    cities = [c for c in CITIES if c[2] == country] if country != "US" else CITIES[:12]
    count = min(len(cities), 6 if slug == "nova-lane" else 5)
    chosen = cities[:count] if len(cities) <= count else rng.sample(cities, count)
    if country != "US" and len(chosen) < 5:
        chosen += rng.sample(CITIES[:12], 5 - len(chosen))
    markets = []
    for i, (city, state, _country, tz, lat, lng, population) in enumerate(chosen):
        when = now + timedelta(days=80 + i)
        markets.append(
            {
                "id": ids.market_id(slug, i),
                "campaign_id": ids.campaign_id(slug),
                "name": city,
                "city": city,
                "state": state,
                "timezone": tz,
                "population": population,
                "point": {"type": "Point", "coordinates": [lat, lng]},
                "event": {
                    "id": None,
                    "ids": [f"G5vYZ9{int(ids.market_id(slug, i)[:5], 16) % 10**6:06d}"],
                    "name": f"{slug.replace('-', ' ').title()} Live",
                    "date": iso(when),
                    "presaleDateTime": iso(when - timedelta(days=10)),
                    "ticketer": "Ticketmaster",
                    "venue": {"name": f"{city} {rng.choice(['Arena', 'Harbour Hall', 'Pavilion'])}"},
                    "link": f"https://tickets.example.com/{slug}/{i}",
                    "sharedCode": None,
                    "splitAllocation": {"type": "concurrent", "link": None, "isActive": False},
                },
                "isAddedShow": i == count - 1,
                "promoterIds": [promoter_ids[i % len(promoter_ids)]],
                "date": {
                    "created": iso(now - timedelta(days=100, minutes=-i)),
                    "updated": iso(now - timedelta(days=100, minutes=-i)),
                },
            }
        )
    return markets


def venue_names() -> list[str]:
    return [f"{c[0]} {w}" for c in CITIES for w in VENUE_WORDS[:3]]
