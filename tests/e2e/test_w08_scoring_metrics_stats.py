"""W8: scored files, metrics and eligible counts (the seed's figures), tags and verdict flips, stats
records."""

from __future__ import annotations

import re
from typing import Any

import pytest

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack
from tests.e2e.flows import backend_json, backend_token, logged_in, ok

pytestmark = pytest.mark.e2e

CID = seed_ids.OPEN_CAMPAIGN_ID
SCORED = b"email,score,Verified\na@example.com,0.9,true\nb@example.com,0.2,no\nc@example.com,0.7,Y\n"
METRICS = """query($c: ID!, $cs: String) {
  metrics {
    entriesByMarketPreference(campaignId: $c) { id counts }
    eligibleByMarketPreference(campaignId: $c, includePrevSelected: false, minScore: 0.5) { id counts }
    verifiedCountByMarket(campaignId: $c) { id count }
    totalSelectedByMarket(campaignId: $c) { id count }
  }
  viewer { campaign(id: $cs) { ... on RegistrationCampaign {
    eligibileCounts(marketIds: [MARKET], includePrevSelected: false, minScore: 0.5) {
      count byMarket { marketId count countsByPreferenceRank { rank count } } } } } } }"""
UPSERT_STAT = """mutation($c: ID!, $s: String, $n: JSON) {
  upsertStat(campaignId: $c, dateId: "20300101", type: filterList, status: $s, count: $n) {
    campaignId marketId dateId type status count date { created updated } } }"""
# The open campaign's seeded entries (the sandbox's fixed seed), per market in the seed's order: entries
# ranking the market 1st..4th, those eligible at minScore 0.5 (verified, not selected yet), the
# verified ones ranking it 1st, and those already selected.
MARKETS = seed_ids.OPEN_CAMPAIGN_MARKET_IDS
SEEDED_BY_RANK = [
    [405, 148, 100, 49], [351, 169, 103, 47], [266, 189, 118, 61], [208, 175, 125, 59], [114, 175, 136, 62],
    [57, 212, 133, 84],
]
SEEDED_ELIGIBLE_BY_RANK = [
    [128, 37, 38, 15], [117, 47, 36, 15], [85, 66, 32, 20], [69, 61, 35, 16], [37, 52, 50, 19], [15, 76, 46, 28],
]
SEEDED_VERIFIED = [278, 241, 180, 132, 84, 39]
SEEDED_SELECTED = [18, 14, 4, 2, 8, 1]
ENTER = """mutation($e: JSON!, $c: String!) { upsertViewerEntry(entry: $e, campaignId: $c, locale: "en_US") { id } }"""


def by_id(items: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return {item["id"]: item[key] for item in items}


def step_1_scored_file(admin: GraphQLClient) -> None:
    upload = """mutation($f: Upload!, $s: Int!, $c: String!) {
      uploadScored(file: $f, fileSize: $s, campaignId: $c, campaignName: "Nova Lane: W8!") { name } }"""
    name = ok(admin.gql(upload, {"s": len(SCORED), "c": CID}, files={"f": ("s.csv", SCORED, "text/csv")}))[
        "uploadScored"
    ]["name"]
    assert re.fullmatch(rf"{CID}\.NovaLaneW8\.[0-9]{{12}}\.uploaded\.csv", name), name
    listed = ok(
        admin.gql(
            "query($c: String!) { campaignScoredList(campaignId: $c) { date count verifiedCount path } }",
            {"c": CID},
        )
    )["campaignScoredList"]
    assert listed[0]["path"] == f"scored/{name}"
    assert (listed[0]["count"], listed[0]["verifiedCount"]) == (3, 2)
    assert listed[0]["date"]


def step_2_metrics_of_the_seeded_entries(admin: GraphQLClient) -> str:
    market = MARKETS[0]
    data = ok(admin.gql(METRICS.replace("MARKET", f'"{market}"'), {"c": CID, "cs": CID}))
    metrics = data["metrics"]
    assert metrics["entriesByMarketPreference"] == [
        {"id": m, "counts": c} for m, c in zip(MARKETS, SEEDED_BY_RANK, strict=True)
    ]
    assert metrics["eligibleByMarketPreference"] == [
        {"id": m, "counts": c} for m, c in zip(MARKETS, SEEDED_ELIGIBLE_BY_RANK, strict=True)
    ]
    assert metrics["verifiedCountByMarket"] == [
        {"id": m, "count": n} for m, n in zip(MARKETS, SEEDED_VERIFIED, strict=True)
    ]
    assert metrics["totalSelectedByMarket"] == [
        {"id": m, "count": n} for m, n in zip(MARKETS, SEEDED_SELECTED, strict=True)
    ]
    assert data["viewer"]["campaign"]["eligibileCounts"] == {
        "count": 218,
        "byMarket": [{"marketId": market, "count": 218, "countsByPreferenceRank": [
            {"rank": 1, "count": 128}, {"rank": 2, "count": 37}, {"rank": 3, "count": 38}, {"rank": 4, "count": 15},
        ]}],
    }
    return market


def step_3_tags_and_verdicts(stack: Stack, admin: GraphQLClient, token: str, market: str) -> None:
    emails = ["w8-a@example.com", "w8-b@example.com"]
    for index, email in enumerate(emails):
        fan = logged_in(stack, f"sandbox-fan-w8-{index}")
        ok(
            fan.gql(
                ENTER, {"e": {"email": email, "phone": f"+1555555080{index}", "market": market}, "c": CID}
            )
        )
    records = [{"email": email, "score": 0.9, "verdict": True} for email in emails]
    backend_json(stack, "POST", f"/entries/{CID}/entries/scoring", token, json={"records": records})
    verified = "query($c: ID!) { metrics { verifiedCountByMarket(campaignId: $c) { id count } } }"
    before = by_id(ok(admin.gql(verified, {"c": CID}))["metrics"]["verifiedCountByMarket"], "count")

    tags = """mutation($c: String!, $r: [String]!) {
      addTags(campaignId: $c, fileRecords: $r, targetField: "email", tagName: "w8-vip") { count } }"""
    assert ok(admin.gql(tags, {"c": CID, "r": emails}))["addTags"] == {"count": 2}
    flip = """mutation($c: String!) { flipVerdicts(campaignId: $c, tagName: "w8-vip", filterType: block) { count } }"""
    assert ok(admin.gql(flip, {"c": CID}))["flipVerdicts"] == {"count": 2}
    after = by_id(ok(admin.gql(verified, {"c": CID}))["metrics"]["verifiedCountByMarket"], "count")
    assert after[market] == before[market] - 2
    assert {mid: n for mid, n in after.items() if mid != market} == {
        mid: n for mid, n in before.items() if mid != market
    }


def step_4_stats(admin: GraphQLClient) -> None:
    first = ok(admin.gql(UPSERT_STAT, {"c": CID, "s": "PROCESSING", "n": {"in": 10}}))["upsertStat"]
    assert (first["campaignId"], first["marketId"], first["dateId"], first["type"], first["status"]) == (
        CID,
        None,
        "20300101",
        "filterList",
        "PROCESSING",
    )
    assert first["count"] == {"in": 10} and first["date"]["created"]
    second = ok(admin.gql(UPSERT_STAT, {"c": CID, "s": "FINISHED"}))["upsertStat"]
    assert second["status"] == "FINISHED"
    assert second["date"]["created"] == first["date"]["created"]
    listed = ok(
        admin.gql(
            'query($c: ID!) { stats(campaignId: $c, type: filterList, dateId: "20300101") '
            "{ dateId status count } }",
            {"c": CID},
        )
    )["stats"]
    assert listed == [{"dateId": "20300101", "status": "FINISHED", "count": {"in": 10}}]


def test_w08_scoring_metrics_and_stats(stack: Stack) -> None:
    stack.reset()
    admin = logged_in(stack, "sandbox-supreme")
    token = backend_token(stack, "sandbox-supreme")
    step_1_scored_file(admin)
    market = step_2_metrics_of_the_seeded_entries(admin)
    step_3_tags_and_verdicts(stack, admin, token, market)
    step_4_stats(admin)
