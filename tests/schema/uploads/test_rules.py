"""Pure upload rules: file-name sanitising, size checks, scored names, date keys and images."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime

import pytest
from werkzeug.datastructures import FileStorage

from monoql.errors import BadUserInput
from monoql.schema.uploads.files import check_file, sanitize_file_name, to_file
from monoql.schema.uploads.image import check_image, image_body, to_image
from monoql.schema.uploads.naming import check_date_key, scored_file_name, wave_prep_prefix


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("codes.csv", "codes.csv"),
        ("C:\\Users\\sam\\list 2030.csv", "list_2030.csv"),
        ("../../etc/passwd", "passwd"),
        ("..hidden.csv", "hidden.csv"),
        ("fans (1) é.csv", "fans__1___.csv"),
        ("dir/", "upload"),
        ("...", "upload"),
        ("", "upload"),
        (None, "upload"),
        ("a" * 250 + ".csv", "a" * 200),
    ],
)
def test_sanitize_file_name(raw: str | None, expected: str) -> None:
    assert sanitize_file_name(raw) == expected


def part(content: bytes, name: str = "list.csv", content_type: str | None = "text/csv") -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name, content_type=content_type)


def test_check_file_accepts_matching_size_and_rewinds() -> None:
    checked = check_file(part(b"a,b\n1,2\n", "../x y.csv"), 8, 100)
    assert (checked.size, checked.name, checked.content_type) == (8, "x_y.csv", "text/csv")
    assert checked.stream.read() == b"a,b\n1,2\n"


def test_check_file_defaults_the_content_type() -> None:
    assert check_file(part(b"x", content_type=None), 1, 100).content_type == "application/octet-stream"


@pytest.mark.parametrize(
    ("content", "size", "reason"),
    [
        (b"abc", 0, "INVALID_FILE_SIZE"),
        (b"abc", -3, "INVALID_FILE_SIZE"),
        (b"abc", None, "INVALID_FILE_SIZE"),
        (b"abc", True, "INVALID_FILE_SIZE"),
        (b"", 3, "INVALID_FILE_SIZE"),
        (b"abc", 101, "FILE_TOO_LARGE"),
        (b"abc", 4, "FILE_SIZE_MISMATCH"),
        (b"abcd", 3, "FILE_SIZE_MISMATCH"),
    ],
)
def test_check_file_refusals(content: bytes, size: object, reason: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        check_file(part(content), size, 100)
    assert caught.value.reason == reason


class _OneWay(io.RawIOBase):
    """A stream that cannot seek, like a raw socket body."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def seek(self, *_: object) -> int:
        raise OSError("not seekable")

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_check_file_spools_streams_that_cannot_seek() -> None:
    storage = FileStorage(stream=_OneWay(b"hello"), filename="h.txt")
    checked = check_file(storage, 5, 100)
    assert checked.stream.read() == b"hello"


def test_to_file_names_the_stored_file() -> None:
    answer = {"url": "https://s/p/y.csv", "name": "y.csv", "key": "p/y.csv"}
    assert to_file(answer, "y.csv", "text/csv") == {
        "url": "https://s/p/y.csv",
        "name": "y.csv",
        "contentType": "text/csv",
    }
    assert to_file(None, "y.csv", "text/csv") == {"url": None, "name": "y.csv", "contentType": "text/csv"}


def test_scored_file_name_matches_the_spec_example() -> None:
    when = datetime(2030, 1, 5, 17, 4, tzinfo=UTC)
    assert (
        scored_file_name("64b7f0c2a1e4d3b2c1a0aa01", "Nova Lane: World Tour 2030!", when)
        == "64b7f0c2a1e4d3b2c1a0aa01.NovaLaneWorldTour2030.203001050904.uploaded.csv"
    )


def test_scored_file_name_uses_summer_time_and_a_default_name() -> None:
    when = datetime(2030, 7, 1, 6, 30, tzinfo=UTC)  # 23:30 the day before, PDT (UTC-7)
    assert scored_file_name("c1", "!!!", when) == "c1.campaign.203006302330.uploaded.csv"


@pytest.mark.parametrize("key", ["1", "20300101", "12345678901234"])
def test_date_key_accepts_digits(key: str) -> None:
    assert check_date_key(key) == key


@pytest.mark.parametrize("key", ["", "123456789012345", "2030-01-01", "abc", " 1"])
def test_date_key_refusals(key: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        check_date_key(key)
    assert caught.value.reason == "INVALID_DATE_KEY"


def test_wave_prep_prefixes() -> None:
    assert wave_prep_prefix("c1", "markets") == "wavePrep/c1/data"
    assert wave_prep_prefix("c1", "tmCodes") == "wavePrep/c1/tmCodes"
    assert wave_prep_prefix("c1", "nonTmCodes") == "wavePrep/c1/nonTmCodes"


PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()


def test_check_image_strips_a_data_url_prefix() -> None:
    assert check_image(f"data:image/png;base64,{PNG}", 1000) == PNG
    assert check_image(PNG, 1000) == PNG


@pytest.mark.parametrize("raw", ["not base64!", "data:image/png;base64,", "", "abc"])
def test_check_image_refuses_invalid_data(raw: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        check_image(raw, 1000)
    assert caught.value.reason == "INVALID_IMAGE"


def test_check_image_refuses_oversized_data() -> None:
    with pytest.raises(BadUserInput) as caught:
        check_image(base64.b64encode(b"x" * 101).decode(), 100)
    assert caught.value.reason == "FILE_TOO_LARGE"
    assert check_image(base64.b64encode(b"x" * 100).decode(), 100)


def test_image_body_and_result() -> None:
    assert image_body("QQ==", "image/png", None, None) == {"base64": "QQ==", "contentType": "image/png"}
    assert image_body("QQ==", "image/png", "a.png", "max-age=60") == {
        "base64": "QQ==",
        "contentType": "image/png",
        "fileName": "a.png",
        "cacheControl": "max-age=60",
    }
    assert to_image({"url": "u", "name": "n"}) == {
        "url": "u",
        "name": "n",
        "width": None,
        "height": None,
        "alt_text": None,
    }
