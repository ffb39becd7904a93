"""Codes through the real /graphql view: `codes { count }` and `uploadCodes`."""

from __future__ import annotations

import responses

from tests.support.backends import failure, json_of, path_of, query_of, url, wrapped
from tests.support.operations import CID, gql, only_error
from tests.support.tokens import SUPREME

UPLOAD = """mutation($file: Upload!, $size: Int!, $c: String!, $t: String!) {
  uploadCodes(file: $file, fileSize: $size, campaignId: $c, type: $t) { in inserted updated } }"""
CODES = b"CODE1\nCODE2\nCODE3\n"


@responses.activate
def test_code_count_passes_type_and_status() -> None:
    responses.get(
        url("codes", f"/{CID}/codes/count"), json=wrapped({"available": 5, "reserved": 2, "assigned": 1})
    )
    body = gql(
        f'{{ codes {{ count(campaignId: "{CID}", type: "tm") {{ available assigned reserved }} }} }}',
        jwt=SUPREME,
    )
    assert body["data"]["codes"]["count"] == {"available": 5, "assigned": 1, "reserved": 2}
    assert query_of(responses.calls[0]) == {"type": "tm"}


@responses.activate
def test_code_count_of_one_status_leaves_the_others_null() -> None:
    responses.get(url("codes", f"/{CID}/codes/count"), json=wrapped({"reserved": 2}))
    body = gql(
        f'{{ codes {{ count(campaignId: "{CID}", type: "external", status: "reserved") '
        "{ available assigned reserved } } }",
        jwt=SUPREME,
    )
    assert body["data"]["codes"]["count"] == {"available": None, "assigned": None, "reserved": 2}
    assert query_of(responses.calls[0]) == {"type": "external", "status": "reserved"}


@responses.activate
def test_code_count_errors_and_login() -> None:
    responses.get(url("codes", f"/{CID}/codes/count"), json=failure(400, "INVALID_CODE_TYPE"), status=400)
    body = gql(f'{{ codes {{ count(campaignId: "{CID}", type: "x") {{ available }} }} }}', jwt=SUPREME)
    assert body["data"]["codes"] == {"count": None}
    assert only_error(body)["reason"] == "INVALID_CODE_TYPE"
    body = gql(f'{{ codes {{ count(campaignId: "{CID}", type: "tm") {{ available }} }} }}')
    assert only_error(body)["reason"] == "NOT_LOGGED_IN"
    assert len(responses.calls) == 1


@responses.activate
def test_upload_codes_stores_then_imports() -> None:
    responses.post(
        url("uploads", "/files"),
        json=wrapped({"url": "u", "name": "codes.csv", "key": f"codes/{CID}/tm/codes.csv"}),
    )
    responses.post(
        url("codes", f"/{CID}/codes"), json=wrapped({"count": {"in": 3, "inserted": 3, "updated": 0}})
    )
    body = gql(
        UPLOAD,
        {"c": CID, "t": "tm", "size": len(CODES)},
        jwt=SUPREME,
        files={"file": (CODES, "codes.csv", "text/csv")},
    )
    assert body == {"data": {"uploadCodes": {"in": 3, "inserted": 3, "updated": 0}}}
    assert [(c.request.method, path_of(c)) for c in responses.calls] == [
        ("POST", "/uploads/files"),
        ("POST", f"/codes/{CID}/codes"),
    ]
    upload = responses.calls[0].request
    raw = upload.body if isinstance(upload.body, bytes) else b"".join(upload.body)
    assert b'name="prefix"\r\n\r\n' + f"codes/{CID}/tm".encode() in raw
    assert b'name="bucketName"\r\n\r\nvf-scoring' in raw
    assert b'filename="codes.csv"' in raw and CODES in raw
    assert json_of(responses.calls[1]) == {"fileKey": f"codes/{CID}/tm/codes.csv"}


@responses.activate
def test_upload_codes_accepts_top_level_counts() -> None:
    responses.post(url("uploads", "/files"), json=wrapped({"url": "u", "name": "c.csv"}))
    responses.post(url("codes", f"/{CID}/codes"), json=wrapped({"in": 3, "inserted": 0, "updated": 3}))
    body = gql(
        UPLOAD,
        {"c": CID, "t": "external", "size": len(CODES)},
        jwt=SUPREME,
        files={"file": (CODES, "c.csv", "text/csv")},
    )
    assert body["data"]["uploadCodes"] == {"in": 3, "inserted": 0, "updated": 3}
    assert json_of(responses.calls[1]) == {"fileKey": f"codes/{CID}/external/c.csv"}


@responses.activate
def test_upload_codes_refuses_an_unknown_type_before_storing() -> None:
    body = gql(
        UPLOAD,
        {"c": CID, "t": "presale", "size": len(CODES)},
        jwt=SUPREME,
        files={"file": (CODES, "c.csv", "text/csv")},
    )
    assert body["data"]["uploadCodes"] is None
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", "INVALID_CODE_TYPE")
    assert len(responses.calls) == 0


@responses.activate
def test_upload_codes_import_failure_is_reported() -> None:
    responses.post(url("uploads", "/files"), json=wrapped({"url": "u", "name": "c.csv"}))
    responses.post(url("codes", f"/{CID}/codes"), json=failure(404, "FILE_NOT_FOUND"), status=404)
    body = gql(
        UPLOAD,
        {"c": CID, "t": "tm", "size": len(CODES)},
        jwt=SUPREME,
        files={"file": (CODES, "c.csv", "text/csv")},
    )
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("NOT_FOUND", "FILE_NOT_FOUND")
    assert len(responses.calls) == 2
