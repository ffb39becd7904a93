"""Exports through the real /graphql view: scheduleExport, campaignExport, campaignExportList."""

from __future__ import annotations

import pytest
import responses

from tests.support.backends import failure, json_of, query_of, url, wrapped
from tests.support.operations import CID, gql, only_error
from tests.support.tokens import FAN, SUPREME

EXPORT = {
    "_id": "64b7f0c2a1e4d3b2c1a0ee01",
    "campaignId": CID,
    "campaignName": "Nova Lane",
    "exportType": "entries",
    "status": "FINISHED",
    "requesterUserId": "u1",
    "date": {"created": "2030-01-05T15:00:00.000Z", "triggered": "T", "finished": "F"},
    "count": 1200,
    "path": None,
    "key": "exports/e1.zip",
    "dateKey": None,
    "error": None,
}
FIELDS = (
    "id campaignId exportType status count requesterUserId path dateKey "
    "date { created started triggered pending finished failed expired } error { message payload stack }"
)


@responses.activate
def test_schedule_export_sends_type_and_date_key() -> None:
    created = {
        **EXPORT,
        "id": "e2",
        "status": "PENDING",
        "exportType": "codeWaves",
        "dateKey": "20300101",
        "path": None,
        "key": None,
    }
    responses.post(url("exports", f"/campaigns/{CID}/exports"), json=wrapped(created), status=201)
    body = gql(
        f'mutation($c: String!) {{ scheduleExport(campaignId: $c, type: "codeWaves", dateKey: "20300101") '
        f"{{ {FIELDS} }} }}",
        {"c": CID},
        jwt=SUPREME,
    )
    assert body["data"]["scheduleExport"]["id"] == "e2"
    assert body["data"]["scheduleExport"]["dateKey"] == "20300101"
    assert body["data"]["scheduleExport"]["status"] == "PENDING"
    assert len(responses.calls) == 1
    assert json_of(responses.calls[0]) == {"exportType": "codeWaves", "dateKey": "20300101"}
    assert responses.calls[0].request.headers["Authorization"] == f"Bearer {SUPREME}"


@responses.activate
def test_schedule_export_without_date_key_and_its_error() -> None:
    responses.post(
        url("exports", f"/campaigns/{CID}/exports"), json=failure(400, "MISSING_DATE_KEY"), status=400
    )
    body = gql(f'mutation {{ scheduleExport(campaignId: "{CID}", type: "codeWaves") {{ id }} }}', jwt=SUPREME)
    assert body["data"]["scheduleExport"] is None
    assert only_error(body)["code"] == "BAD_USER_INPUT"
    assert only_error(body)["reason"] == "MISSING_DATE_KEY"
    assert json_of(responses.calls[0]) == {"exportType": "codeWaves"}


@responses.activate
def test_campaign_export_maps_id_path_and_dates() -> None:
    responses.get(url("exports", f"/campaigns/{CID}/exports/e1"), json=wrapped(EXPORT))
    body = gql(f'{{ campaignExport(campaignId: "{CID}", exportId: "e1") {{ {FIELDS} }} }}', jwt=SUPREME)
    assert body["data"]["campaignExport"] == {
        "id": "64b7f0c2a1e4d3b2c1a0ee01",
        "campaignId": CID,
        "exportType": "entries",
        "status": "FINISHED",
        "count": 1200,
        "requesterUserId": "u1",
        "path": "exports/e1.zip",
        "dateKey": None,
        "date": {
            "created": "2030-01-05T15:00:00.000Z",
            "started": None,
            "triggered": "T",
            "pending": None,
            "finished": "F",
            "failed": None,
            "expired": None,
        },
        "error": None,
    }


@responses.activate
def test_campaign_export_failed_error_is_copied() -> None:
    failed = {
        **EXPORT,
        "id": "e3",
        "status": "FAILED",
        "error": {"message": "boom", "payload": "p", "stack": "s"},
    }
    responses.get(url("exports", f"/campaigns/{CID}/exports/e3"), json=wrapped(failed))
    body = gql(
        f'{{ campaignExport(campaignId: "{CID}", exportId: "e3") {{ error {{ message payload stack }} }} }}',
        jwt=SUPREME,
    )
    assert body["data"]["campaignExport"]["error"] == {"message": "boom", "payload": "p", "stack": "s"}


@responses.activate
def test_campaign_export_forbidden() -> None:
    responses.get(
        url("exports", f"/campaigns/{CID}/exports/e1"), json=failure(403, "MISSING_PERMISSIONS"), status=403
    )
    body = gql(f'{{ campaignExport(campaignId: "{CID}", exportId: "e1") {{ id }} }}', jwt=FAN)
    assert body["data"]["campaignExport"] is None
    assert only_error(body)["code"] == "FORBIDDEN"
    assert only_error(body)["reason"] == "MISSING_PERMISSIONS"


@responses.activate
def test_export_list_passes_paging_and_type() -> None:
    responses.get(
        url("exports", f"/campaigns/{CID}/exports"), json=wrapped([EXPORT, {**EXPORT, "_id": "e9"}])
    )
    body = gql(
        f'{{ campaignExportList(campaignId: "{CID}", limit: 2, skip: 1, exportType: "entries") {{ id }} }}',
        jwt=SUPREME,
    )
    assert [e["id"] for e in body["data"]["campaignExportList"]] == ["64b7f0c2a1e4d3b2c1a0ee01", "e9"]
    assert len(responses.calls) == 1
    assert query_of(responses.calls[0]) == {"limit": "2", "offset": "1", "exportType": "entries"}


@responses.activate
def test_export_list_without_arguments_sends_no_paging() -> None:
    responses.get(url("exports", f"/campaigns/{CID}/exports"), json=wrapped([]))
    body = gql(f'{{ campaignExportList(campaignId: "{CID}") {{ id }} }}', jwt=SUPREME)
    assert body["data"]["campaignExportList"] == []
    assert query_of(responses.calls[0]) == {}


@responses.activate
def test_export_list_limit_zero_makes_no_call() -> None:
    body = gql(f'{{ campaignExportList(campaignId: "{CID}", limit: 0) {{ id }} }}', jwt=SUPREME)
    assert body == {"data": {"campaignExportList": []}}
    assert len(responses.calls) == 0


@pytest.mark.parametrize("args", ["limit: -1", "skip: -1", "limit: 1001"])
@responses.activate
def test_export_list_invalid_pagination_makes_no_call(args: str) -> None:
    body = gql(f'{{ campaignExportList(campaignId: "{CID}", {args}) {{ id }} }}', jwt=SUPREME)
    assert body["data"]["campaignExportList"] is None
    error = only_error(body)
    assert (error["code"], error["reason"]) == ("BAD_USER_INPUT", "INVALID_PAGINATION")
    assert len(responses.calls) == 0


@responses.activate
def test_exports_need_a_login() -> None:
    body = gql(f'{{ campaignExport(campaignId: "{CID}", exportId: "e1") {{ id }} }}')
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("UNAUTHENTICATED", "NOT_LOGGED_IN")
    body = gql(f'mutation {{ scheduleExport(campaignId: "{CID}", type: "entries") {{ id }} }}')
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("UNAUTHENTICATED", "NOT_LOGGED_IN")
    assert len(responses.calls) == 0
