"""W3: a fan registers: reads the campaign, logs in, enters, confirms the phone, refreshes a card."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack
from tests.e2e.flows import error_of, logged_in, ok, sandbox_json

pytestmark = pytest.mark.e2e

CID = seed_ids.EMPTY_OPEN_CAMPAIGN_ID
DOMAIN = seed_ids.EMPTY_OPEN_CAMPAIGN_DOMAIN
ACCOUNT = "sandbox-fan-w3"
PHONE = "+15555550303"
HEADERS = {
    "User-Agent": "Mozilla/5.0 (W3)",
    "X-Forwarded-For": "203.0.113.9, 10.0.0.2",
    "CF-IPCountry": "US",
    "X-NuDetect-Session-ID": "nudetect-w3",
}
READ = """query($d: String) { viewer { isLoggedIn campaign(domain: $d, locale: "en_US") {
  id name ... on RegistrationCampaign { status currentLocale { id } content { localized { locale } }
  markets { id } preferences { id type is_optional } eligibility { isEligible reason } } } } }"""
UPSERT = """mutation($e: JSON!, $c: String!) { upsertViewerEntry(entry: $e, campaignId: $c, locale: "en_US") {
  id campaign(id: $c) { ... on RegistrationCampaign { entry { fields date } } } } }"""
ENTRY = """query($c: String) { viewer { email campaign(id: $c) {
  ... on RegistrationCampaign { entry { fields date attributes } } } } }"""


def answers(markets: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "email": "w3@example.com",
        "phone": PHONE,
        "market": markets[0],
        "optional_markets": [markets[1]],
        "allow_marketing": True,
        **extra,
    }


def step_1_anonymous_fan_reads_the_open_campaign(stack: Stack) -> list[str]:
    data = ok(stack.session().gql(READ, {"d": DOMAIN}))
    campaign = data["viewer"]["campaign"]
    assert data["viewer"]["isLoggedIn"] is False
    assert campaign["id"] == CID and campaign["status"] == "OPEN"
    assert campaign["currentLocale"]["id"] == "en_US"
    assert [item["locale"] for item in campaign["content"]["localized"]] == ["en_US"]
    assert len(campaign["markets"]) >= 2
    assert {"email", "phone", "market", "optional_markets"} <= {p["id"] for p in campaign["preferences"]}
    assert campaign["eligibility"] == {"isEligible": True, "reason": None}
    return [m["id"] for m in campaign["markets"]]


def step_2_the_fan_logs_in(stack: Stack) -> GraphQLClient:
    client = stack.session()
    body = ok(
        client.gql('mutation { authenticate(credentials: {token: "sandbox-fan-w3"}) { isLoggedIn isAdmin } }')
    )
    assert body["authenticate"] == {"isLoggedIn": True, "isAdmin": False}
    return client


def step_3_the_entry_holds_the_answers_and_the_sandbox_the_context(
    stack: Stack, fan: GraphQLClient, markets: list[str]
) -> None:
    data = ok(
        fan.gql(UPSERT, {"e": answers(markets, ip="1.2.3.4", user_agent="fake"), "c": CID}, headers=HEADERS)
    )
    viewer = data["upsertViewerEntry"]
    entry = viewer["campaign"]["entry"]
    assert entry["fields"]["email"] == "w3@example.com"
    assert entry["fields"]["market"] == markets[0]
    assert entry["fields"]["optional_markets"] == [markets[1]]
    assert not {"ip", "user_agent", "ip_country", "forwarded_for", "session_id", "locale"} & set(
        entry["fields"]
    )
    assert entry["date"]["created"]
    stored = sandbox_json(stack, "GET", f"/_sandbox/entries/{CID}/{viewer['id']}")
    assert "ip_country" not in stored["context"]  # CF-IPCountry is the client's own without Cloudflare in front
    assert stored["context"]["session_id"] == "nudetect-w3"
    assert stored["context"]["user_agent"] == "Mozilla/5.0 (W3)"
    # The raw header as the gateway received it: nginx in front appends the address it was reached from.
    forwarded = "203.0.113.9, 10.0.0.2, 127.0.0.1" if stack.proxied else "203.0.113.9, 10.0.0.2"
    assert stored["context"]["forwarded_for"] == forwarded
    assert stored["context"]["ip"] not in (None, "1.2.3.4")


def step_4_a_new_request_reads_the_entry_and_the_filled_profile(
    fan: GraphQLClient, markets: list[str]
) -> None:
    data = ok(fan.gql(ENTRY, {"c": CID}))
    assert data["viewer"]["campaign"]["entry"]["fields"]["market"] == markets[0]
    assert data["viewer"]["email"] == data["viewer"]["campaign"]["entry"]["fields"]["email"]


def step_5_submit_confirm(fan: GraphQLClient) -> None:
    # The fan site asks the gateway for the phone-confirmation widget, which hands out the phoneJwt.
    ppc = ok(fan.gql("{ ppc { url id token } }"))["ppc"]
    assert ppc["id"] == "sandbox-ppc" and ppc["token"]
    widget = requests.post(f"{ppc['url']}/confirm", json={"id": ppc["id"], "token": ppc["token"], "phone": PHONE},
                           timeout=10)
    assert widget.status_code == 200, widget.text
    phone_jwt = widget.json()["phoneJwt"]
    confirm = "mutation($c: String!, $p: String!) { submitConfirm(campaignId: $c, phoneJwt: $p) }"
    data = ok(fan.gql(confirm, {"c": CID, "p": phone_jwt}))
    assert data["submitConfirm"]["date"]["phoneConfirmed"]
    assert ok(fan.gql(ENTRY, {"c": CID}))["viewer"]["campaign"]["entry"]["date"]["phoneConfirmed"]
    assert error_of(fan.gql(confirm, {"c": CID, "p": "not-a-jwt"})) == ("BAD_USER_INPUT", "INVALID_PHONE_JWT")


def step_6_refresh_entry_attribute(stack: Stack, fan: GraphQLClient) -> None:
    refresh = "mutation($c: ID!) { refreshEntryAttribute(campaignId: $c, attribute: card_citi) }"
    assert ok(fan.gql(refresh, {"c": CID}))["refreshEntryAttribute"]["attributes"]["card_citi"] is False
    sandbox_json(stack, "PUT", f"/_sandbox/accounts/{ACCOUNT}", json={"cards": ["CITI"]})
    assert ok(fan.gql(refresh, {"c": CID}))["refreshEntryAttribute"]["attributes"]["card_citi"] is True


def step_7_updates_keep_the_creation_date_and_the_service_rules_apply(
    stack: Stack, fan: GraphQLClient, markets: list[str]
) -> None:
    before = ok(fan.gql(ENTRY, {"c": CID}))["viewer"]["campaign"]["entry"]
    data = ok(fan.gql(UPSERT, {"e": {"optional_markets": [markets[2]]}, "c": CID}))
    after = data["upsertViewerEntry"]["campaign"]["entry"]
    assert after["fields"]["optional_markets"] == [markets[2]]
    assert after["fields"]["market"] == markets[0]
    assert after["date"]["created"] == before["date"]["created"]

    newcomer = logged_in(stack, "sandbox-fan-w3-incomplete")
    body = newcomer.gql(UPSERT, {"e": {"email": "x@example.com"}, "c": CID})
    assert error_of(body) == ("BAD_USER_INPUT", "MISSING_ENTRY_FIELDS")
    body = fan.gql(UPSERT, {"e": answers(markets), "c": seed_ids.CLOSED_CAMPAIGN_ID})
    assert error_of(body) == ("BAD_USER_INPUT", "INVALID_CAMPAIGN_STATUS")


def test_w03_fan_registers(stack: Stack) -> None:
    stack.reset()
    markets = step_1_anonymous_fan_reads_the_open_campaign(stack)
    fan = step_2_the_fan_logs_in(stack)
    step_3_the_entry_holds_the_answers_and_the_sandbox_the_context(stack, fan, markets)
    step_4_a_new_request_reads_the_entry_and_the_filled_profile(fan, markets)
    step_5_submit_confirm(fan)
    step_6_refresh_entry_attribute(stack, fan)
    step_7_updates_keep_the_creation_date_and_the_service_rules_apply(stack, fan, markets)
