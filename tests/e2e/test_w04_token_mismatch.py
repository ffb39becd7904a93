"""W4: the token-mismatch guard on fan mutations (sotc cookie vs. the session's tmSig)."""

from __future__ import annotations

from typing import Any

import jwt as pyjwt
import pytest

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient, Stack
from tests.e2e.flows import error_of, logged_in, ok, sandbox_json, session_of

pytestmark = pytest.mark.e2e

CID = seed_ids.EMPTY_OPEN_CAMPAIGN_ID
UPSERT = """mutation($e: JSON!, $c: String!) { upsertViewerEntry(entry: $e, campaignId: $c, locale: "en_US") {
  id campaign(id: $c) { ... on RegistrationCampaign { entry { fields } } } } }"""
MARKETS = (
    "query($c: String) { viewer { campaign(id: $c) { ... on RegistrationCampaign { markets { id } } } } }"
)


def claims_of(token: str | None) -> dict[str, Any]:
    assert token
    claims: dict[str, Any] = pyjwt.decode(token, options={"verify_signature": False})
    return claims


def set_sotc(client: GraphQLClient, value: str | None) -> None:
    client.http.cookies.pop("sotc", None)
    if value is not None:
        client.http.cookies.set("sotc", value)


def test_w04_token_mismatch(stack: Stack) -> None:
    stack.reset()
    fan = logged_in(stack, "sandbox-fan-w4.a")
    first_session = session_of(fan)
    assert claims_of(first_session)["user"]["tmSig"] == "a"
    markets = [m["id"] for m in ok(fan.gql(MARKETS, {"c": CID}))["viewer"]["campaign"]["markets"]]
    answers = {"email": "w4@example.com", "phone": "+15555550404", "market": markets[0]}

    # 1. Same Ticketmaster user, new signature: the entry is written and the session follows the cookie.
    set_sotc(fan, "sandbox-fan-w4.b")
    data = ok(fan.gql(UPSERT, {"e": answers, "c": CID}))
    user_id = data["upsertViewerEntry"]["id"]
    assert data["upsertViewerEntry"]["campaign"]["entry"]["fields"]["market"] == markets[0]
    new_session = session_of(fan)
    assert new_session != first_session
    assert claims_of(new_session)["user"] == {**claims_of(first_session)["user"], "tmSig": "b"}

    # 2. Another Ticketmaster user in the browser: refused, nothing written, session kept.
    set_sotc(fan, "sandbox-fan-other")
    body = fan.gql(UPSERT, {"e": {**answers, "market": markets[1]}, "c": CID})
    assert error_of(body) == ("UNAUTHENTICATED", "INVALID_SESSION")
    assert body["errors"][0]["message"] == "Your Ticketmaster session changed. Please sign in again."
    assert session_of(fan) == new_session
    assert sandbox_json(stack, "GET", f"/_sandbox/entries/{CID}/{user_id}")["fields"]["market"] == markets[0]
    for mutation in (
        'mutation($c: String!) { submitConfirm(campaignId: $c, phoneJwt: "x.y.z") }',
        "mutation($c: ID!) { refreshEntryAttribute(campaignId: $c, attribute: card_amex) }",
    ):
        assert error_of(fan.gql(mutation, {"c": CID})) == ("UNAUTHENTICATED", "INVALID_SESSION")

    # 3. No sotc cookie: the mutation runs normally.
    set_sotc(fan, None)
    data = ok(fan.gql(UPSERT, {"e": {**answers, "market": markets[1]}, "c": CID}))
    assert data["upsertViewerEntry"]["campaign"]["entry"]["fields"]["market"] == markets[1]
    assert sandbox_json(stack, "GET", f"/_sandbox/entries/{CID}/{user_id}")["fields"]["market"] == markets[1]
