"""uploads and waves clients: files, paged listings, deletes, triggers, images (backends.md 6 and 7)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from werkzeug.test import create_environ
from werkzeug.wrappers import Request

from monoql.clients import Clients
from monoql.clients.uploads import DATA_PAGE_SIZE
from monoql.errors import BadResponse, BadUserInput

SCORING = "vf-scoring"
FILE = {"url": "https://files/blacklists/list.csv", "name": "list.csv", "key": "blacklists/list.csv"}


def _cases(service: str) -> list[dict[str, Any]]:
    bucket = [("bucketName", SCORING)] if service == "uploads" else []
    cases: list[dict[str, Any]] = [
        {
            "method": "list_files",
            "args": ("scored/c1.", SCORING),
            "http": "GET",
            "path": f"/{service}/files/list",
            "query": [("prefix", "scored/c1."), *bucket],
            "answer": [{"key": "scored/c1.a.csv", "date": "x"}],
        },
        {
            "id": "list_files-default-bucket",
            "method": "list_files",
            "args": ("smsWaves/",),
            "http": "GET",
            "path": f"/{service}/files/list",
            "query": [("prefix", "smsWaves/")],
            "answer": [],
        },
        {
            "method": "delete_files",
            "args": (["a/1.json", "b/2.csv"], SCORING),
            "http": "DELETE",
            "path": f"/{service}/files",
            "query": [("fileKeys", "a/1.json,b/2.csv"), *bucket],
            "answer": {"deleted": [{"Key": "a/1.json", "VersionId": None}]},
        },
        {
            "method": "trigger",
            "args": ("waveprep", {"campaignId": "c1", "dateKey": "20300101"}),
            "http": "POST",
            "path": f"/{service}/trigger/waveprep",
            "json": {"data": {"campaignId": "c1", "dateKey": "20300101"}},
            "answer": {"success": True},
            "long": True,
        },
    ]
    if service == "uploads":
        cases.append(
            {
                "method": "upload_image",
                "args": ({"base64": "R0lGOD", "contentType": "image/gif"},),
                "http": "POST",
                "path": "/uploads/images",
                "json": {"base64": "R0lGOD", "contentType": "image/gif"},
                "answer": {"url": "https://img/x.gif", "name": "image_1.gif"},
                "long": True,
            }
        )
    for case in cases:
        case["client"] = service
    return cases


CASES = _cases("uploads") + _cases("waves")
IDS = [f"{case['client']}-{case.get('id', case['method'])}" for case in CASES]


@pytest.mark.parametrize("form", ["wrapped", "bare"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_calls(case: dict[str, Any], form: str, verify: Any) -> None:
    verify(case, form=form)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_anonymous_calls_send_no_authorization(case: dict[str, Any], verify: Any) -> None:
    verify(case, jwt=None)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_errors_are_translated(case: dict[str, Any], fail: Any) -> None:
    err = fail(case, 413)
    assert isinstance(err, BadUserInput)
    assert (err.service, err.status) == (case["client"], 413)


def test_waves_has_no_images(settings: Any, call: Any) -> None:
    assert not hasattr(Clients(settings, call).waves, "upload_image")


def _parse_multipart(request: Any) -> Request:
    body = request.body if isinstance(request.body, bytes) else request.body.read()
    environ = create_environ(
        method="POST",
        input_stream=io.BytesIO(body),
        content_type=request.headers["Content-Type"],
        content_length=len(body),
    )
    return Request(environ)


@pytest.mark.parametrize(("service", "bucket"), [("uploads", SCORING), ("waves", None)])
def test_upload_file_streams_a_multipart_body(
    service: str, bucket: str | None, mocked: Any, settings: Any, call: Any, wire: Any
) -> None:
    mocked.add("POST", f"{wire.base}/{service}/files", json=wire.wrap(FILE))
    content = b"code-1\ncode-2\n" * 1000
    stream = io.BytesIO(content)
    stream.read(5)  # the spool may have been read already (size check): it is sent from the start
    client = getattr(Clients(settings, call), service)
    answer = client.upload_file(
        prefix="blacklists", file_name="list.csv", stream=stream, content_type="text/csv", bucket_name=SCORING
    )
    assert answer == FILE
    request = mocked.calls[0].request
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert request.headers["Authorization"] == f"Bearer {wire.jwt}"
    assert request.headers["X-Correlation-ID"] == wire.request_id
    assert request.req_kwargs["timeout"] == (2.0, 60.0)
    form = _parse_multipart(request)
    expected_fields = {"prefix": "blacklists"} | ({"bucketName": bucket} if bucket else {})
    assert dict(form.form) == expected_fields
    part = form.files["file"]
    assert (part.filename, part.mimetype) == ("list.csv", "text/csv")
    assert part.read() == content


def test_upload_file_defaults_the_content_type_and_may_omit_the_prefix(
    mocked: Any, settings: Any, call: Any, wire: Any
) -> None:
    mocked.add("POST", f"{wire.base}/uploads/files", json=wire.wrap(FILE))
    Clients(settings, call).uploads.upload_file(
        prefix=None, file_name="x.bin", stream=io.BytesIO(b"\x00\x01"), content_type=None
    )
    form = _parse_multipart(mocked.calls[0].request)
    assert dict(form.form) == {}
    assert form.files["file"].mimetype == "application/octet-stream"
    assert form.files["file"].read() == b"\x00\x01"


def _objects(start: int, count: int) -> list[dict[str, Any]]:
    return [
        {"key": f"k{n}", "size": 1, "lastModifiedDate": "x", "content": {}}
        for n in range(start, start + count)
    ]


@pytest.mark.parametrize(("service", "bucket"), [("uploads", SCORING), ("waves", None)])
def test_list_files_data_pages_until_a_short_page(
    service: str, bucket: str | None, mocked: Any, settings: Any, call: Any, wire: Any
) -> None:
    url = f"{wire.base}/{service}/files/list/data"
    for answer in (_objects(0, DATA_PAGE_SIZE), _objects(1000, DATA_PAGE_SIZE), _objects(2000, 3)):
        mocked.add("GET", url, json=wire.wrap(answer))
    objects = getattr(Clients(settings, call), service).list_files_data("smsWaves/uploaded/", SCORING)
    assert [item["key"] for item in objects] == [f"k{n}" for n in range(2003)]
    assert len(mocked.calls) == 3
    for number, recorded in enumerate(mocked.calls):
        expected = [("prefix", "smsWaves/uploaded/"), ("skip", str(number * 1000)), ("limit", "1000")]
        if bucket:
            expected.append(("bucketName", bucket))
        assert sorted(wire.query(recorded.request)) == sorted(expected)


def test_list_files_data_single_short_page(mocked: Any, settings: Any, call: Any, wire: Any) -> None:
    mocked.add("GET", f"{wire.base}/uploads/files/list/data", json=[])
    assert Clients(settings, call).uploads.list_files_data("fanlist/uploaded/c1/manifest.json", SCORING) == []
    assert len(mocked.calls) == 1


def test_list_files_data_stops_when_the_service_ignores_skip(
    mocked: Any, settings: Any, call: Any, wire: Any
) -> None:
    mocked.add("GET", f"{wire.base}/uploads/files/list/data", json=wire.wrap(_objects(0, DATA_PAGE_SIZE)))
    with pytest.raises(BadResponse):
        Clients(settings, call).uploads.list_files_data("x/")
    assert len(mocked.calls) == 100
