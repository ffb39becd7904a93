"""W13: deleting a market after moving its fans' rankings to another market."""

from __future__ import annotations

import pytest

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack
from tests.e2e.flows import error_of, logged_in, ok

pytestmark = pytest.mark.e2e

CID = seed_ids.OPEN_CAMPAIGN_ID
COUNTS = "query($c: ID!) { metrics { entriesByMarketPreference(campaignId: $c) { id counts } } }"
DELETE = """mutation($c: String!, $m: String!, $t: String) {
  deleteMarket(campaignId: $c, marketId: $m, transferMarketId: $t) }"""
MARKETS = (
    "query($c: String) { viewer { campaign(id: $c) { ... on RegistrationCampaign { markets { id } } } } }"
)


def counts(admin: GraphQLClient) -> dict[str, list[int]]:
    rows = ok(admin.gql(COUNTS, {"c": CID}))["metrics"]["entriesByMarketPreference"]
    return {row["id"]: row["counts"] for row in rows}


def test_w13_delete_market_with_transfer(stack: Stack) -> None:
    stack.reset()
    admin = logged_in(stack, "sandbox-supreme")
    m1, m2, m3 = seed_ids.OPEN_CAMPAIGN_MARKET_IDS[:3]
    before = counts(admin)
    assert sum(before[m1]) > 0

    # 1. Transfer then delete: every ranking of m1 now names m2 (once), m1 is gone.
    assert error_of(admin.gql(DELETE, {"c": CID, "m": m1, "t": m1})) == ("BAD_USER_INPUT", "INVALID_TRANSFER")
    answer = ok(admin.gql(DELETE, {"c": CID, "m": m1, "t": m2}))["deleteMarket"]
    assert answer == {
        "id": m1,
        "deleted": True,
        "fromMarketId": m1,
        "toMarketId": m2,
        "transferred": sum(before[m1]),
    }
    after = counts(admin)
    assert m1 not in after
    # Fans who ranked m1 first now rank m2 first; nobody ranked both first.
    assert after[m2][0] == before[m2][0] + before[m1][0]
    assert sum(before[m2]) < sum(after[m2]) <= sum(before[m2]) + sum(before[m1])
    # Dropping a duplicate m2 moves later choices up a rank: other markets keep their totals and firsts.
    others = [mid for mid in before if mid not in (m1, m2)]
    assert sorted(mid for mid in after if mid != m2) == sorted(others)
    assert all(sum(after[mid]) == sum(before[mid]) for mid in others)
    assert all(after[mid][0] == before[mid][0] for mid in others)
    markets = [m["id"] for m in ok(admin.gql(MARKETS, {"c": CID}))["viewer"]["campaign"]["markets"]]
    assert m1 not in markets and m2 in markets

    # 2. Without a transfer only the market is deleted.
    assert ok(admin.gql(DELETE, {"c": CID, "m": m3}))["deleteMarket"] == {"id": m3, "deleted": True}
    assert m3 not in counts(admin)
