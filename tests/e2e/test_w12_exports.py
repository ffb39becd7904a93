"""W12: exports: schedule (deduplicated), poll to FINISHED, download, list pages, refusals."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack
from tests.e2e.flows import error_of, logged_in, ok

pytestmark = pytest.mark.e2e

CID = seed_ids.OPEN_CAMPAIGN_ID
SCHEDULE = """mutation($c: String!, $t: String!, $d: String) {
  scheduleExport(campaignId: $c, type: $t, dateKey: $d) { id campaignId exportType status requesterUserId
  date { created } } }"""
READ = """query($c: String!, $e: String!) { campaignExport(campaignId: $c, exportId: $e) {
  id status count path date { created triggered finished } error { message } } }"""
LIST = """query($c: String!, $l: Int, $s: Int, $t: String) {
  campaignExportList(campaignId: $c, limit: $l, skip: $s, exportType: $t) { id exportType status } }"""


def poll_until_done(admin: GraphQLClient, export_id: str, wait_seconds: float = 30.0) -> dict[str, Any]:
    """Read the export until it leaves PENDING/TRIGGERED (the sandbox finishes after about 3 s)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        export: dict[str, Any] = ok(admin.gql(READ, {"c": CID, "e": export_id}))["campaignExport"]
        if export["status"] not in ("PENDING", "TRIGGERED") or time.monotonic() > deadline:
            return export
        time.sleep(0.5)


def listed(admin: GraphQLClient, **variables: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = ok(admin.gql(LIST, {"c": CID, **variables}))["campaignExportList"]
    return items


def test_w12_exports(stack: Stack) -> None:
    stack.reset()
    admin = logged_in(stack, "sandbox-supreme")

    # 1. A new export is PENDING; asking again while it runs returns the same export.
    first = ok(admin.gql(SCHEDULE, {"c": CID, "t": "entries"}))["scheduleExport"]
    assert (first["campaignId"], first["exportType"], first["status"]) == (CID, "entries", "PENDING")
    assert first["requesterUserId"] == seed_ids.SUPREME_USER_ID
    again = ok(admin.gql(SCHEDULE, {"c": CID, "t": "entries"}))["scheduleExport"]
    assert again["id"] == first["id"]

    # 2. It finishes; its path downloads the file.
    done = poll_until_done(admin, first["id"])
    assert done["status"] == "FINISHED", done
    assert done["date"]["finished"] and done["count"] > 0
    download = requests.get(done["path"], timeout=30)
    assert download.status_code == 200 and download.content

    # 3. Paging matches the full newest-first list; exportType filters.
    ok(admin.gql(SCHEDULE, {"c": CID, "t": "codes"}))
    everything = listed(admin, l=100)
    assert everything[0]["exportType"] == "codes"
    assert listed(admin, l=2, s=1) == everything[1:3]
    entries_only = listed(admin, t="entries")
    assert entries_only and {e["exportType"] for e in entries_only} == {"entries"}
    assert first["id"] in [e["id"] for e in entries_only]
    assert listed(admin, l=0) == []
    assert error_of(admin.gql(LIST, {"c": CID, "l": 1001})) == ("BAD_USER_INPUT", "INVALID_PAGINATION")

    # 4. codeWaves needs a date key.
    assert error_of(admin.gql(SCHEDULE, {"c": CID, "t": "codeWaves"})) == (
        "BAD_USER_INPUT",
        "MISSING_DATE_KEY",
    )
    coded = ok(admin.gql(SCHEDULE, {"c": CID, "t": "codeWaves", "d": "20300101"}))["scheduleExport"]
    assert coded["exportType"] == "codeWaves"

    # 5. A fan, or a manager without REPORT on the campaign, may not export.
    fan = logged_in(stack, "sandbox-fan-w12")
    assert error_of(fan.gql(SCHEDULE, {"c": CID, "t": "entries"})) == ("FORBIDDEN", "MISSING_PERMISSIONS")
    manager = logged_in(stack, seed_ids.MANAGER_TOKEN)
    denied = {"c": seed_ids.MANAGER_NO_REPORT_CAMPAIGN_ID, "t": "entries"}
    assert error_of(manager.gql(SCHEDULE, denied)) == ("FORBIDDEN", "MISSING_PERMISSIONS")
    allowed = manager.gql(LIST, {"c": CID, "l": 1})
    assert not allowed.get("errors") and len(allowed["data"]["campaignExportList"]) == 1
