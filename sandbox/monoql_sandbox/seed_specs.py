"""The seeded campaigns (docs/sandbox.md §3): what all share; each one's slug, name, domain, overrides."""

from typing import Any

from monoql_sandbox import seed_ids as ids

BASE = {
    "type": "registration",
    "status": "OPEN",
    "locales": ["en-US"],
    "version": "2",
    "gate": {},
    "entries": 150,
}

# (slug, name, domain, overrides)
SPECS: list[tuple[str, str, str | None, dict[str, Any]]] = [
    (
        "nova-lane",
        "Nova Lane 2030 Presale",
        "novalane",
        {"locales": ["en-US", "fr-CA"], "entries": 1400, "categoryId": "10001"},
    ),
    ("harbor-lights", "Harbor Lights Tour Presale", "harborlights", {"version": "1", "entries": 600}),
    ("quiet-harbor", "Quiet Harbor Presale", "quietharbor", {"entries": 0}),
    (
        "secret-garden",
        "Secret Garden Members Presale",
        "secretgarden",
        {"password": ids.PASSWORD_CAMPAIGN_PASSWORD, "entries": 200},
    ),
    ("echo-precheck", "Echo Park Precheck Presale", "echoprecheck", {"precheck": ids.OPEN_CAMPAIGN_ID}),
    (
        "echo-campaign-gate",
        "Echo Park Campaign Gate",
        "echocampaigngate",
        {"gate": {"campaignId": ids.OPEN_CAMPAIGN_2_ID}},
    ),
    (
        "echo-linked-campaign",
        "Echo Park Linked Campaign",
        "echolinked",
        {"gate": {"linkedCampaign": ids.OPEN_CAMPAIGN_ID}},
    ),
    ("echo-invite-only", "Echo Park Invite Only", "echoinvite", {"gate": {"inviteOnly": "memberId"}}),
    ("echo-card-citi", "Echo Park Citi Cardmembers", "echociti", {"gate": {"card": "CITI"}}),
    ("echo-verizon", "Echo Park Verizon Up", "echoverizon", {"gate": {"linkedAccount": "VERIZON"}}),
    ("echo-idv", "Echo Park Verified Identity", "echoidv", {"gate": {"idv": "asu"}}),
    ("last-call", "Last Call Reunion Presale", "lastcall", {"status": "CLOSED", "entries": 400}),
    ("old-echoes", "Old Echoes Farewell", "oldechoes", {"status": "INACTIVE", "version": "1"}),
    ("future-sound", "Future Sound Announce", "futuresound", {"status": "DRAFT", "entries": 0}),
    ("sneak-peek", "Sneak Peek Preview", "sneakpeek", {"status": "PREVIEW", "entries": 0}),
    (
        "sol-de-mexico",
        "Sol de México Preventa",
        "soldemexico",
        {"locales": ["es-MX", "en-US"], "cities": "MX", "categoryId": "10002"},
    ),
    (
        "maple-nights",
        "Maple Nights Canada",
        "maplenights",
        {"locales": ["en-CA", "fr-CA"], "cities": "CA", "version": "1"},
    ),
    ("velvet-tide", "Velvet Tide Presale", "velvettide", {"categoryId": "10003"}),
    ("crimson-foxes", "Crimson Foxes Presale", "crimsonfoxes", {"version": "1", "status": "CLOSED"}),
    ("silver-hearts", "Silver Hearts Presale", "silverhearts", {"locales": ["en-US", "es-MX"]}),
    ("golden-arcade", "Golden Arcade Presale", "goldenarcade", {"status": "CLOSED", "categoryId": "10004"}),
    ("midnight-kites", "Midnight Kites Presale", "midnightkites", {"version": "1"}),
    ("paper-bloom", "Paper Bloom Presale", "paperbloom", {"locales": ["fr-CA", "en-CA"], "cities": "CA"}),
    ("neon-rivers", "Neon Rivers Presale", "neonrivers", {"status": "DRAFT"}),
    ("lunar-park", "Lunar Park Presale", "lunarpark", {"status": "INACTIVE"}),
    ("static-tide", "Static Tide Presale", "statictide", {"locales": ["en-GB", "en-US"]}),
    ("fanlist-aurora", "Aurora Fan List", None, {"type": "fanlist", "scoring": "raw", "identifier": "email"}),
    (
        "fanlist-borealis",
        "Borealis Fan List",
        None,
        {"type": "fanlist", "scoring": "xnum", "status": "CLOSED", "version": "1"},
    ),
    ("fanlist-ocean", "Ocean Fan List", None, {"type": "fanlist", "scoring": "raw", "status": "DRAFT"}),
    (
        "fanlist-wild",
        "Wild Fan List",
        None,
        {"type": "fanlist", "scoring": "xnum", "status": "INACTIVE", "identifier": "globalUserId"},
    ),
    ("fanlist-electric", "Electric Fan List", None, {"type": "fanlist", "scoring": "raw"}),
]
