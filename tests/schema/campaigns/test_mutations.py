"""`upsertCampaign` and `saveCampaignContacts` (docs/normalisation.md §2, §7 and §9)."""

from __future__ import annotations

import copy
from typing import Any

import responses

from tests.schema.campaigns.test_body import WORKED_BODY, WORKED_INPUT
from tests.support.backends import calls, failure, json_of, url, wrapped
from tests.support.campaigns import CID, errors_of, gql
from tests.support.tokens import SUPREME

UPSERT = """mutation($c: CampaignInput!) { upsertCampaign(campaign: $c) {
  __typename id name ... on RegistrationCampaign { markets { id name } } } }"""


def stored(body: dict[str, Any], **extra: Any) -> dict[str, Any]:
    doc = copy.deepcopy(body)
    doc.update({"id": CID, "status": "DRAFT", **extra})
    return doc


@responses.activate
def test_worked_example_6_5_create_body() -> None:
    responses.post(url("campaigns", "/campaigns"), json=wrapped(stored(WORKED_BODY)), status=201)
    responses.get(url("campaigns", f"/campaigns/{CID}/markets"), json=wrapped([]))
    body = gql(UPSERT, {"c": WORKED_INPUT}, jwt=SUPREME)
    assert body == {
        "data": {
            "upsertCampaign": {
                "__typename": "RegistrationCampaign",
                "id": CID,
                "name": "Nova Lane 2030 Presale",
                "markets": [],
            }
        }
    }
    assert json_of(responses.calls[0]) == WORKED_BODY
    assert calls(responses) == [
        ("POST", "/campaigns/campaigns", {}),
        ("GET", f"/campaigns/campaigns/{CID}/markets", {}),
    ]


@responses.activate
def test_update_sends_only_the_given_fields_and_explicit_nulls() -> None:
    responses.post(url("campaigns", f"/campaigns/{CID}"), json=wrapped({"id": CID, "name": "Renamed"}))
    gql(
        UPSERT.replace("markets { id name }", "status"),
        {"c": {"id": CID, "name": "Renamed", "categoryId": None, "options": {"gate": {"card": "CITI"}}}},
        jwt=SUPREME,
    )
    assert json_of(responses.calls[0]) == {
        "name": "Renamed",
        "categoryId": None,
        "options": {"gate": {"card": "CITI"}},
    }


@responses.activate
def test_inline_literals_keep_absent_fields_absent_too() -> None:
    responses.post(url("campaigns", f"/campaigns/{CID}"), json=wrapped({"id": CID, "type": "fanlist"}))
    body = gql(
        'mutation { upsertCampaign(campaign: {id: "CID", scoring: xnum, identifier: email, subType: fanclub,'
        ' content: null, image: {main: {url: "u", alt_text: "a"}}}) { __typename } }'.replace("CID", CID),
        jwt=SUPREME,
    )
    assert body["data"]["upsertCampaign"] == {"__typename": "FanlistCampaign"}
    assert json_of(responses.calls[0]) == {
        "scoring": "xnum",
        "identifier": "email",
        "subType": "fanclub",
        "content": None,
        "image": {"main": {"url": "u", "alt_text": "a"}},
    }


@responses.activate
def test_email_from_keeps_its_graphql_name() -> None:
    responses.post(url("campaigns", f"/campaigns/{CID}"), json=wrapped({"id": CID}))
    content = {
        "localized": [{"locale": "en_US", "value": {"email": {"from": {"name": "Nova", "account": "a@b"}}}}]
    }
    gql(UPSERT, {"c": {"id": CID, "content": content}}, jwt=SUPREME)
    assert json_of(responses.calls[0]) == {
        "content": {"en-US": {"email": {"from": {"name": "Nova", "account": "a@b"}}}}
    }


@responses.activate
def test_markets_are_saved_after_the_campaign_under_its_id() -> None:
    responses.post(
        url("campaigns", "/campaigns"), json=wrapped({"id": CID, "type": "registration"}), status=201
    )
    responses.post(
        url("campaigns", f"/campaigns/{CID}/markets"), json=wrapped({"id": "m1", "name": "Boston"})
    )
    responses.post(
        url("campaigns", f"/campaigns/{CID}/markets/m2"), json=wrapped({"id": "m2", "name": "NYC"})
    )
    responses.get(
        url("campaigns", f"/campaigns/{CID}/markets"),
        json=wrapped([{"id": "m1", "name": "Boston"}, {"id": "m2", "name": "NYC"}]),
    )
    markets = [
        {"campaignId": "ignored", "name": "Boston", "point": {"latitude": 1.5, "longitude": 2.5}},
        {"campaignId": "ignored", "id": "m2", "population": 3},
    ]
    body = gql(UPSERT, {"c": {"name": "N", "domain": {"site": "n"}, "markets": markets}}, jwt=SUPREME)
    assert body["data"]["upsertCampaign"]["markets"] == [
        {"id": "m1", "name": "Boston"},
        {"id": "m2", "name": "NYC"},
    ]
    assert [path for _, path, _ in calls(responses)] == [
        "/campaigns/campaigns",
        f"/campaigns/campaigns/{CID}/markets",
        f"/campaigns/campaigns/{CID}/markets/m2",
        f"/campaigns/campaigns/{CID}/markets",
    ]
    assert "markets" not in json_of(responses.calls[0])
    assert json_of(responses.calls[1]) == {
        "name": "Boston",
        "point": {"type": "Point", "coordinates": [1.5, 2.5]},
    }
    assert json_of(responses.calls[2]) == {"population": 3}


@responses.activate
def test_a_failing_market_is_reported_and_the_campaign_still_returned() -> None:
    responses.post(url("campaigns", f"/campaigns/{CID}"), json=wrapped({"id": CID, "name": "N"}))
    responses.post(
        url("campaigns", f"/campaigns/{CID}/markets"), status=400, json=failure(400, "MARKET_NAME_EXISTS")
    )
    markets = [
        {"campaignId": CID, "name": "Dup"},
        {"campaignId": CID, "name": "Bad point", "point": {"latitude": 1}},
    ]
    body = gql(
        UPSERT.replace("markets { id name }", "status"), {"c": {"id": CID, "markets": markets}}, jwt=SUPREME
    )
    assert body["data"]["upsertCampaign"] == {
        "__typename": "RegistrationCampaign",
        "id": CID,
        "name": "N",
        "status": None,
    }
    assert errors_of(body) == [
        {"code": "BAD_USER_INPUT", "reason": "MARKET_NAME_EXISTS", "path": ["upsertCampaign"]},
        {"code": "BAD_USER_INPUT", "reason": "INVALID_GEO_POINT", "path": ["upsertCampaign"]},
    ]
    assert len(responses.calls) == 2


@responses.activate
def test_a_failing_campaign_save_is_the_field_error() -> None:
    responses.post(url("campaigns", "/campaigns"), status=403, json=failure(403, "SUPREME_USER_REQUIRED"))
    body = gql(UPSERT, {"c": {"name": "N", "markets": [{"campaignId": "x", "name": "M"}]}}, jwt=SUPREME)
    assert body["data"] == {"upsertCampaign": None}
    assert errors_of(body) == [
        {"code": "FORBIDDEN", "reason": "SUPREME_USER_REQUIRED", "path": ["upsertCampaign"]}
    ]
    assert len(responses.calls) == 1


@responses.activate
def test_upsert_needs_a_session() -> None:
    body = gql(UPSERT, {"c": {"name": "N"}})
    assert errors_of(body) == [
        {"code": "UNAUTHENTICATED", "reason": "NOT_LOGGED_IN", "path": ["upsertCampaign"]}
    ]
    assert len(responses.calls) == 0


@responses.activate
def test_save_campaign_contacts_then_read_them_fresh() -> None:
    contacts = [{"name": "Kim", "email": "kim@example.com"}]
    responses.post(url("campaigns", f"/campaigns/{CID}/contacts"), json=wrapped(["k1"]))
    body = gql(
        "mutation($c: [JSON]!, $id: ID!) { saveCampaignContacts(contacts: $c, campaignId: $id) }",
        {"c": contacts, "id": CID},
        jwt=SUPREME,
    )
    assert body == {"data": {"saveCampaignContacts": ["k1"]}}
    assert json_of(responses.calls[0]) == {"contacts": contacts}
