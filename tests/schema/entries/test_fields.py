"""`RegistrationCampaign.entry`, `eligibility` and `eligibileCounts` through the real /graphql view."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import responses

from tests.support.backends import described, query_of, url, wrapped
from tests.support.operations import CID, gql, only_error
from tests.support.tokens import FAN, SUPREME

CAMPAIGN = {"id": CID, "type": "registration", "name": "Nova Lane", "status": "OPEN"}
ENTRY = {
    "campaign_id": CID,
    "user_id": "u1",
    "date": {
        "created": "2030-01-01T00:00:00.000Z",
        "updated": "2030-01-02T00:00:00.000Z",
        "phoneConfirmed": None,
    },
    "fields": {"email": "sam@example.com", "market": "m1"},
    "attributes": {"card_citi": True},
    "locale": "en-US",
}


def on_campaign(selection: str, campaign_id: str = CID) -> str:
    fragment = f"... on RegistrationCampaign {{ {selection} }}"
    return f'{{ viewer {{ campaign(id: "{campaign_id}") {{ {fragment} }} }} }}'


def entries_calls() -> list[Any]:
    """Calls to the entries service (anonymous campaign reads may come from the worker cache)."""
    return [call for call in responses.calls if urlsplit(call.request.url).path.startswith("/entries")]


def mock_campaign(campaign_id: str = CID) -> None:
    responses.get(
        url("campaigns", f"/campaigns/{campaign_id}"), json=wrapped({**CAMPAIGN, "id": campaign_id})
    )


@responses.activate
def test_entry_maps_date_attributes_and_fields() -> None:
    mock_campaign()
    responses.get(url("entries", f"/{CID}/entries"), json=ENTRY)
    body = gql(on_campaign("entry { date attributes fields }"), jwt=FAN)
    assert body["data"]["viewer"]["campaign"]["entry"] == {
        "date": ENTRY["date"],
        "attributes": {"card_citi": True},
        "fields": {"email": "sam@example.com", "market": "m1"},
    }
    (call,) = entries_calls()
    assert urlsplit(call.request.url).path == f"/entries/{CID}/entries"
    assert call.request.headers["Authorization"] == f"Bearer {FAN}"


@responses.activate
def test_entry_is_null_for_anonymous_viewers_without_a_call() -> None:
    mock_campaign()
    body = gql(on_campaign("entry { fields }"))
    assert body == {"data": {"viewer": {"campaign": {"entry": None}}}}
    assert entries_calls() == []


@responses.activate
def test_entry_is_null_without_error_on_entry_not_found() -> None:
    mock_campaign()
    responses.get(
        url("entries", f"/{CID}/entries"),
        status=404,
        json={"status": 404, "code": "ENTRY_NOT_FOUND", "message": "Entry not found."},
    )
    body = gql(on_campaign("entry { fields }"), jwt=FAN)
    assert body == {"data": {"viewer": {"campaign": {"entry": None}}}}


@responses.activate
def test_entry_failure_nulls_only_the_entry() -> None:
    mock_campaign()
    responses.get(
        url("entries", f"/{CID}/entries"),
        status=500,
        json={"status": 500, "code": "INTERNAL_SERVER_ERROR", "message": "Boom."},
    )
    body = gql(on_campaign("name entry { fields }").replace("... on", "id ... on"), jwt=FAN)
    assert body["data"]["viewer"]["campaign"] == {"id": CID, "name": "Nova Lane", "entry": None}
    error = only_error(body)
    assert (error["code"], error["path"]) == ("UPSTREAM_ERROR", ["viewer", "campaign", "entry"])


@responses.activate
def test_the_same_entry_is_read_once_and_other_campaigns_separately() -> None:
    other = "64b7f0c2a1e4d3b2c1a0aa02"
    mock_campaign()
    mock_campaign(other)
    responses.get(url("entries", f"/{CID}/entries"), json=ENTRY)
    responses.get(url("entries", f"/{other}/entries"), json={**ENTRY, "campaign_id": other})
    body = gql(
        f'{{ viewer {{ a: campaign(id: "{CID}") {{ ... on RegistrationCampaign {{ entry {{ fields }} '
        "again: entry { date } } }"
        f' b: campaign(id: "{other}") {{ ... on RegistrationCampaign {{ entry {{ fields }} }} }} }} }}',
        jwt=FAN,
    )
    assert body["data"]["viewer"]["a"]["entry"]["fields"]["market"] == "m1"
    assert body["data"]["viewer"]["a"]["again"]["date"] == ENTRY["date"]
    entry_calls = [call for call in described(responses) if call[1].startswith("/entries")]
    assert sorted(entry_calls) == [("GET", f"/entries/{CID}/entries"), ("GET", f"/entries/{other}/entries")]


@responses.activate
def test_eligibility_reads_is_eligible_then_eligible() -> None:
    mock_campaign()
    responses.get(
        url("entries", f"/{CID}/entries/registrationEligibility"),
        json={"isEligible": True, "eligible": False, "reason": None},
    )
    body = gql(on_campaign("eligibility { isEligible reason }"))
    assert body["data"]["viewer"]["campaign"]["eligibility"] == {"isEligible": True, "reason": None}
    (call,) = entries_calls()
    assert "Authorization" not in call.request.headers


@responses.activate
def test_eligibility_falls_back_to_eligible() -> None:
    mock_campaign()
    responses.get(
        url("entries", f"/{CID}/entries/registrationEligibility"),
        json={"eligible": False, "reason": "NOT_LOGGED_IN"},
    )
    body = gql(on_campaign("eligibility { isEligible reason }"))
    assert body["data"]["viewer"]["campaign"]["eligibility"] == {
        "isEligible": False,
        "reason": "NOT_LOGGED_IN",
    }


@responses.activate
def test_a_gate_refusal_is_an_answer_not_an_error() -> None:
    mock_campaign()
    responses.get(
        url("entries", f"/{CID}/entries/registrationEligibility"),
        status=403,
        json={"status": 403, "code": "CARD_REQUIRED", "message": "A card is required."},
    )
    body = gql(on_campaign("eligibility { isEligible reason }"), jwt=FAN)
    assert body == {
        "data": {"viewer": {"campaign": {"eligibility": {"isEligible": False, "reason": "CARD_REQUIRED"}}}}
    }


@responses.activate
def test_other_refusals_of_eligibility_are_errors() -> None:
    mock_campaign()
    responses.get(
        url("entries", f"/{CID}/entries/registrationEligibility"),
        status=403,
        json={"status": 403, "code": "INVALID_CAMPAIGN_PERMISSIONS", "message": "No."},
    )
    body = gql(on_campaign("eligibility { isEligible }"), jwt=FAN)
    assert body["data"]["viewer"]["campaign"]["eligibility"] is None
    assert (only_error(body)["code"], only_error(body)["reason"]) == (
        "FORBIDDEN",
        "INVALID_CAMPAIGN_PERMISSIONS",
    )


COUNTS = {
    "count": 1200,
    "byMarket": [
        {
            "marketId": "m1",
            "count": 800,
            "countsByPreferenceRank": [{"rank": 1, "count": 500}, {"rank": 2, "count": 300}],
        }
    ],
}


@responses.activate
def test_eligible_counts_pass_filters_and_map_directly() -> None:
    mock_campaign()
    responses.get(url("entries", f"/{CID}/entries/eligibility"), json=COUNTS)
    selection = (
        'eligibileCounts(marketIds: ["m1", null, "m2"], includePrevSelected: false, minScore: 0.5, '
        "maxScore: 1.5) "
        "{ count byMarket { marketId count countsByPreferenceRank { rank count } } }"
    )
    body = gql(on_campaign(selection), jwt=SUPREME)
    assert body["data"]["viewer"]["campaign"]["eligibileCounts"] == COUNTS
    assert query_of(responses.calls[1]) == {
        "marketIds": "m1,m2",
        "reassign": "false",
        "minScore": "0.5",
        "maxScore": "1.5",
    }


@responses.activate
def test_eligible_counts_without_filters_and_anonymous() -> None:
    mock_campaign()
    responses.get(url("entries", f"/{CID}/entries/eligibility"), json={"count": 0, "byMarket": []})
    body = gql(on_campaign("eligibileCounts { count byMarket { marketId } }"), jwt=SUPREME)
    assert body["data"]["viewer"]["campaign"]["eligibileCounts"] == {"count": 0, "byMarket": []}
    assert query_of(entries_calls()[0]) == {}
    body = gql(on_campaign("eligibileCounts { count }"))
    assert body["data"]["viewer"]["campaign"]["eligibileCounts"] is None
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("UNAUTHENTICATED", "NOT_LOGGED_IN")
    assert len(entries_calls()) == 1
