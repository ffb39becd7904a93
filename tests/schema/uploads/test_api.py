"""Upload mutations and the scored-file listing through the real /graphql view (multipart requests)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
import responses

from monoql.schema.uploads import naming
from tests.support.backends import failure, json_of, multipart_of, query_of, url, wrapped
from tests.support.operations import CID, gql, only_error
from tests.support.tokens import SUPREME

CSV = b"email,verified\na@x.com,true\nb@x.com,false\n"
STORED = wrapped({"url": "http://objects.test/x", "name": "x", "key": "k"})

BLACKLIST = """mutation($f: Upload!, $s: Int!, $n: String) {
  uploadBlacklist(file: $f, fileSize: $s, fileName: $n) { url name contentType } }"""
SCORED = """mutation($f: Upload!, $s: Int!, $c: String!, $n: String!) {
  uploadScored(file: $f, fileSize: $s, campaignId: $c, campaignName: $n) { url name contentType } }"""
FANLIST = """mutation($f: Upload!, $s: Int!, $c: String!) {
  uploadFanlist(file: $f, fileSize: $s, campaignId: $c) { url name contentType } }"""
PREP = """mutation($f: Upload!, $s: Int!, $c: ID!, $d: String!, $t: WavePrepFileType!) {
  uploadWavePrepFile(file: $f, fileSize: $s, campaignId: $c, dateKey: $d, type: $t) {
    url name contentType } }"""
IMAGE = """mutation($b: String!, $t: String!, $n: String, $cc: String) {
  uploadImage(base64: $b, contentType: $t, fileName: $n, cacheControl: $cc) {
    url name width height alt_text } }"""


def csv_file(name: str = "list.csv", content: bytes = CSV) -> dict[str, tuple[bytes, str, str]]:
    return {"f": (content, name, "text/csv")}


@responses.activate
def test_upload_blacklist_uses_the_sanitised_name_argument() -> None:
    responses.post(url("uploads", "/files"), json=STORED)
    body = gql(BLACKLIST, {"s": len(CSV), "n": "../Block list.csv"}, jwt=SUPREME, files=csv_file())
    assert body == {
        "data": {
            "uploadBlacklist": {
                "url": "http://objects.test/x",
                "name": "Block_list.csv",
                "contentType": "text/csv",
            }
        }
    }
    assert len(responses.calls) == 1
    fields, files = multipart_of(responses.calls[0])
    assert fields == {"prefix": "blacklists", "bucketName": "vf-scoring"}
    assert files == {"file": ("Block_list.csv", "text/csv", CSV)}
    assert responses.calls[0].request.headers["Authorization"] == f"Bearer {SUPREME}"


@responses.activate
def test_upload_blacklist_defaults_to_the_file_name() -> None:
    responses.post(url("uploads", "/files"), json=STORED)
    body = gql(BLACKLIST, {"s": len(CSV)}, jwt=SUPREME, files=csv_file("my list.csv"))
    assert body["data"]["uploadBlacklist"]["name"] == "my_list.csv"
    assert multipart_of(responses.calls[0])[1]["file"][0] == "my_list.csv"


@pytest.mark.parametrize(
    ("size", "content", "reason"),
    [
        (0, CSV, "INVALID_FILE_SIZE"),
        (-1, CSV, "INVALID_FILE_SIZE"),
        (len(CSV) + 1, CSV, "FILE_SIZE_MISMATCH"),
        (5, b"", "INVALID_FILE_SIZE"),
        (104_857_601, CSV, "FILE_TOO_LARGE"),
    ],
)
@responses.activate
def test_size_rules_are_checked_before_any_call(size: int, content: bytes, reason: str) -> None:
    body = gql(BLACKLIST, {"s": size}, jwt=SUPREME, files=csv_file(content=content))
    assert body["data"]["uploadBlacklist"] is None
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", reason)
    assert len(responses.calls) == 0


@responses.activate
def test_uploads_need_a_login() -> None:
    body = gql(BLACKLIST, {"s": len(CSV)}, files=csv_file())
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("UNAUTHENTICATED", "NOT_LOGGED_IN")
    assert len(responses.calls) == 0


@responses.activate
def test_backend_refusal_becomes_a_coded_error() -> None:
    responses.post(url("uploads", "/files"), json=failure(403, "SUPREME_USER_REQUIRED"), status=403)
    body = gql(BLACKLIST, {"s": len(CSV)}, jwt=SUPREME, files=csv_file())
    error = only_error(body)
    assert (error["code"], error["reason"], error["path"]) == (
        "FORBIDDEN",
        "SUPREME_USER_REQUIRED",
        ["uploadBlacklist"],
    )


@responses.activate
def test_upload_scored_names_the_file_in_los_angeles_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(naming, "utc_now", lambda: datetime(2030, 1, 5, 17, 4, 30, tzinfo=UTC))
    responses.post(url("uploads", "/files"), json=STORED)
    body = gql(
        SCORED, {"s": len(CSV), "c": CID, "n": "Nova Lane: World Tour 2030!"}, jwt=SUPREME, files=csv_file()
    )
    name = f"{CID}.NovaLaneWorldTour2030.203001050904.uploaded.csv"
    assert body["data"]["uploadScored"]["name"] == name
    fields, files = multipart_of(responses.calls[0])
    assert fields == {"prefix": "scored", "bucketName": "vf-scoring"}
    assert files["file"][:2] == (name, "text/csv")


@responses.activate
def test_upload_fanlist_stores_under_the_campaign() -> None:
    responses.post(url("uploads", "/files"), json=STORED)
    body = gql(FANLIST, {"s": 6, "c": CID}, jwt=SUPREME, files=csv_file("fans.csv", b"a\nb\nc\n"))
    assert body["data"]["uploadFanlist"]["name"] == "fans.csv"
    fields, files = multipart_of(responses.calls[0])
    assert fields == {"prefix": f"fanlist/uploaded/{CID}", "bucketName": "vf-scoring"}
    assert files["file"] == ("fans.csv", "text/csv", b"a\nb\nc\n")


@responses.activate
def test_upload_fanlist_refuses_the_manifest_name() -> None:
    body = gql(FANLIST, {"s": 2, "c": CID}, jwt=SUPREME, files=csv_file("dir/manifest.json", b"[]"))
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", "INVALID_FILE_NAME")
    assert len(responses.calls) == 0


@pytest.mark.parametrize(
    ("kind", "folder"), [("markets", "data"), ("tmCodes", "tmCodes"), ("nonTmCodes", "nonTmCodes")]
)
@responses.activate
def test_upload_wave_prep_file_key(kind: str, folder: str) -> None:
    responses.post(url("uploads", "/files"), json=STORED)
    body = gql(
        PREP, {"s": len(CSV), "c": CID, "d": "20300101", "t": kind}, jwt=SUPREME, files=csv_file("m.csv")
    )
    assert body["data"]["uploadWavePrepFile"]["name"] == "20300101.csv"
    fields, files = multipart_of(responses.calls[0])
    assert fields == {"prefix": f"wavePrep/{CID}/{folder}", "bucketName": "vf-scoring"}
    assert files["file"][0] == "20300101.csv"


@responses.activate
def test_upload_wave_prep_file_checks_the_date_key() -> None:
    body = gql(
        PREP, {"s": len(CSV), "c": CID, "d": "2030-01-01", "t": "markets"}, jwt=SUPREME, files=csv_file()
    )
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", "INVALID_DATE_KEY")
    assert len(responses.calls) == 0


PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n0000").decode()


@responses.activate
def test_upload_image_strips_the_prefix_and_sends_the_options() -> None:
    responses.post(
        url("uploads", "/images"), json=wrapped({"url": "http://img.test/a_1.png", "name": "a_1.png"})
    )
    body = gql(
        IMAGE,
        {"b": f"data:image/png;base64,{PNG}", "t": "image/png", "n": "a.png", "cc": "max-age=60"},
        jwt=SUPREME,
    )
    assert body == {
        "data": {
            "uploadImage": {
                "url": "http://img.test/a_1.png",
                "name": "a_1.png",
                "width": None,
                "height": None,
                "alt_text": None,
            }
        }
    }
    assert json_of(responses.calls[0]) == {
        "base64": PNG,
        "contentType": "image/png",
        "fileName": "a.png",
        "cacheControl": "max-age=60",
    }


@responses.activate
def test_upload_image_leaves_out_absent_options_and_refuses_bad_data() -> None:
    responses.post(url("uploads", "/images"), json=wrapped({"url": "u", "name": "n"}))
    gql(IMAGE, {"b": PNG, "t": "image/png"}, jwt=SUPREME)
    assert json_of(responses.calls[0]) == {"base64": PNG, "contentType": "image/png"}
    body = gql(IMAGE, {"b": "%%%", "t": "image/png"}, jwt=SUPREME)
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", "INVALID_IMAGE")
    assert len(responses.calls) == 1


@responses.activate
def test_campaign_scored_list_reads_all_pages_of_the_prefix() -> None:
    objects = [
        {
            "key": f"scored/{CID}.A.203001010000.uploaded.csv",
            "lastModifiedDate": "2030-01-01T00:00:00.000Z",
            "content": [{"Verified": "true"}, {"Verified": "no"}, {"Verified": "Y"}],
        },
        {
            "key": f"scored/{CID}.A.203001020000.uploaded.csv",
            "lastModifiedDate": "2030-01-02T00:00:00.000Z",
            "content": [{"email": "x"}],
        },
    ]
    responses.get(url("uploads", "/files/list/data"), json=wrapped(objects))
    body = gql(
        f'{{ campaignScoredList(campaignId: "{CID}") {{ date count verifiedCount path }} }}', jwt=SUPREME
    )
    assert body["data"]["campaignScoredList"] == [
        {
            "date": "2030-01-02T00:00:00.000Z",
            "count": 1,
            "verifiedCount": 0,
            "path": f"scored/{CID}.A.203001020000.uploaded.csv",
        },
        {
            "date": "2030-01-01T00:00:00.000Z",
            "count": 3,
            "verifiedCount": 2,
            "path": f"scored/{CID}.A.203001010000.uploaded.csv",
        },
    ]
    assert len(responses.calls) == 1
    assert query_of(responses.calls[0]) == {
        "prefix": f"scored/{CID}.",
        "bucketName": "vf-scoring",
        "skip": "0",
        "limit": "1000",
    }
