"""Wave listing, cancellation, wave preparation and selection through the real /graphql view."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson
import pytest
import responses

from monoql.schema.waves import rules
from tests.support import loopback
from tests.support.backends import described, json_of, listing, query_of, url, wrapped
from tests.support.gateway import gateway_settings
from tests.support.operations import CID, gql, only_error
from tests.support.tokens import SUPREME

NOW = datetime(2030, 1, 5, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "utc_now", lambda: NOW)


def config_object(folder: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "key": f"smsWaves/{folder}/{name}_csv.json",
        "lastModifiedDate": "x",
        "content": {"waveName": name, "campaignId": CID, **extra},
    }


@responses.activate
def test_wave_list_reads_the_four_folders_concurrently() -> None:
    pages = {
        "uploaded": [config_object("uploaded", "b", notifyDate="2030-02-01T00:00:00.000Z")],
        "scheduled": [config_object("scheduled", "a", notifyDate="2030-02-01T00:00:00.000Z", categoryId=7)],
        "triggered": [
            config_object(
                "triggered", "sent", notifyDate="2029-12-01T00:00:00.000Z", result={"count": {"total": 1}}
            )
        ],
        "failed": [
            {**config_object("failed", "other"), "content": {"waveName": "other", "campaignId": "c2"}}
        ],
    }
    for folder, objects in pages.items():
        responses.get(
            url("waves", "/files/list/data"),
            json=wrapped(objects),
            match=[
                responses.matchers.query_param_matcher(
                    {"prefix": f"smsWaves/{folder}/", "skip": "0", "limit": "1000"}
                )
            ],
        )
    body = gql(
        f'{{ waveList(campaignId: "{CID}") {{ name status categoryId campaignId date {{ notify }} }} }}',
        jwt=SUPREME,
    )
    assert body["data"]["waveList"] == [
        {
            "name": "a",
            "status": "scheduled",
            "categoryId": "7",
            "campaignId": CID,
            "date": {"notify": "2030-02-01T00:00:00.000Z"},
        },
        {
            "name": "b",
            "status": "processing",
            "categoryId": None,
            "campaignId": CID,
            "date": {"notify": "2030-02-01T00:00:00.000Z"},
        },
        {
            "name": "sent",
            "status": "completed",
            "categoryId": None,
            "campaignId": CID,
            "date": {"notify": "2029-12-01T00:00:00.000Z"},
        },
    ]
    assert len(responses.calls) == 4
    body = gql("{ waveList { name } }", jwt=SUPREME)
    assert [w["name"] for w in body["data"]["waveList"]] == ["a", "b", "sent", "other"]


@responses.activate
def test_cancel_wave_deletes_the_three_keys() -> None:
    responses.get(url("waves", "/files/list"), json=listing("smsWaves/scheduled/spring_csv.json"))
    responses.get(url("waves", "/files/list/data"), json=wrapped([config_object("scheduled", "spring")]))
    responses.delete(url("waves", "/files"), json=wrapped({"deleted": []}))
    body = gql(f'mutation {{ cancelWave(fileName: "spring.csv", campaignId: "{CID}") }}', jwt=SUPREME)
    keys = [
        "smsWaves/scheduled/spring_csv.json",
        "smsWaves/csv/spring.csv",
        "smsWaves/configs/spring.normalized.json",
    ]
    assert body == {"data": {"cancelWave": {"name": "spring", "cancelled": True, "deleted": keys}}}
    assert described(responses) == [
        ("GET", "/waves/files/list"),
        ("GET", "/waves/files/list/data"),
        ("DELETE", "/waves/files"),
    ]
    assert query_of(responses.calls[1])["prefix"] == "smsWaves/scheduled/spring_csv.json"
    assert query_of(responses.calls[2]) == {"fileKeys": ",".join(keys)}


@responses.activate
def test_cancel_wave_refusals() -> None:
    responses.get(
        url("waves", "/files/list"),
        json=listing("smsWaves/triggered/sent_csv.json", "smsWaves/uploaded/mine_csv.json"),
    )
    responses.get(
        url("waves", "/files/list/data"),
        json=wrapped([config_object("triggered", "sent")]),
        match=[
            responses.matchers.query_param_matcher(
                {"prefix": "smsWaves/triggered/sent_csv.json"}, strict_match=False
            )
        ],
    )
    responses.get(
        url("waves", "/files/list/data"),
        json=wrapped([config_object("uploaded", "mine")]),
        match=[
            responses.matchers.query_param_matcher(
                {"prefix": "smsWaves/uploaded/mine_csv.json"}, strict_match=False
            )
        ],
    )
    body = gql('mutation { cancelWave(fileName: "sent_csv.json") }', jwt=SUPREME)
    assert (only_error(body)["code"], only_error(body)["reason"]) == (
        "BAD_USER_INPUT",
        "WAVE_NOT_CANCELLABLE",
    )
    body = gql('mutation { cancelWave(fileName: "mine", campaignId: "someone-else") }', jwt=SUPREME)
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("NOT_FOUND", "WAVE_NOT_FOUND")
    body = gql('mutation { cancelWave(fileName: "nothing.csv") }', jwt=SUPREME)
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("NOT_FOUND", "WAVE_NOT_FOUND")
    assert all(method != "DELETE" for method, _ in described(responses))


@responses.activate
def test_trigger_wave_prep_sends_the_options() -> None:
    responses.post(url("uploads", "/trigger/waveprep"), json=wrapped({"success": True}))
    body = gql(
        f'mutation {{ triggerWavePrep(campaignId: "{CID}", dateKey: "20300101", orderByPreference: true, '
        "minScore: 0.5) }",
        jwt=SUPREME,
    )
    assert body == {"data": {"triggerWavePrep": {"success": True}}}
    assert json_of(responses.calls[0]) == {
        "data": {
            "campaignId": CID,
            "dateKey": "20300101",
            "reassign": False,
            "orderByPreference": True,
            "singleMarket": False,
            "randomSelection": False,
            "minScore": 0.5,
        }
    }
    body = gql(f'mutation {{ triggerWavePrep(campaignId: "{CID}", dateKey: "x1") }}', jwt=SUPREME)
    assert only_error(body)["reason"] == "INVALID_DATE_KEY"
    assert len(responses.calls) == 1


@responses.activate
def test_trigger_selection_drops_null_ids() -> None:
    responses.post(url("uploads", "/trigger/selection"), json=wrapped({"success": True}))
    body = gql(
        f'mutation {{ triggerSelection(campaignId: "{CID}", marketIds: ["m1", null, "m2"]) }}', jwt=SUPREME
    )
    assert body == {"data": {"triggerSelection": {"success": True}}}
    assert json_of(responses.calls[0]) == {"data": {"campaignId": CID, "marketIds": ["m1", "m2"]}}
    body = gql(f'mutation {{ triggerSelection(campaignId: "{CID}", marketIds: [null]) }}', jwt=SUPREME)
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", "EMPTY_MARKET_IDS")
    assert len(responses.calls) == 1


@responses.activate
def test_wave_prep_list_reads_three_prefixes_of_the_scoring_bucket() -> None:
    status = {
        "key": f"wavePrep/{CID}/status/20300101.json",
        "content": {"dateKey": "20300101", "status": "FINISHED", "count": {"name": "total", "selected": 3}},
    }
    responses.get(url("uploads", "/files/list/data"), json=wrapped([status]))
    responses.get(
        url("uploads", "/files/list"),
        json=listing(f"wavePrep/{CID}/data/20300101.csv", f"wavePrep/{CID}/data/20300202.csv"),
        match=[
            responses.matchers.query_param_matcher({"prefix": f"wavePrep/{CID}/data/"}, strict_match=False)
        ],
    )
    responses.get(
        url("uploads", "/files/list"),
        json=listing(f"wavePrep/{CID}/prepped/prepped.20300101.zip"),
        match=[
            responses.matchers.query_param_matcher({"prefix": f"wavePrep/{CID}/prepped/"}, strict_match=False)
        ],
    )
    body = gql(
        f'{{ wavePrepList(campaignId: "{CID}") {{ dateKey status path count {{ name selected }} }} }}',
        jwt=SUPREME,
    )
    assert body["data"]["wavePrepList"] == [
        {"dateKey": "20300202", "status": "UPLOADED", "path": None, "count": None},
        {
            "dateKey": "20300101",
            "status": "FINISHED",
            "path": f"wavePrep/{CID}/prepped/prepped.20300101.zip",
            "count": {"name": "total", "selected": 3},
        },
    ]
    assert len(responses.calls) == 3
    assert all(query_of(c)["bucketName"] == "vf-scoring" for c in responses.calls)
    assert sorted((c.request.path_url.split("?")[0], query_of(c)["prefix"]) for c in responses.calls) == [
        ("/uploads/files/list", f"wavePrep/{CID}/data/"),
        ("/uploads/files/list", f"wavePrep/{CID}/prepped/"),
        ("/uploads/files/list/data", f"wavePrep/{CID}/status/"),
    ]


@responses.activate
def test_wave_fields_need_a_login() -> None:
    assert only_error(gql("{ waveList { name } }"))["reason"] == "NOT_LOGGED_IN"
    assert only_error(gql(f'mutation {{ cancelWave(fileName: "a", campaignId: "{CID}") }}'))["reason"] == (
        "NOT_LOGGED_IN"
    )
    assert len(responses.calls) == 0


def test_the_four_wave_folders_are_read_at_once() -> None:
    """One batch of four independent calls: all four requests wait for their answers together."""
    empty_page = orjson.dumps(wrapped([]))
    backend = loopback.Server()
    backend.reply = loopback.gated(4, loopback.sends(loopback.answer(body=empty_page)))
    try:
        settings = gateway_settings(performance={"caches": False},
                                    services={"waves": {"url": f"http://127.0.0.1:{backend.port}/waves"}})
        assert gql("{ waveList { name } }", jwt=SUPREME, settings=settings) == {"data": {"waveList": []}}
    finally:
        backend.close()
    assert sorted(query_of_target(request)["prefix"] for request in backend.requests) == [
        f"smsWaves/{folder}/" for folder in ("failed", "scheduled", "triggered", "uploaded")]
    assert backend.connections == 4


def query_of_target(request: bytes) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(loopback.target(request)).query))
