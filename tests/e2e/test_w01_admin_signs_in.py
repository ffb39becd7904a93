"""W1. Admin signs in (docs/workflows.md)."""

from __future__ import annotations

import time

import jwt as pyjwt
import requests

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack

VIEWER = """
query Viewer { viewer { id isLoggedIn isAdmin
  auth { token isSupreme expiresAt permissions { campaignId actions } } } }
"""
AUTHENTICATE = """
mutation Login($token: String) { authenticate(credentials: {token: $token}) {
  id isLoggedIn isAdmin auth { token isSupreme expiresAt permissions { campaignId actions } } } }
"""


def test_anonymous_start_page(client: GraphQLClient) -> None:
    body = client.gql(
        "{ viewer { isLoggedIn } identity { url version integratorId placementId } ppc { url id token } }"
    )
    assert body["data"]["viewer"] == {"isLoggedIn": False}
    assert body["data"]["identity"]["url"] == "https://identity.ticketmaster.com"
    assert body["data"]["identity"]["integratorId"] == "prd1541.verifiedFan"


def test_supreme_signs_in_and_the_cookie_carries_the_session(stack: Stack, client: GraphQLClient) -> None:
    response = client.post(AUTHENTICATE, {"token": seed_ids.SUPREME_TOKEN})
    viewer = response.json()["data"]["authenticate"]
    assert viewer["isLoggedIn"] and viewer["isAdmin"] and viewer["auth"]["isSupreme"]
    assert abs(viewer["auth"]["expiresAt"] - (time.time() + 1800)) < 120
    cookie = response.headers["Set-Cookie"]
    assert "monoql_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie

    again = client.gql(VIEWER)["data"]["viewer"]  # only the cookie now
    assert again["id"] == viewer["id"] and again["auth"]["isSupreme"] is True
    public_key = requests.get(f"{stack.sandbox}/_sandbox/public-key", timeout=10).text
    claims = pyjwt.decode(again["auth"]["token"], public_key, algorithms=["RS256"])
    assert claims["user"]["id"] == viewer["id"]


def test_manager_sees_only_its_campaigns_and_cannot_run_supreme_mutations(client: GraphQLClient) -> None:
    viewer = client.gql(AUTHENTICATE, {"token": seed_ids.MANAGER_TOKEN})["data"]["authenticate"]
    assert viewer["isAdmin"] is True and viewer["auth"]["isSupreme"] is False
    permissions = viewer["auth"]["permissions"]
    # The seeded manager (docs/sandbox.md §2): VIEW, INVITE, REPORT on three campaigns, no REPORT on a fourth.
    full = ["INVITE", "REPORT", "VIEW"]
    assert {p["campaignId"]: sorted(p["actions"]) for p in permissions} == {
        seed_ids.OPEN_CAMPAIGN_ID: full,
        seed_ids.FANLIST_CAMPAIGN_ID: full,
        seed_ids.CLOSED_CAMPAIGN_ID: full,
        seed_ids.OPEN_CAMPAIGN_2_ID: ["INVITE", "VIEW"],
    }
    assert [p["campaignId"] for p in permissions] == sorted(p["campaignId"] for p in permissions)
    listed = client.gql("{ viewer { campaigns { list(limit: 100) { id } } } }")["data"]["viewer"][
        "campaigns"
    ]["list"]
    assert {c["id"] for c in listed} == {p["campaignId"] for p in permissions}

    body = client.gql('mutation { upsertPromoter(promoter: {name: "Nope"}) { id } }')
    assert body["data"]["upsertPromoter"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_forged_bearer_token_is_anonymous(client: GraphQLClient) -> None:
    forged = pyjwt.encode(
        {"user": {"id": "x"}, "isSupreme": True, "exp": time.time() + 600}, "k" * 32, algorithm="HS256"
    )
    body = client.gql(VIEWER, headers={"Authorization": f"Bearer {forged}"})
    assert body["data"]["viewer"]["isLoggedIn"] is False
    assert body["data"]["viewer"]["auth"] is None
