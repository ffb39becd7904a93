"""codes client: imports (60 s read, flattened counts) and counts (backends.md 5)."""

from __future__ import annotations

from typing import Any

import pytest

from monoql.clients.codes import flatten_import_count
from monoql.errors import NotFound

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
IDS = [case.get("id", case["method"]) for case in CASES]


@pytest.mark.parametrize("form", ["wrapped", "bare"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_calls(case: dict[str, Any], form: str, verify: Any) -> None:
    verify(case, form=form)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_anonymous_calls_send_no_authorization(case: dict[str, Any], verify: Any) -> None:
    verify(case, jwt=None)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_errors_are_translated(case: dict[str, Any], fail: Any) -> None:
    err = fail(case, 404)
    assert isinstance(err, NotFound)
    assert (err.service, err.reason) == ("codes", "SOME_REASON")


def test_flatten_missing_numbers_are_none() -> None:
    assert flatten_import_count({"count": {"in": 1}}) == {"in": 1, "inserted": None, "updated": None}
