"""The entries client's calls: every method's request and answer (docs/services.md §3)."""

from __future__ import annotations

from typing import Any

CID = "64b7f0c2a1e4d3b2c1a0aa01"
P = f"/entries/{CID}"
ENTRY = {"campaign_id": CID, "fields": {"email": "sam@example.com"}, "date": {"phoneConfirmed": None}}
BY_MARKET = [{"id": "m1", "count": 3}]

CASES: list[dict[str, Any]] = [
    {"method": "get_entry", "args": (CID,), "http": "GET", "path": f"{P}/entries", "answer": ENTRY},
    {
        "method": "upsert_entry",
        "args": (CID, {"email": "sam@example.com", "locale": "en-US", "ip": "1.2.3.4"}),
        "http": "POST",
        "path": f"{P}/entries",
        "json": {"email": "sam@example.com", "locale": "en-US", "ip": "1.2.3.4"},
        "answer": ENTRY,
    },
    {
        "method": "get_registration_eligibility",
        "args": (CID,),
        "http": "GET",
        "path": f"{P}/entries/registrationEligibility",
        "answer": {"isEligible": False, "eligible": False, "reason": "NOT_INVITED"},
    },
    {
        "method": "confirm_phone",
        "args": (CID, "phone.jwt.value"),
        "http": "POST",
        "path": f"{P}/entries/confirm",
        "json": {"phoneJwt": "phone.jwt.value"},
        "answer": ENTRY,
    },
    {
        "method": "refresh_attribute",
        "args": (CID, "card_citi"),
        "http": "GET",
        "path": f"{P}/refreshattribute",
        "query": [("type", "card_citi")],
        "answer": ENTRY,
    },
    {
        "method": "transfer_entries",
        "args": (CID, "m1", "m2"),
        "http": "POST",
        "path": f"{P}/entries/transfer",
        "json": {"fromMarketId": "m1", "toMarketId": "m2"},
        "answer": {"fromMarketId": "m1", "toMarketId": "m2", "transferred": 4},
    },
    {
        "method": "get_entry_counts",
        "args": (CID,),
        "http": "GET",
        "path": f"{P}/entries/counts",
        "answer": [{"id": "m1", "counts": [1, 2, 3, 4]}],
    },
    {
        "method": "get_eligibility",
        "args": (CID, ["m1", "m2"], 1, 9.5, True),
        "http": "GET",
        "path": f"{P}/entries/eligibility",
        "query": [("marketIds", "m1,m2"), ("minScore", "1"), ("maxScore", "9.5"), ("reassign", "true")],
        "answer": {"count": 3, "byMarket": []},
    },
    {
        "id": "get_eligibility-no-filters",
        "method": "get_eligibility",
        "args": (CID,),
        "http": "GET",
        "path": f"{P}/entries/eligibility",
        "answer": {"count": 0, "byMarket": []},
    },
    {
        "method": "get_eligibility_breakdown",
        "args": (CID, False, 0, 5),
        "http": "GET",
        "path": f"{P}/entries/eligibility/breakdown",
        "query": [("includePrevSelected", "false"), ("minScore", "0"), ("maxScore", "5")],
        "answer": [{"id": "m1", "counts": [1, 0, 0, 0]}],
    },
    {
        "method": "get_verified_count",
        "args": (CID, None, 7),
        "http": "GET",
        "path": f"{P}/entries/eligibility/verifiedCount",
        "query": [("maxScore", "7")],
        "answer": BY_MARKET,
    },
    {
        "method": "get_total_selected",
        "args": (CID,),
        "http": "GET",
        "path": f"{P}/entries/eligibility/totalSelected",
        "answer": BY_MARKET,
    },
    {
        "method": "add_tags",
        "args": (CID, ["sam@example.com"], "email", "vip"),
        "http": "POST",
        "path": f"{P}/scoring/tags",
        "json": {"records": ["sam@example.com"], "targetField": "email", "tagName": "vip"},
        "answer": {"count": 1},
    },
    {
        "method": "flip_verdicts",
        "args": (CID, "vip", "allow"),
        "http": "POST",
        "path": f"{P}/scoring/flipVerdicts",
        "json": {"tagName": "vip", "filterType": "allow"},
        "answer": {"count": 2},
    },
    {
        "method": "list_stats",
        "args": (CID, "selection", "m1", "20300101"),
        "http": "GET",
        "path": f"{P}/stats/selection",
        "query": [("marketId", "m1"), ("dateId", "20300101")],
        "answer": [{"status": "FINISHED"}],
    },
    {
        "id": "list_stats-no-filters",
        "method": "list_stats",
        "args": (CID, "filterList"),
        "http": "GET",
        "path": f"{P}/stats/filterList",
        "answer": [],
    },
    {
        "method": "upsert_stat",
        "args": (CID, "filterList", {"dateId": "20300101", "status": "PENDING"}),
        "http": "POST",
        "path": f"{P}/stats/filterList",
        "json": {"dateId": "20300101", "status": "PENDING"},
        "answer": {"status": "PENDING"},
    },
]
for _case in CASES:
    _case["client"] = "entries"
