"""codes stand-in: import from the scoring bucket, counts with the 24 h rule, reserve/assign/release."""

import io

from monoql_sandbox import seed_ids as ids

CID = ids.EMPTY_OPEN_CAMPAIGN_ID
SEEDED = ids.OPEN_CAMPAIGN_ID


def _upload(client, supreme, key_prefix, name, data):
    form = {"file": (io.BytesIO(data), name), "prefix": key_prefix, "bucketName": "vf-scoring"}
    answer = client.post("/uploads/files", headers=supreme, data=form, content_type="multipart/form-data")
    assert answer.status_code == 200, answer.json
    return answer.json["data"]["key"]


def test_seeded_codes_every_state(client, supreme):
    for kind in ("tm", "external"):
        counts = client.get(f"/codes/{SEEDED}/codes/count?type={kind}", headers=supreme).json["data"]
        assert counts["available"] > 0 and counts["reserved"] > 0 and counts["assigned"] > 0


def test_import_count_reserve_release(client, supreme):
    key = _upload(client, supreme, f"codes/{CID}/tm", "c.csv", b"CODE1,x\n CODE2 \n\nCODE3\n")
    url = f"/codes/{CID}/codes"
    first = client.post(url, headers=supreme, json={"fileKey": key}).json["data"]
    assert first == {"count": {"in": 3, "inserted": 3, "updated": 0}}
    again = client.post(url, headers=supreme, json={"fileKey": key}).json["data"]
    assert again == {"count": {"in": 3, "inserted": 0, "updated": 3}}
    count = f"/codes/{CID}/codes/count?type=tm"
    assert client.get(count, headers=supreme).json["data"] == {"available": 3, "reserved": 0, "assigned": 0}
    reserved = client.get(f"/codes/{CID}/reserve?count=2&type=tm", headers=supreme).json["data"]
    assert len(reserved["codes"]) == 2 and reserved["reserveId"]
    assert client.get(count + "&status=reserved", headers=supreme).json["data"] == {"reserved": 2}
    try:
        client.put("/_sandbox/clock", json={"offsetSeconds": 25 * 3600})
        assert client.get(count, headers=supreme).json["data"]["available"] == 3
    finally:
        client.delete("/_sandbox/clock")
    released = client.post(f"/codes/{CID}/release", headers=supreme, json={"codes": reserved["codes"]})
    assert released.json["data"] == {"count": {"in": 2, "updated": 2}}
    assigned = client.post(f"/codes/{CID}/assign", headers=supreme, json={"codes": ["CODE1", "NOPE"]})
    assert assigned.json["data"] == {"count": {"in": 2, "updated": 1}}
    assert client.get(count, headers=supreme).json["data"] == {"available": 2, "reserved": 0, "assigned": 1}


def test_code_errors(client, supreme, manager):
    url = f"/codes/{CID}/codes"
    for key in (f"codes/{CID}/presale/x.csv", f"codes/{SEEDED}/tm/x.csv", "elsewhere/x.csv", None):
        answer = client.post(url, headers=supreme, json={"fileKey": key})
        assert answer.status_code == 400 and answer.json["error"]["code"] == "INVALID_FILE_KEY"
    missing = client.post(url, headers=supreme, json={"fileKey": f"codes/{CID}/tm/none.csv"})
    assert missing.status_code == 404 and missing.json["error"]["code"] == "FILE_NOT_FOUND"
    base = f"/codes/{CID}/codes/count"
    assert client.get(base, headers=supreme).json["error"]["code"] == "MISSING_CODE_TYPE"
    assert client.get(base + "?type=presale", headers=supreme).json["error"]["code"] == "INVALID_CODE_TYPE"
    assert (
        client.get(base + "?type=tm&status=x", headers=supreme).json["error"]["code"] == "INVALID_CODE_STATUS"
    )
    assert client.get(f"/codes/{CID}/reserve?type=tm", headers=supreme).json["error"]["code"] == (
        "MISSING_RESERVE_PARAMS"
    )
    assert client.get(f"/codes/{CID}/reserve?type=tm&count=0", headers=supreme).json["error"]["code"] == (
        "INVALID_COUNT"
    )
    assert client.post(f"/codes/{CID}/assign", headers=supreme, json={"codes": []}).json["error"]["code"] == (
        "EMPTY_CODES"
    )
    assert client.get(base + "?type=tm", headers=manager).json["error"]["code"] == "SUPREME_USER_REQUIRED"
    assert client.get(base + "?type=tm").status_code == 401
