"""The streamed multipart body: exact length, chunked reads, unseekable streams."""

from __future__ import annotations

import io
from typing import Any

from werkzeug.test import create_environ
from werkzeug.wrappers import Request

from monoql.clients.multipart import MultipartBody


def parse(body: bytes, content_type: str) -> Request:
    return Request(
        create_environ(
            method="POST", input_stream=io.BytesIO(body), content_type=content_type, content_length=len(body)
        )
    )


def test_length_matches_the_bytes_and_parts_parse() -> None:
    content = bytes(range(256)) * 400
    body = MultipartBody(
        [("prefix", "codes/c1/tm"), ("bucketName", "vf-scoring")],
        file_field="file",
        file_name="codes.csv",
        stream=io.BytesIO(content),
        content_type="text/csv",
    )
    data = body.read()
    assert len(data) == len(body)
    request = parse(data, body.content_type)
    assert dict(request.form) == {"prefix": "codes/c1/tm", "bucketName": "vf-scoring"}
    assert request.files["file"].read() == content


def test_small_reads_cross_part_boundaries() -> None:
    body = MultipartBody(
        [("prefix", "p")],
        file_field="file",
        file_name="a.txt",
        stream=io.BytesIO(b"hello"),
        content_type="text/plain",
        boundary="b0undary",
    )
    chunks = []
    while chunk := body.read(7):
        assert len(chunk) <= 7
        chunks.append(chunk)
    data = b"".join(chunks)
    assert len(data) == len(body)
    assert data.startswith(b"--b0undary\r\n")
    assert data.endswith(b"\r\n--b0undary--\r\n")
    assert b"\r\n\r\nhello\r\n" in data


class Unseekable(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def seek(self, *args: Any) -> int:
        raise OSError("not seekable")

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def test_unseekable_streams_are_read_into_memory() -> None:
    body = MultipartBody(
        [],
        file_field="file",
        file_name="x.bin",
        stream=Unseekable(b"abc"),  # type: ignore[arg-type]
        content_type="application/octet-stream",
    )
    data = body.read()
    assert len(data) == len(body)
    assert parse(data, body.content_type).files["file"].read() == b"abc"


def test_header_values_cannot_break_the_part_headers() -> None:
    body = MultipartBody(
        [],
        file_field="file",
        file_name='evil"\r\nX-Injected: 1.csv',
        stream=io.BytesIO(b"x"),
        content_type="text/csv",
    )
    data = body.read()
    head = data.split(b"\r\n\r\n")[0].split(b"\r\n")
    assert len(head) == 3  # boundary, Content-Disposition, Content-Type: nothing injected
    assert head[1] == b'Content-Disposition: form-data; name="file"; filename="evil%22X-Injected: 1.csv"'
    assert parse(data, body.content_type).files["file"].read() == b"x"
