"""W5. Password-protected campaign (docs/passwords.md §1, docs/workflows.md)."""

from __future__ import annotations

from typing import Any

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack
from tests.e2e.flows import error_of, logged_in, ok, sandbox_json

READ = """
query Landing($domain: String, $id: String, $password: String) {
  viewer { campaign(domain: $domain, id: $id, password: $password, locale: "en_US") {
    id name
    ... on RegistrationCampaign {
      options { requirePassword }
      content { localized { locale } }
      preferences { id }
      markets { id }
    }
  } }
}
"""
DOMAIN = seed_ids.PASSWORD_CAMPAIGN_DOMAIN
CID = seed_ids.PASSWORD_CAMPAIGN_ID
UPSERT = """mutation($e: JSON!, $c: String!) { upsertViewerEntry(entry: $e, campaignId: $c, locale: "en_US") {
  id campaign(id: $c, locale: "en_US") { ... on RegistrationCampaign { entry { fields } } } } }"""


def read(client: GraphQLClient, **variables: str) -> dict:
    return client.gql(READ, variables)


def test_locked_view_then_wrong_then_right_password_then_cookie(client: GraphQLClient) -> None:
    locked = read(client, domain=DOMAIN)["data"]["viewer"]["campaign"]
    assert locked["id"] == seed_ids.PASSWORD_CAMPAIGN_ID
    assert locked["options"]["requirePassword"] is True
    assert locked["content"] is None and locked["preferences"] is None and locked["markets"] == []

    wrong = read(client, domain=DOMAIN, password="guess")
    assert wrong["data"]["viewer"]["campaign"] is None
    extensions = wrong["errors"][0]["extensions"]
    assert (extensions["code"], extensions["reason"]) == ("UNAUTHENTICATED", "INVALID_CAMPAIGN_PASSWORD")

    response = client.post(READ, {"domain": DOMAIN, "password": seed_ids.PASSWORD_CAMPAIGN_PASSWORD})
    full = response.json()["data"]["viewer"]["campaign"]
    assert full["preferences"] and full["markets"] and full["content"]
    assert "monoql_campaign_pw=" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]

    remembered = read(client, domain=DOMAIN)["data"]["viewer"]["campaign"]
    assert remembered["markets"] == full["markets"]


def test_a_tampered_cookie_gives_the_locked_view(client: GraphQLClient) -> None:
    client.post(READ, {"domain": DOMAIN, "password": seed_ids.PASSWORD_CAMPAIGN_PASSWORD})
    cookie = client.http.cookies.get("monoql_campaign_pw")
    assert cookie
    client.http.cookies.clear()
    client.http.cookies.set("monoql_campaign_pw", cookie[:-4] + "AAAA")
    tampered = read(client, domain=DOMAIN)["data"]["viewer"]["campaign"]
    assert tampered["markets"] == [] and tampered["preferences"] is None


def assert_locked(campaign: dict[str, Any]) -> None:
    assert campaign["id"] == CID and campaign["options"]["requirePassword"] is True
    assert campaign["content"] is None and campaign["preferences"] is None and campaign["markets"] == []


def test_a_read_by_id_shows_a_fan_no_more_than_the_read_by_domain(stack: Stack, client: GraphQLClient) -> None:
    assert_locked(read(client, id=CID)["data"]["viewer"]["campaign"])  # anonymous
    fan = logged_in(stack, "sandbox-fan-w5")
    assert_locked(read(fan, id=CID)["data"]["viewer"]["campaign"])
    fan.post(READ, {"domain": DOMAIN, "password": seed_ids.PASSWORD_CAMPAIGN_PASSWORD})
    unlocked = read(fan, id=CID)["data"]["viewer"]["campaign"]  # the remembered password unlocks it
    assert unlocked["preferences"] and unlocked["markets"]
    admin = logged_in(stack, seed_ids.SUPREME_TOKEN)
    full = read(admin, id=CID)["data"]["viewer"]["campaign"]
    assert full["preferences"] and full["markets"] and full["content"]


def test_an_entry_needs_the_campaign_unlocked_first(stack: Stack) -> None:
    fan = logged_in(stack, "sandbox-fan-w5-entry")
    fan_id = ok(fan.gql("{ viewer { id } }"))["viewer"]["id"]
    markets = [m["id"] for m in read(logged_in(stack, seed_ids.SUPREME_TOKEN), id=CID)["data"]["viewer"]
               ["campaign"]["markets"]]
    entry = {"email": "w5@example.com", "phone": "+15555550505", "market": markets[0],
             "optional_markets": [], "allow_marketing": False}
    refused = fan.gql(UPSERT, {"e": entry, "c": CID})
    assert refused["data"] == {"upsertViewerEntry": None}
    assert error_of(refused) == ("UNAUTHENTICATED", "CAMPAIGN_PASSWORD_REQUIRED")
    assert stack.sandbox_call("GET", f"/_sandbox/entries/{CID}/{fan_id}").status_code == 404  # nothing stored

    fan.post(READ, {"domain": DOMAIN, "password": seed_ids.PASSWORD_CAMPAIGN_PASSWORD})
    stored = ok(fan.gql(UPSERT, {"e": entry, "c": CID}))["upsertViewerEntry"]["campaign"]["entry"]
    assert stored["fields"]["email"] == "w5@example.com"
    assert sandbox_json(stack, "GET", f"/_sandbox/entries/{CID}/{fan_id}")["fields"]["email"] == "w5@example.com"
