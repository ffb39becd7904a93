"""The codes client's calls: imports (60 s read, flattened counts) and counts (docs/services.md §4)."""

from __future__ import annotations

from typing import Any

CID = "64b7f0c2a1e4d3b2c1a0aa01"
KEY = f"codes/{CID}/tm/codes.csv"

CASES: list[dict[str, Any]] = [
    {
        "method": "import_codes",
        "args": (CID, KEY),
        "http": "POST",
        "path": f"/codes/{CID}/codes",
        "json": {"fileKey": KEY},
        "answer": {"count": {"in": 3, "inserted": 2, "updated": 1}},
        "expected": {"in": 3, "inserted": 2, "updated": 1},
        "long": True,
    },
    {
        "id": "import_codes-top-level-counts",
        "method": "import_codes",
        "args": (CID, KEY),
        "http": "POST",
        "path": f"/codes/{CID}/codes",
        "json": {"fileKey": KEY},
        "answer": {"in": 5, "inserted": 5, "updated": 0},
        "expected": {"in": 5, "inserted": 5, "updated": 0},
        "long": True,
    },
    {
        "method": "count_codes",
        "args": (CID, "tm", "available"),
        "http": "GET",
        "path": f"/codes/{CID}/codes/count",
        "query": [("type", "tm"), ("status", "available")],
        "answer": {"available": 7},
    },
    {
        "id": "count_codes-all-statuses",
        "method": "count_codes",
        "args": (CID, "external"),
        "http": "GET",
        "path": f"/codes/{CID}/codes/count",
        "query": [("type", "external")],
        "answer": {"available": 7, "reserved": 1, "assigned": 2},
    },
]
for _case in CASES:
    _case["client"] = "codes"
