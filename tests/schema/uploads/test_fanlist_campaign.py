"""`FanlistCampaign.uploads` and `FanlistCampaign.exports` through the real /graphql view."""

from __future__ import annotations

from urllib.parse import urlsplit

import responses

from tests.support.backends import query_of, url, wrapped
from tests.support.operations import CID, gql, only_error
from tests.support.tokens import SUPREME

QUERY = f'{{ viewer {{ campaign(id: "{CID}") {{ ... on FanlistCampaign {{ SELECTION }} }} }} }}'
MANIFEST_KEY = f"fanlist/uploaded/{CID}/manifest.json"


def fanlist(selection: str) -> str:
    return QUERY.replace("SELECTION", selection)


def mock_campaign() -> None:
    responses.get(
        url("campaigns", f"/campaigns/{CID}"), json=wrapped({"id": CID, "type": "fanlist", "name": "F"})
    )


def backend_calls(service: str) -> list[responses.Call]:
    return [c for c in responses.calls if urlsplit(c.request.url).path.startswith(f"/{service}/")]


@responses.activate
def test_uploads_come_from_the_manifest_newest_first() -> None:
    mock_campaign()
    manifest = [
        {"date": "2030-01-01T00:00:00.000Z", "rows": 3, "rowsIn": 3, "status": "FINISHED", "fileKey": "a"},
        {"date": "2030-01-03T00:00:00.000Z", "rows": 2, "rowsIn": 4, "status": "FINISHED", "fileKey": "b"},
    ]
    responses.get(
        url("uploads", "/files/list/data"), json=wrapped([{"key": MANIFEST_KEY, "content": manifest}])
    )
    body = gql(fanlist("uploads { date rows rowsIn status }"), jwt=SUPREME)
    assert body["data"]["viewer"]["campaign"]["uploads"] == [
        {"date": "2030-01-03T00:00:00.000Z", "rows": 2, "rowsIn": 4, "status": "FINISHED"},
        {"date": "2030-01-01T00:00:00.000Z", "rows": 3, "rowsIn": 3, "status": "FINISHED"},
    ]
    (call,) = backend_calls("uploads")
    assert query_of(call) == {
        "prefix": MANIFEST_KEY,
        "bucketName": "vf-scoring",
        "skip": "0",
        "limit": "1000",
    }


@responses.activate
def test_uploads_are_empty_without_a_manifest() -> None:
    mock_campaign()
    responses.get(url("uploads", "/files/list/data"), json=wrapped([]))
    body = gql(fanlist("uploads { date }"), jwt=SUPREME)
    assert body == {"data": {"viewer": {"campaign": {"uploads": []}}}}


@responses.activate
def test_exports_of_a_fanlist_campaign_use_the_service_default_limit() -> None:
    mock_campaign()
    export = {
        "id": "e1",
        "campaignId": CID,
        "exportType": "fanlist",
        "status": "PENDING",
        "requesterUserId": "u",
        "date": {"created": "C"},
    }
    responses.get(url("exports", f"/campaigns/{CID}/exports"), json=wrapped([export]))
    body = gql(fanlist("exports { id exportType status date { created } }"), jwt=SUPREME)
    assert body["data"]["viewer"]["campaign"]["exports"] == [
        {"id": "e1", "exportType": "fanlist", "status": "PENDING", "date": {"created": "C"}}
    ]
    (call,) = backend_calls("exports")
    assert query_of(call) == {}


@responses.activate
def test_fanlist_fields_need_a_login() -> None:
    mock_campaign()
    body = gql(fanlist("name uploads { date }"))
    assert body["data"]["viewer"]["campaign"] == {"name": "F", "uploads": None}
    assert (only_error(body)["reason"], only_error(body)["path"]) == (
        "NOT_LOGGED_IN",
        ["viewer", "campaign", "uploads"],
    )
    assert backend_calls("uploads") == []
