"""The exports client's calls: schedule, read and list exports (docs/services.md §7)."""

from __future__ import annotations

from typing import Any

CID = "64b7f0c2a1e4d3b2c1a0aa01"
P = f"/exports/campaigns/{CID}/exports"
EXPORT = {"id": "e1", "campaignId": CID, "exportType": "entries", "status": "PENDING"}

CASES: list[dict[str, Any]] = [
    {
        "method": "schedule_export",
        "args": (CID, "codeWaves", "20300101"),
        "http": "POST",
        "path": P,
        "json": {"exportType": "codeWaves", "dateKey": "20300101"},
        "answer": EXPORT,
    },
    {
        "id": "schedule_export-no-date-key",
        "method": "schedule_export",
        "args": (CID, "entries"),
        "http": "POST",
        "path": P,
        "json": {"exportType": "entries"},
        "answer": EXPORT,
    },
    {"method": "get_export", "args": (CID, "e1"), "http": "GET", "path": f"{P}/e1", "answer": EXPORT},
    {
        "method": "list_exports",
        "args": (CID, "entries", 50, 100),
        "http": "GET",
        "path": P,
        "query": [("exportType", "entries"), ("limit", "50"), ("offset", "100")],
        "answer": [EXPORT],
    },
    {
        "id": "list_exports-service-defaults",
        "method": "list_exports",
        "args": (CID,),
        "http": "GET",
        "path": P,
        "answer": [],
    },
    {
        "id": "list_exports-offset-zero",
        "method": "list_exports",
        "args": (CID, None, 10, 0),
        "http": "GET",
        "path": P,
        "query": [("limit", "10"), ("offset", "0")],
        "answer": [],
    },
]
for _case in CASES:
    _case["client"] = "exports"
