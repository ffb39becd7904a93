"""uploads and waves clients: multipart uploads and paged listings (their calls are in `tables/uploads.py`)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from werkzeug.test import create_environ
from werkzeug.wrappers import Request

from monoql.clients import Clients
from monoql.errors import BadResponse
from tests.clients.tables.uploads import FILE, SCORING

PAGE = 1000  # objects per page of /files/list/data, as the client asks for them


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
    for answer in (_objects(0, PAGE), _objects(1000, PAGE), _objects(2000, 3)):
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
    mocked.add("GET", f"{wire.base}/uploads/files/list/data", json=wire.wrap(_objects(0, PAGE)))
    with pytest.raises(BadResponse):
        Clients(settings, call).uploads.list_files_data("x/")
    assert len(mocked.calls) == 100
