"""W10: wave-preparation inputs, runs and their listing; fan selection and its stats."""

from __future__ import annotations

from typing import Any

import pytest

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack
from tests.e2e.flows import logged_in, ok

pytestmark = pytest.mark.e2e

CID = seed_ids.OPEN_CAMPAIGN_ID
UPLOAD = """mutation($f: Upload!, $s: Int!, $c: ID!, $d: String!) {
  uploadWavePrepFile(file: $f, fileSize: $s, campaignId: $c, dateKey: $d, type: markets) { url name } }"""
LIST = """query($c: ID!) { wavePrepList(campaignId: $c) { dateKey status path error { message }
  date { started finished } count { name eligible selected waitlisted
  markets { name eligible selected waitlisted } } } }"""
SELECTED = "query($c: ID!) { metrics { totalSelectedByMarket(campaignId: $c) { id count } } }"


def prep_runs(admin: GraphQLClient) -> dict[str, dict[str, Any]]:
    return {run["dateKey"]: run for run in ok(admin.gql(LIST, {"c": CID}))["wavePrepList"]}


def upload(admin: GraphQLClient, date_key: str, csv: bytes) -> dict[str, Any]:
    files = {"f": ("markets.csv", csv, "text/csv")}
    stored: dict[str, Any] = ok(admin.gql(UPLOAD, {"s": len(csv), "c": CID, "d": date_key}, files=files))[
        "uploadWavePrepFile"
    ]
    return stored


def trigger(admin: GraphQLClient, date_key: str) -> Any:
    document = "mutation($c: ID!, $d: String!) { triggerWavePrep(campaignId: $c, dateKey: $d, orderByPreference: true) }"
    return ok(admin.gql(document, {"c": CID, "d": date_key}))["triggerWavePrep"]


def selected_counts(admin: GraphQLClient) -> dict[str, int]:
    rows = ok(admin.gql(SELECTED, {"c": CID}))["metrics"]["totalSelectedByMarket"]
    return {row["id"]: row["count"] for row in rows}


def test_w10_wave_prep_and_selection(stack: Stack) -> None:
    stack.reset()
    admin = logged_in(stack, "sandbox-supreme")
    m1, m2 = seed_ids.OPEN_CAMPAIGN_MARKET_IDS[:2]

    # 1. The markets file is stored under the date key and listed as UPLOADED.
    csv = f"marketId,name,limit\n{m1},First,2\n{m2},Second,\n".encode()
    stored = upload(admin, "20300101", csv)
    assert stored["name"] == "20300101.csv"
    raw = stack.sandbox_call("GET", f"/_sandbox/objects/vf-scoring/wavePrep/{CID}/data/20300101.csv")
    assert raw.status_code == 200 and raw.content == csv
    assert prep_runs(admin)["20300101"] == {
        "dateKey": "20300101",
        "status": "UPLOADED",
        "path": None,
        "error": None,
        "date": None,
        "count": None,
    }

    # 2. The run finishes with an archive and per-market counts capped by the limits.
    assert trigger(admin, "20300101") == {"success": True}
    run = prep_runs(admin)["20300101"]
    assert run["status"] == "FINISHED" and run["error"] is None
    assert run["path"] == f"wavePrep/{CID}/prepped/prepped.20300101.zip"
    assert run["date"]["started"] and run["date"]["finished"]
    first, second = run["count"]["markets"]
    assert (first["name"], second["name"]) == ("First", "Second")
    assert first["selected"] == min(first["eligible"], 2)
    assert second["selected"] == second["eligible"]
    for market in (first, second):
        assert market["waitlisted"] == market["eligible"] - market["selected"]
    assert run["count"]["name"] == "total"
    assert run["count"]["selected"] == first["selected"] + second["selected"]

    # 3. A markets file without a marketId column ends FAILED with a message.
    upload(admin, "20300102", f"id,name\n{m1},First\n".encode())
    assert trigger(admin, "20300102") == {"success": True}
    failed = prep_runs(admin)["20300102"]
    assert failed["status"] == "FAILED" and failed["error"]["message"]
    keys = [key for key in prep_runs(admin) if key.startswith("2030")]
    assert keys == ["20300102", "20300101"]

    # 4. Selection: the market's stat is FINISHED and its selected total grew by the stat's count.
    before = selected_counts(admin)
    document = "mutation($c: ID!, $m: [ID]!) { triggerSelection(campaignId: $c, marketIds: $m) }"
    assert ok(admin.gql(document, {"c": CID, "m": [m1]}))["triggerSelection"] == {"success": True}
    stats = ok(
        admin.gql(
            "query($c: ID!, $m: ID) { stats(campaignId: $c, marketId: $m, type: selection) "
            "{ marketId type status count date { updated } } }",
            {"c": CID, "m": m1},
        )
    )["stats"]
    newest = stats[0]
    assert (newest["marketId"], newest["type"], newest["status"]) == (m1, "selection", "FINISHED")
    assert newest["count"]["selected"] > 0
    after = selected_counts(admin)
    assert after[m1] == before.get(m1, 0) + newest["count"]["selected"]
