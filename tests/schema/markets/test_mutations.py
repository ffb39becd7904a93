"""`upsertMarket`, `deleteMarket` and `cloneMarkets` (docs/normalisation.md §8)."""

from __future__ import annotations

import responses

from tests.support.backends import calls, json_of, url, wrapped
from tests.support.campaigns import CID, CID2, errors_of, gql
from tests.support.tokens import SUPREME

UPSERT = "mutation($m: MarketInput!) { upsertMarket(market: $m) { id name city point { latitude longitude } population } }"
DELETE = "mutation($c: String!, $m: String!, $t: String) { deleteMarket(campaignId: $c, marketId: $m, transferMarketId: $t) }"


@responses.activate
def test_worked_example_11_1() -> None:
    stored = {
        "_id": "m1",
        "campaign_id": "c1",
        "name": "Boston",
        "city": "Boston",
        "state": "MA",
        "timezone": "America/New_York",
        "point": {"type": "Point", "coordinates": [42.3662, -71.0621]},
    }
    responses.post(url("campaigns", "/campaigns/c1/markets"), json=wrapped(stored), status=201)
    market = {
        "campaignId": "c1",
        "name": "Boston",
        "city": "Boston",
        "state": "MA",
        "timezone": "America/New_York",
        "point": {"latitude": 42.3662, "longitude": -71.0621},
    }
    body = gql(UPSERT, {"m": market}, jwt=SUPREME)
    assert body == {
        "data": {
            "upsertMarket": {
                "id": "m1",
                "name": "Boston",
                "city": "Boston",
                "point": {"latitude": 42.3662, "longitude": -71.0621},
                "population": None,
            }
        }
    }
    assert json_of(responses.calls[0]) == {
        "name": "Boston",
        "city": "Boston",
        "state": "MA",
        "timezone": "America/New_York",
        "point": {"type": "Point", "coordinates": [42.3662, -71.0621]},
    }


@responses.activate
def test_update_sends_only_the_given_fields() -> None:
    responses.post(url("campaigns", "/campaigns/c1/markets/m1"), json=wrapped({"id": "m1", "population": 9}))
    body = gql(UPSERT, {"m": {"id": "m1", "campaignId": "c1", "population": 9, "point": None}}, jwt=SUPREME)
    assert body["data"]["upsertMarket"]["population"] == 9
    assert json_of(responses.calls[0]) == {"population": 9, "point": None}


@responses.activate
def test_event_and_split_allocation_go_through_as_given() -> None:
    responses.post(url("campaigns", "/campaigns/c1/markets/m1"), json=wrapped({"id": "m1"}))
    event = {
        "ids": ["G1"],
        "venue": {"name": "Hall"},
        "splitAllocation": {"type": "sequential", "isActive": True},
    }
    gql(UPSERT, {"m": {"id": "m1", "campaignId": "c1", "event": event, "promoterIds": ["p1"]}}, jwt=SUPREME)
    assert json_of(responses.calls[0]) == {"event": event, "promoterIds": ["p1"]}


@responses.activate
def test_incomplete_point_is_refused_without_a_call() -> None:
    body = gql(UPSERT, {"m": {"campaignId": "c1", "name": "X", "point": {"latitude": 1.0}}}, jwt=SUPREME)
    assert body["data"] == {"upsertMarket": None}
    assert errors_of(body) == [
        {"code": "BAD_USER_INPUT", "reason": "INVALID_GEO_POINT", "path": ["upsertMarket"]}
    ]
    assert len(responses.calls) == 0


@responses.activate
def test_delete_with_transfer_merges_both_answers() -> None:
    responses.post(
        url("entries", f"/{CID}/entries/transfer"),
        json={"fromMarketId": "m1", "toMarketId": "m2", "transferred": 42},
    )
    responses.delete(
        url("campaigns", f"/campaigns/{CID}/markets/m1"), json=wrapped({"id": "m1", "deleted": True})
    )
    body = gql(DELETE, {"c": CID, "m": "m1", "t": "m2"}, jwt=SUPREME)
    assert body == {
        "data": {
            "deleteMarket": {
                "id": "m1",
                "deleted": True,
                "fromMarketId": "m1",
                "toMarketId": "m2",
                "transferred": 42,
            }
        }
    }
    assert [(method, path) for method, path, _ in calls(responses)] == [
        ("POST", f"/entries/{CID}/entries/transfer"),
        ("DELETE", f"/campaigns/campaigns/{CID}/markets/m1"),
    ]
    assert json_of(responses.calls[0]) == {"fromMarketId": "m1", "toMarketId": "m2"}


@responses.activate
def test_delete_without_transfer() -> None:
    responses.delete(
        url("campaigns", f"/campaigns/{CID}/markets/m3"), json=wrapped({"id": "m3", "deleted": True})
    )
    body = gql(DELETE, {"c": CID, "m": "m3"}, jwt=SUPREME)
    assert body == {"data": {"deleteMarket": {"id": "m3", "deleted": True}}}
    assert len(responses.calls) == 1


@responses.activate
def test_failed_transfer_keeps_the_market() -> None:
    responses.post(
        url("entries", f"/{CID}/entries/transfer"),
        status=404,
        json={"status": 404, "code": "MARKET_NOT_FOUND", "message": "No."},
    )
    body = gql(DELETE, {"c": CID, "m": "m1", "t": "m9"}, jwt=SUPREME)
    assert body["data"] == {"deleteMarket": None}
    assert errors_of(body) == [{"code": "NOT_FOUND", "reason": "MARKET_NOT_FOUND", "path": ["deleteMarket"]}]
    assert len(responses.calls) == 1


@responses.activate
def test_transfer_to_the_same_market_is_refused() -> None:
    body = gql(DELETE, {"c": CID, "m": "m1", "t": "m1"}, jwt=SUPREME)
    assert errors_of(body) == [
        {"code": "BAD_USER_INPUT", "reason": "INVALID_TRANSFER", "path": ["deleteMarket"]}
    ]
    assert len(responses.calls) == 0


@responses.activate
def test_clone_markets() -> None:
    created = [{"id": "n1", "name": "A", "point": {"type": "Point", "coordinates": [1, 2]}}]
    responses.post(url("campaigns", f"/campaigns/{CID2}/markets/clones"), json=wrapped(created), status=201)
    responses.post(url("campaigns", f"/campaigns/{CID2}/markets/clones"), json=wrapped([]), status=201)
    query = "mutation($f: String!, $t: String!) { cloneMarkets(fromCampaignId: $f, toCampaignId: $t) { id point { latitude } } }"
    assert gql(query, {"f": CID, "t": CID2}, jwt=SUPREME) == {
        "data": {"cloneMarkets": [{"id": "n1", "point": {"latitude": 1.0}}]}
    }
    assert gql(query, {"f": CID, "t": CID2}, jwt=SUPREME) == {"data": {"cloneMarkets": []}}
    assert json_of(responses.calls[0]) == {"fromCampaignId": CID}
