"""W6: a gated campaign (precheck on a past campaign) and the gate reasons of eligibility."""

from __future__ import annotations

from typing import Any

import pytest

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack
from tests.e2e.flows import error_of, logged_in, ok

pytestmark = pytest.mark.e2e

PAST = seed_ids.OPEN_CAMPAIGN_ID
GATED = seed_ids.PRECHECK_CAMPAIGN_ID
ELIGIBILITY = """query($c: String) { viewer { campaign(id: $c) {
  ... on RegistrationCampaign { markets { id } eligibility { isEligible reason } } } } }"""
UPSERT = """mutation($e: JSON!, $c: String!) { upsertViewerEntry(entry: $e, campaignId: $c, locale: "en_US") {
  campaign(id: $c) { ... on RegistrationCampaign { entry { fields } eligibility { isEligible reason } } } } }"""


def read(client: GraphQLClient, campaign_id: str) -> dict[str, Any]:
    campaign: dict[str, Any] = ok(client.gql(ELIGIBILITY, {"c": campaign_id}))["viewer"]["campaign"]
    return campaign


def answers(campaign: dict[str, Any]) -> dict[str, Any]:
    return {"email": "w6@example.com", "phone": "+15555550606", "market": campaign["markets"][0]["id"]}


def test_w06_gated_campaign(stack: Stack) -> None:
    stack.reset()
    fan = logged_in(stack, "sandbox-fan-w6")

    # 1. A fresh fan has no entry in the past campaign: not eligible, and the entry is refused.
    gated = read(fan, GATED)
    assert gated["eligibility"] == {"isEligible": False, "reason": "NO_PAST_PARTICIPATION"}
    body = fan.gql(UPSERT, {"e": answers(gated), "c": GATED})
    assert body["data"]["upsertViewerEntry"] is None
    assert error_of(body) == ("FORBIDDEN", "NO_PAST_PARTICIPATION")

    # 2. After entering the past campaign the gate opens.
    past = read(fan, PAST)
    assert past["eligibility"]["isEligible"] is True
    entered = ok(fan.gql(UPSERT, {"e": answers(past), "c": PAST}))["upsertViewerEntry"]["campaign"]
    assert entered["entry"]["fields"]["market"] == past["markets"][0]["id"]
    assert read(fan, GATED)["eligibility"] == {"isEligible": True, "reason": None}
    data = ok(fan.gql(UPSERT, {"e": answers(gated), "c": GATED}))["upsertViewerEntry"]["campaign"]
    assert data["entry"]["fields"]["market"] == gated["markets"][0]["id"]
    assert data["eligibility"]["isEligible"] is True

    # 3. sandbox-fan passes every seeded gate; an anonymous viewer is told to log in.
    veteran = logged_in(stack, seed_ids.FAN_TOKEN)
    for campaign_id in seed_ids.GATED_CAMPAIGN_IDS:
        assert read(veteran, campaign_id)["eligibility"] == {"isEligible": True, "reason": None}, campaign_id
    assert read(stack.session(), GATED)["eligibility"] == {"isEligible": False, "reason": "NOT_LOGGED_IN"}
