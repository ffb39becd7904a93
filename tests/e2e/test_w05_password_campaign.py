"""W5. Password-protected campaign (behaviour.md 4 and 18)."""

from __future__ import annotations

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient

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


def test_a_tampered_cookie_gives_the_locked_view_and_reads_by_id_are_never_locked(client: GraphQLClient) -> None:
    client.post(READ, {"domain": DOMAIN, "password": seed_ids.PASSWORD_CAMPAIGN_PASSWORD})
    cookie = client.http.cookies.get("monoql_campaign_pw")
    assert cookie
    client.http.cookies.clear()
    client.http.cookies.set("monoql_campaign_pw", cookie[:-4] + "AAAA")
    tampered = read(client, domain=DOMAIN)["data"]["viewer"]["campaign"]
    assert tampered["markets"] == [] and tampered["preferences"] is None

    by_id = read(client, id=seed_ids.PASSWORD_CAMPAIGN_ID)["data"]["viewer"]["campaign"]
    assert by_id["preferences"] and by_id["markets"]
