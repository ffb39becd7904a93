"""W9: access codes: counts, imports (insert then update), reservations that lapse after 24 hours."""

from __future__ import annotations

from typing import Any

import pytest

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack
from tests.e2e.flows import backend_json, backend_token, error_of, logged_in, ok

pytestmark = pytest.mark.e2e

CID = seed_ids.OPEN_CAMPAIGN_ID
CODES = b"W9CODE1\nW9CODE2\nW9CODE3\n"
COUNT = 'query($c: ID!) { codes { count(campaignId: $c, type: "tm") { available assigned reserved } } }'
UPLOAD = """mutation($f: Upload!, $s: Int!, $c: String!, $t: String!) {
  uploadCodes(file: $f, fileSize: $s, campaignId: $c, type: $t) { in inserted updated } }"""


def count(admin: GraphQLClient) -> dict[str, Any]:
    counts: dict[str, Any] = ok(admin.gql(COUNT, {"c": CID}))["codes"]["count"]
    return counts


def upload(admin: GraphQLClient, code_type: str) -> dict[str, Any]:
    files = {"f": ("w9 codes.csv", CODES, "text/csv")}
    return admin.gql(UPLOAD, {"s": len(CODES), "c": CID, "t": code_type}, files=files)


def test_w09_codes(stack: Stack) -> None:
    stack.reset()
    admin = logged_in(stack, "sandbox-supreme")
    try:
        # 1. Baseline.
        baseline = count(admin)
        assert all(isinstance(baseline[k], int) for k in ("available", "assigned", "reserved"))

        # 2. Importing the same file twice: inserted, then updated; three more available codes.
        assert ok(upload(admin, "tm"))["uploadCodes"] == {"in": 3, "inserted": 3, "updated": 0}
        assert ok(upload(admin, "tm"))["uploadCodes"] == {"in": 3, "inserted": 0, "updated": 3}
        imported = count(admin)
        assert imported == {**baseline, "available": baseline["available"] + 3}
        one_status = ok(
            admin.gql(
                'query($c: ID!) { codes { count(campaignId: $c, type: "tm", status: "available") '
                "{ available assigned reserved } } }",
                {"c": CID},
            )
        )["codes"]["count"]
        assert one_status == {"available": imported["available"], "assigned": None, "reserved": None}

        # 3. Two reserved codes leave `available`, and come back once the reservation is 25 hours old.
        token = backend_token(stack, "sandbox-supreme")
        reserved = backend_json(stack, "GET", f"/codes/{CID}/reserve?count=2&type=tm", token)
        assert len(reserved["codes"]) == 2
        after_reserve = count(admin)
        assert after_reserve["available"] == imported["available"] - 2
        assert after_reserve["reserved"] == imported["reserved"] + 2
        stack.sandbox_call("PUT", "/_sandbox/clock", json={"offsetSeconds": 25 * 3600}).raise_for_status()
        lapsed = count(admin)
        # Every reservation older than 24 hours lapses: ours, and any seeded ones.
        assert lapsed["assigned"] == imported["assigned"]
        assert lapsed["reserved"] <= after_reserve["reserved"] - 2
        assert lapsed["available"] >= imported["available"]
        assert lapsed["available"] + lapsed["reserved"] == imported["available"] + imported["reserved"]

        # 4. An unknown type is refused before anything is stored.
        assert error_of(upload(admin, "presale")) == ("BAD_USER_INPUT", "INVALID_CODE_TYPE")
        stored = stack.sandbox_call("GET", f"/_sandbox/objects/vf-scoring/codes/{CID}/presale/w9_codes.csv")
        assert stored.status_code == 404
        kept = stack.sandbox_call("GET", f"/_sandbox/objects/vf-scoring/codes/{CID}/tm/w9_codes.csv")
        assert kept.status_code == 200 and kept.content == CODES
    finally:
        stack.sandbox_call("DELETE", "/_sandbox/clock")
