"""uploads and waves stand-ins: images, multipart files, listings, list/data parsing, deletes."""

import base64
import io
import json

from monoql_sandbox import seed_ids as ids

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 32).decode()


def _post_file(client, headers, service, name, data, prefix=None, bucket=None):
    form = {"file": (io.BytesIO(data), name)}
    if prefix is not None:
        form["prefix"] = prefix
    if bucket:
        form["bucketName"] = bucket
    return client.post(f"/{service}/files", headers=headers, data=form, content_type="multipart/form-data")


def test_upload_image(client, supreme):
    answer = client.post(
        "/uploads/images",
        headers=supreme,
        json={"base64": PNG, "contentType": "image/png", "fileName": "My Photo!.png"},
    )
    assert answer.status_code == 200
    data = answer.json["data"]
    assert data["name"].startswith("My-Photo-_") and data["name"].endswith(".png")
    raw = client.get(data["url"].replace("http://localhost", ""))
    assert raw.status_code == 200 and raw.data.startswith(b"\x89PNG")
    data_url = client.post(
        "/uploads/images",
        headers=supreme,
        json={"base64": "data:image/png;base64," + PNG, "contentType": "image/png"},
    )
    assert data_url.json["data"]["name"].startswith("image_")
    for body, code in (
        ({"contentType": "image/png"}, "MISSING_BASE64_FIELD"),
        ({"base64": "***", "contentType": "image/png"}, "INVALID_BASE64"),
        ({"base64": PNG, "contentType": "image/bmp"}, "CONTENT_NOT_ACCEPTED"),
    ):
        assert client.post("/uploads/images", headers=supreme, json=body).json["error"]["code"] == code
    assert client.post("/waves/images", headers=supreme, json={}).status_code == 404


def test_upload_list_and_data(client, supreme):
    assert (
        _post_file(client, supreme, "uploads", "a.json", b'{"x": 1}', prefix="t1/").json["data"]["key"]
        == "t1/a.json"
    )
    _post_file(client, supreme, "uploads", "b.csv", b"h1,h2\n1,2\n3,4\n", prefix="t1")
    _post_file(client, supreme, "uploads", "c.bin", b"\x00\x01", prefix="t1")
    _post_file(client, supreme, "uploads", "d.json", b"{broken", prefix="t1")
    _post_file(client, supreme, "uploads", "big.json", b"[" + b"1," * 600000 + b"1]", prefix="t1")
    listed = client.get("/uploads/files/list?prefix=t1/", headers=supreme).json["data"]
    assert listed[0]["key"] == "t1/big.json" and len(listed) == 5
    items = {
        x["key"]: x for x in client.get("/uploads/files/list/data?prefix=t1/", headers=supreme).json["data"]
    }
    assert items["t1/a.json"]["content"] == {"x": 1}
    assert items["t1/b.csv"]["content"] == [{"h1": "1", "h2": "2"}, {"h1": "3", "h2": "4"}]
    for key in ("t1/c.bin", "t1/d.json", "t1/big.json"):
        assert "content" not in items[key] and items[key]["error"]["message"]
    sliced = client.get("/uploads/files/list/data?prefix=t1/&skip=1&limit=2", headers=supreme).json["data"]
    assert [x["key"] for x in sliced] == [x["key"] for x in listed[1:3]]
    bad = client.get("/uploads/files/list/data?limit=1001", headers=supreme)
    assert bad.status_code == 400


def test_replace_and_prefixless_key(client, supreme):
    first = _post_file(client, supreme, "uploads", "same.txt", b"one").json["data"]
    assert first["key"] == "same.txt" and first["name"] == "same.txt"
    _post_file(client, supreme, "uploads", "same.txt", b"two")
    assert client.get(first["url"].replace("http://localhost", "")).data == b"two"


def test_file_errors_and_auth(client, supreme, manager):
    assert (
        client.post("/uploads/files", headers=supreme, data={}, content_type="multipart/form-data").json[
            "error"
        ]["code"]
        == "MISSING_FILE"
    )
    assert _post_file(client, supreme, "uploads", "e.csv", b"").json["error"]["code"] == "EMPTY_FILE"
    assert _post_file(client, manager, "uploads", "e.csv", b"x").status_code == 403
    assert client.get("/waves/files/list").status_code == 401


def test_delete(client, supreme):
    _post_file(client, supreme, "waves", "x.csv", b"a\n", prefix="del")
    answer = client.delete("/waves/files?fileKeys=del/x.csv,del/none.csv", headers=supreme).json["data"]
    assert answer == {"deleted": [{"Key": "del/x.csv", "VersionId": None}]}
    assert client.get("/waves/files/list?prefix=del/", headers=supreme).json["data"] == []
    assert client.delete("/waves/files", headers=supreme).json["error"]["code"] == "MISSING_FILE_KEYS"


def test_buckets_are_separate(client, supreme):
    _post_file(client, supreme, "uploads", "only-scoring.csv", b"a\n", prefix="sep", bucket="vf-scoring")
    assert client.get("/uploads/files/list?prefix=sep/", headers=supreme).json["data"] == []
    assert (
        len(client.get("/uploads/files/list?prefix=sep/&bucketName=vf-scoring", headers=supreme).json["data"])
        == 1
    )
    assert client.get("/waves/files/list?prefix=sep/", headers=supreme).json["data"] == []


def test_seeded_objects(client, supreme):
    scored = client.get(
        f"/uploads/files/list/data?prefix=scored/{ids.OPEN_CAMPAIGN_ID}.&bucketName=vf-scoring",
        headers=supreme,
    ).json["data"]
    assert len(scored) == 2 and scored[0]["key"].endswith(".uploaded.csv") and scored[0]["content"]
    waves = client.get("/waves/files/list?prefix=smsWaves/", headers=supreme).json["data"]
    keys = {x["key"] for x in waves}
    for folder, name in ids.SEEDED_WAVE_NAMES.items():
        assert f"smsWaves/{folder}/{name}_csv.json" in keys and f"smsWaves/csv/{name}.csv" in keys
    prep = client.get(
        f"/uploads/files/list?prefix=wavePrep/{ids.OPEN_CAMPAIGN_ID}/&bucketName=vf-scoring", headers=supreme
    ).json["data"]
    assert any(x["key"].endswith(".zip") for x in prep) and any("/status/" in x["key"] for x in prep)


def test_fanlist_processing(client, supreme):
    cid = ids.FANLIST_CAMPAIGN_ID
    folder = f"fanlist/uploaded/{cid}"
    _post_file(
        client,
        supreme,
        "uploads",
        "fans.csv",
        b"a@x.com\n\nb@x.com\n,blank-first\nc@x.com\n",
        prefix=folder,
        bucket="vf-scoring",
    )
    manifest = client.get(
        f"/uploads/files/list/data?prefix={folder}/manifest.json&bucketName=vf-scoring", headers=supreme
    ).json["data"][0]["content"]
    assert manifest[-1]["rowsIn"] == 4 and manifest[-1]["rows"] == 3 and manifest[-1]["status"] == "FINISHED"
    assert manifest[-1]["fileKey"] == f"{folder}/fans.csv" and len(manifest) == 2
    raw = client.get(f"/_sandbox/objects/vf-scoring/{folder}/manifest.json")
    assert json.loads(raw.data) == manifest
