"""uploadWave through the real /graphql view: the stored CSV and configuration, offer codes, refusals."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
import responses

from monoql.schema.waves import rules
from tests.support.backends import described, json_of, listing, multipart_of, query_of, url, wrapped
from tests.support.operations import CID, gql, only_error
from tests.support.tokens import SUPREME

NOW = datetime(2030, 1, 5, 15, 0, tzinfo=UTC)
CSV = b"email,firstName,lastName,globalUserId,mobileNumber,doNotText\na@x.com,A,B,G1,+15555550100,false\n"
UPLOAD = """mutation($f: Upload, $s: Int, $n: String!, $cfg: WaveConfigInput!) {
  uploadWave(file: $f, fileSize: $s, fileName: $n, config: $cfg) }"""
CONFIG = {
    "campaignId": CID,
    "categoryId": 1,
    "totalLimit": 10,
    "generateOfferCode": False,
    "notifyDate": "2030-01-07T15:00:00Z",
}


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "utc_now", lambda: NOW)


def stored_config(call: Any) -> dict[str, Any]:
    fields, files = multipart_of(call)
    name, content_type, data = files["file"]
    return {"prefix": fields.get("prefix"), "name": name, "type": content_type, "config": json.loads(data)}


@responses.activate


def test_upload_wave_schedules_a_wave_without_offer_codes() -> None:
    responses.get(
        url("waves", "/files/list"), json=listing("smsWaves/failed/spring_csv.json", "smsWaves/csv/x.csv")
    )
    responses.post(url("waves", "/files"), json=wrapped({"url": "u", "name": "n"}))
    responses.delete(url("waves", "/files"), json=wrapped({"deleted": []}))
    body = gql(
        UPLOAD,
        {"s": len(CSV), "n": "spring.csv", "cfg": CONFIG},
        jwt=SUPREME,
        files={"f": (CSV, "whatever.csv", "text/csv")},
    )
    assert body == {
        "data": {
            "uploadWave": {
                "name": "spring",
                "status": "scheduled",
                "fileKey": "smsWaves/csv/spring.csv",
                "configKey": "smsWaves/scheduled/spring_csv.json",
            }
        }
    }
    assert described(responses) == [
        ("GET", "/waves/files/list"),
        ("POST", "/waves/files"),
        ("POST", "/waves/files"),
        ("DELETE", "/waves/files"),
    ]
    assert query_of(responses.calls[0]) == {"prefix": "smsWaves/"}
    fields, files = multipart_of(responses.calls[1])
    assert fields == {"prefix": "smsWaves/csv"}  # waves never gets a bucketName
    assert files["file"] == ("spring.csv", "text/csv", CSV)
    assert stored_config(responses.calls[2]) == {
        "prefix": "smsWaves/scheduled",
        "name": "spring_csv.json",
        "type": "application/json",
        "config": {
            "waveName": "spring",
            "fileKey": "smsWaves/csv/spring.csv",
            "categoryId": 1,
            "campaignId": CID,
            "totalLimit": 10,
            "generateOfferCode": False,
            "tiedToAccount": None,
            "notifyDate": "2030-01-07T15:00:00.000Z",
            "dateScheduled": "2030-01-05T15:00:00.000Z",
            "key": "smsWaves/scheduled/spring_csv.json",
        },
    }
    assert query_of(responses.calls[3]) == {"fileKeys": "smsWaves/failed/spring_csv.json"}


@responses.activate
def test_upload_wave_with_offer_codes_reuses_the_stored_csv_and_triggers_generation() -> None:
    responses.get(url("waves", "/files/list"), json=listing("smsWaves/csv/autumn.csv"))
    responses.post(url("waves", "/files"), json=wrapped({"url": "u", "name": "n"}))
    responses.post(url("waves", "/trigger/gen-sms-wave-codes"), json=wrapped({"success": True}))
    config = {**CONFIG, "generateOfferCode": True, "tiedToAccount": True}
    body = gql(UPLOAD, {"n": "autumn", "cfg": config}, jwt=SUPREME)
    assert body["data"]["uploadWave"] == {
        "name": "autumn",
        "status": "processing",
        "fileKey": "smsWaves/csv/autumn.csv",
        "configKey": "smsWaves/uploaded/autumn_csv.json",
    }
    assert described(responses) == [
        ("GET", "/waves/files/list"),
        ("POST", "/waves/files"),
        ("POST", "/waves/trigger/gen-sms-wave-codes"),
    ]
    stored = stored_config(responses.calls[1])
    assert stored["prefix"] == "smsWaves/uploaded"
    assert json_of(responses.calls[2]) == {
        "data": {"waveFilePrefix": "smsWaves/csv/autumn", "config": stored["config"]}
    }


@responses.activate
def test_upload_wave_without_a_file_needs_a_stored_csv() -> None:
    responses.get(url("waves", "/files/list"), json=listing())
    body = gql(UPLOAD, {"n": "ghost.csv", "cfg": CONFIG}, jwt=SUPREME)
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("NOT_FOUND", "WAVE_FILE_NOT_FOUND")
    assert len(responses.calls) == 1


@responses.activate
def test_upload_wave_refuses_a_wave_already_sent() -> None:
    responses.get(url("waves", "/files/list"), json=listing("smsWaves/triggered/spring_csv.json"))
    body = gql(
        UPLOAD,
        {"s": len(CSV), "n": "spring.csv", "cfg": CONFIG},
        jwt=SUPREME,
        files={"f": (CSV, "spring.csv", "text/csv")},
    )
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", "WAVE_ALREADY_SENT")
    assert len(responses.calls) == 1


@pytest.mark.parametrize(
    ("name", "notify", "size", "reason"),
    [
        ("sp ring.csv", "2030-01-07T15:00:00Z", len(CSV), "INVALID_FILE_NAME"),
        ("spring.csv", "2030-01-05T14:00:00Z", len(CSV), "INVALID_NOTIFY_DATE"),
        ("spring.csv", "2030-01-07T15:00:00", len(CSV), "INVALID_NOTIFY_DATE"),
        ("spring.csv", "2030-01-07T15:00:00Z", None, "INVALID_FILE_SIZE"),
        ("spring.csv", "2030-01-07T15:00:00Z", 3, "FILE_SIZE_MISMATCH"),
    ],
)
@responses.activate
def test_upload_wave_input_checks_make_no_call(name: str, notify: str, size: int | None, reason: str) -> None:
    body = gql(
        UPLOAD,
        {"s": size, "n": name, "cfg": {**CONFIG, "notifyDate": notify}},
        jwt=SUPREME,
        files={"f": (CSV, "spring.csv", "text/csv")},
    )
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", reason)
    assert len(responses.calls) == 0
