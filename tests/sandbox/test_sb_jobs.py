"""Trigger endpoint and the synchronous sandbox jobs: waveprep, selection, SMS waves, ccpa."""

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

from monoql_sandbox import seed_ids as ids

CID = ids.OPEN_CAMPAIGN_ID
SCORING = "vf-scoring"


def _put(client, headers, service, prefix, name, data, bucket=None):
    form = {"file": (io.BytesIO(data), name), "prefix": prefix}
    if bucket:
        form["bucketName"] = bucket
    answer = client.post(f"/{service}/files", headers=headers, data=form, content_type="multipart/form-data")
    assert answer.status_code == 200, answer.json


def _object(client, bucket, key):
    return client.get(f"/_sandbox/objects/{bucket}/{key}")


def test_trigger_validation_and_log(client, supreme, manager):
    assert client.post("/uploads/trigger/nope", headers=supreme, json={"data": {}}).json["error"]["code"] == (
        "INVALID_TRIGGER_FUNCTION"
    )
    bad = client.post("/uploads/trigger/selection", headers=supreme, json={"data": {"campaignId": CID}})
    assert bad.json["error"]["code"] == "INVALID_TRIGGER_DATA"
    assert client.post("/uploads/trigger/selection", headers=supreme, json=[1]).json["error"]["code"] == (
        "INVALID_TRIGGER_DATA"
    )
    assert client.post("/uploads/trigger/waveprep", headers=manager, json={"data": {}}).status_code == 403
    ccpa = client.post("/uploads/trigger/ccpa", json={"data": {"email": "x@y.z"}})
    assert ccpa.json["data"] == {"success": True}
    log = client.get("/_sandbox/triggers").json
    assert log[-1]["function"] == "ccpa" and log[-1]["service"] == "uploads" and log[-1]["userId"] is None
    bare = client.post("/waves/trigger/process-scheduled", headers=supreme, json={})
    assert bare.json["data"] == {"success": True}
    assert client.get("/_sandbox/triggers").json[-1]["service"] == "waves"


def test_waveprep_finished(client, supreme, app):
    m1, m2 = ids.OPEN_CAMPAIGN_MARKET_IDS[:2]
    sheet = f"marketId,name,limit\n{m1},First,5\n{m2},Second,\n".encode()
    _put(client, supreme, "uploads", f"wavePrep/{CID}/data", "20300101.csv", sheet, SCORING)
    answer = client.post(
        "/uploads/trigger/waveprep",
        headers=supreme,
        json={
            "data": {
                "campaignId": CID,
                "dateKey": "20300101",
                "orderByPreference": True,
                "reassign": False,
                "singleMarket": False,
                "randomSelection": False,
            }
        },
    )
    assert answer.json["data"] == {"success": True}
    status = json.loads(_object(client, SCORING, f"wavePrep/{CID}/status/20300101.json").data)
    assert status["status"] == "FINISHED" and status["attempts"] == 1
    assert status["path"] == f"wavePrep/{CID}/prepped/prepped.20300101.zip"
    first, second = status["count"]["markets"]
    assert first["name"] == "First" and first["selected"] == min(first["eligible"], 5)
    assert first["waitlisted"] == first["eligible"] - first["selected"]
    assert second["selected"] == second["eligible"] and second["waitlisted"] == 0
    records = app.extensions["sandbox"].store.entries[CID].values()
    expected = sum(
        1
        for r in records
        if r["scoring"]["verdict"] is True
        and not r["scoring"]["codes"]
        and r["scoring"]["score"] is not None
        and r["scoring"]["score"] >= 0
        and m1 in r["scoring"]["marketIds"]
    )
    assert first["eligible"] == expected
    names = zipfile.ZipFile(io.BytesIO(_object(client, SCORING, status["path"]).data)).namelist()
    assert {"sms/First.csv", "email/First.csv", "masterCodes/Second.csv"} <= set(names)


def test_waveprep_single_market_counts_each_fan_once(client, supreme):
    m1, m2 = ids.OPEN_CAMPAIGN_MARKET_IDS[:2]
    _put(
        client,
        supreme,
        "uploads",
        f"wavePrep/{CID}/data",
        "20300102.csv",
        f"marketId\n{m1}\n{m2}\n".encode(),
        SCORING,
    )
    body = {"campaignId": CID, "dateKey": "20300102"}
    client.post("/uploads/trigger/waveprep", headers=supreme, json={"data": body})
    multi = json.loads(_object(client, SCORING, f"wavePrep/{CID}/status/20300102.json").data)["count"]
    client.post("/uploads/trigger/waveprep", headers=supreme, json={"data": {**body, "singleMarket": True}})
    single = json.loads(_object(client, SCORING, f"wavePrep/{CID}/status/20300102.json").data)
    assert single["attempts"] == 2
    assert single["count"]["eligible"] < multi["eligible"]


def test_waveprep_failures(client, supreme):
    _put(client, supreme, "uploads", f"wavePrep/{CID}/data", "20300103.csv", b"market,name\nx,y\n", SCORING)
    client.post(
        "/uploads/trigger/waveprep",
        headers=supreme,
        json={"data": {"campaignId": CID, "dateKey": "20300103"}},
    )
    failed = json.loads(_object(client, SCORING, f"wavePrep/{CID}/status/20300103.json").data)
    assert failed["status"] == "FAILED" and "marketId" in failed["error"]["message"]
    client.post(
        "/uploads/trigger/waveprep",
        headers=supreme,
        json={"data": {"campaignId": CID, "dateKey": "20300199"}},
    )
    missing = json.loads(_object(client, SCORING, f"wavePrep/{CID}/status/20300199.json").data)
    assert missing["status"] == "FAILED" and missing["error"]["message"]


def test_selection(client, supreme):
    m1 = ids.OPEN_CAMPAIGN_MARKET_IDS[0]
    before = client.get(f"/entries/{CID}/entries/eligibility/totalSelected", headers=supreme).json[0]["count"]
    answer = client.post(
        "/uploads/trigger/selection", headers=supreme, json={"data": {"campaignId": CID, "marketIds": [m1]}}
    )
    assert answer.json["data"] == {"success": True}
    stats = client.get(f"/entries/{CID}/stats/selection?marketId={m1}", headers=supreme).json
    newest = stats[0]
    assert newest["status"] == "FINISHED" and newest["count"]["selected"] > 0
    after = client.get(f"/entries/{CID}/entries/eligibility/totalSelected", headers=supreme).json[0]["count"]
    assert after == before + newest["count"]["selected"]


def _config(name, folder, notify, generate):
    return {
        "waveName": name,
        "key": f"smsWaves/{folder}/{name}_csv.json",
        "fileKey": f"smsWaves/csv/{name}.csv",
        "campaignId": CID,
        "categoryId": 1,
        "totalLimit": 10,
        "generateOfferCode": generate,
        "tiedToAccount": False,
        "notifyDate": notify,
        "dateScheduled": "2030-01-01T00:00:00.000Z",
    }


def test_sms_wave_code_generation_and_sending(client, supreme):
    notify = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    rows = (
        b"email,firstName,lastName,globalUserId,mobileNumber,doNotText\na@x,A,B,G1,+15550000001,false\n"
        b"b@x,C,D,G2,+15550000002,true\n"
    )
    _put(client, supreme, "waves", "smsWaves/csv", "autumn.csv", rows)
    config = _config("autumn", "uploaded", notify, True)
    _put(client, supreme, "waves", "smsWaves/uploaded", "autumn_csv.json", json.dumps(config).encode())
    answer = client.post(
        "/waves/trigger/gen-sms-wave-codes",
        headers=supreme,
        json={"data": {"waveFilePrefix": "smsWaves/csv/autumn", "config": config}},
    )
    assert answer.json["data"] == {"success": True}
    assert _object(client, "sandbox-waves", "smsWaves/uploaded/autumn_csv.json").status_code == 404
    scheduled = json.loads(_object(client, "sandbox-waves", "smsWaves/scheduled/autumn_csv.json").data)
    assert scheduled["beginDate"] < notify < scheduled["endDate"]
    assert _object(client, "sandbox-waves", "smsWaves/configs/autumn.normalized.json").status_code == 200
    csv_rows = _object(client, "sandbox-waves", "smsWaves/csv/autumn.csv").data.decode().splitlines()
    assert csv_rows[0].endswith(",code") and all(line.split(",")[-1] for line in csv_rows[1:])
    # not due yet
    client.post("/waves/trigger/process-scheduled", headers=supreme, json={"data": {}})
    assert _object(client, "sandbox-waves", "smsWaves/scheduled/autumn_csv.json").status_code == 200
    try:
        client.put("/_sandbox/clock", json={"offsetSeconds": 3 * 86400})
        client.post("/waves/trigger/process-scheduled", headers=supreme, json={"data": {}})
    finally:
        client.delete("/_sandbox/clock")
    sent = json.loads(_object(client, "sandbox-waves", "smsWaves/triggered/autumn_csv.json").data)
    assert sent["result"] == {"count": {"total": 2, "ok": 1, "failed": 0}} and sent["dateTriggered"]
    assert _object(client, "sandbox-waves", "smsWaves/scheduled/autumn_csv.json").status_code == 404


def test_sms_wave_missing_csv_fails(client, supreme):
    config = _config("ghost", "uploaded", "2031-01-01T00:00:00.000Z", True)
    client.post(
        "/waves/trigger/gen-sms-wave-codes",
        headers=supreme,
        json={"data": {"waveFilePrefix": "smsWaves/csv/ghost", "config": config}},
    )
    failed = json.loads(_object(client, "sandbox-waves", "smsWaves/failed/ghost_csv.json").data)
    assert failed["error"]["message"]


def test_process_scheduled_with_payload_now(client, supreme):
    config = _config("payload-now", "scheduled", "2031-06-01T00:00:00.000Z", False)
    _put(client, supreme, "waves", "smsWaves/csv", "payload-now.csv", b"email,doNotText\na,false\n")
    _put(client, supreme, "waves", "smsWaves/scheduled", "payload-now_csv.json", json.dumps(config).encode())
    client.post(
        "/waves/trigger/process-scheduled", headers=supreme, json={"data": {"now": "2031-06-02T00:00:00Z"}}
    )
    assert _object(client, "sandbox-waves", "smsWaves/triggered/payload-now_csv.json").status_code == 200
