"""Uploads refused before their files are read (docs/uploads.md §1, docs/hostile-traffic.md §1): the caller and the declared
length from the headers, `operations` and `map` before the first file part, the part count as the
parts arrive; and `/_upload-check`, the same rule for the buffering proxy."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import responses

from monoql.schema.core.caller import Caller
from monoql.web.upload_gate import max_upload_bytes, upload_refusal
from tests.support.gateway import app_for, gateway_settings
from tests.support.tokens import make_jwt

MAX_FILE = 1000
MAX_FILES = 2
SETTINGS = gateway_settings(
    showDeveloperMessage=False, introspection=False, uploads={"maxFileSize": MAX_FILE, "maxFiles": MAX_FILES}
)
# The files, and one MiB for the multipart framing and the other parts around them.
LIMIT = MAX_FILES * MAX_FILE + 1_048_576
ADMIN = make_jwt(is_supreme=True)
FAN = make_jwt(is_admin=False)
PREFLIGHT = {"Apollo-Require-Preflight": "1"}
UPLOAD = "mutation ($f: Upload!) { uploadBlacklist(file: $f, fileSize: 3) { url name } }"
BOUNDARY = "b0undary"


@pytest.fixture(scope="module")
def client() -> Any:
    return app_for(SETTINGS).test_client()


# -- the rule -----------------------------------------------------------------------------------------

ADMIN_CLAIMS = {"isAdmin": True, "isSupreme": False}


@pytest.mark.parametrize(
    ("claims", "length", "expected"),
    [
        (None, 10, (401, "UNAUTHENTICATED", "NOT_LOGGED_IN")),
        (None, None, (401, "UNAUTHENTICATED", "NOT_LOGGED_IN")),
        (None, LIMIT + 1, (401, "UNAUTHENTICATED", "NOT_LOGGED_IN")),
        ({"isAdmin": False, "isSupreme": False}, 10, (403, "FORBIDDEN", "FORBIDDEN")),
        ({}, 10, (403, "FORBIDDEN", "FORBIDDEN")),
        (ADMIN_CLAIMS, LIMIT + 1, (413, "BAD_USER_INPUT", "FILE_TOO_LARGE")),
        ({"isAdmin": False, "isSupreme": True}, LIMIT + 1, (413, "BAD_USER_INPUT", "FILE_TOO_LARGE")),
        (ADMIN_CLAIMS, LIMIT, None),
        (ADMIN_CLAIMS, None, None),
        ({"isSupreme": True}, 0, None),
    ],
)
def test_the_upload_rule(claims: Any, length: int | None, expected: tuple[int, str, str] | None) -> None:
    refusal = upload_refusal(Caller(claims=claims), length, SETTINGS)
    assert (None if refusal is None else (refusal.status, refusal.code, refusal.reason)) == expected


def test_the_largest_upload_is_every_file_at_its_limit_plus_a_mebibyte() -> None:
    assert max_upload_bytes(SETTINGS.uploads) == 2 * 1000 + 1_048_576


# -- /graphql refuses from the headers ----------------------------------------------------------------


class UnreadBody(io.RawIOBase):
    """A request body that counts what is read of it: a refusal from the headers reads nothing."""

    def __init__(self, head: bytes = b"", size: int = 30 * 1024 * 1024) -> None:
        self.head = head
        self.size = size
        self.position = 0
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:  # the test client measures the body by seeking to its end
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.position = self.size + offset if whence == io.SEEK_END else offset
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: Any) -> int:
        count = max(0, min(len(buffer), self.size - self.position))
        start = self.position
        buffer[:count] = (self.head[start:start + count] + b"x" * count)[:count]
        self.position += count
        self.read_bytes += count
        return count


def multipart_head(operations: str, file_map: str, file_name: str = "0") -> bytes:
    """`operations`, `map` and the start of one file part, as a client streams them."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{operations}\r\n',
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{file_map}\r\n',
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_name}"; filename="big.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n",
    ]
    return "".join(parts).encode()


def send_streamed(client: Any, body: UnreadBody, headers: dict[str, str]) -> Any:
    return client.post(
        "/graphql",
        input_stream=body,
        headers={**PREFLIGHT, **headers, "Content-Length": str(body.size),
                 "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )


def refusal_of(response: Any) -> tuple[int, str, str]:
    extensions = response.get_json()["errors"][0]["extensions"]
    return response.status_code, extensions["code"], extensions["reason"]


OPERATIONS = json.dumps({"query": UPLOAD, "variables": {"f": None}})
MAP = json.dumps({"0": ["variables.f"]})


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, (401, "UNAUTHENTICATED", "NOT_LOGGED_IN")),
        ({"Authorization": "Bearer not-a-jwt"}, (401, "UNAUTHENTICATED", "NOT_LOGGED_IN")),
        ({"Authorization": f"Bearer {FAN}"}, (403, "FORBIDDEN", "FORBIDDEN")),
        ({"Authorization": f"Bearer {ADMIN}"}, (413, "BAD_USER_INPUT", "FILE_TOO_LARGE")),
    ],
)
def test_an_upload_is_refused_from_its_headers_without_reading_the_body(
    client: Any, headers: dict[str, str], expected: tuple[int, str, str]
) -> None:
    body = UnreadBody(multipart_head(OPERATIONS, MAP))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        response = send_streamed(client, body, headers)
        assert not backends.calls
    assert refusal_of(response) == expected
    assert body.read_bytes == 0
    assert response.headers["Cache-Control"] == "no-store"


def test_the_session_cookie_counts_as_the_caller(client: Any) -> None:
    client.set_cookie("monoql_session", FAN)
    try:
        response = send_streamed(client, UnreadBody(multipart_head(OPERATIONS, MAP)), {})
    finally:
        client.delete_cookie("monoql_session")
    assert refusal_of(response) == (403, "FORBIDDEN", "FORBIDDEN")


BAD_MAPS = {
    "index-into-null": (OPERATIONS, json.dumps({"0": ["variables.f.9.x"]})),
    "index-out-of-range": (json.dumps({"query": UPLOAD, "variables": {"f": [None]}}),
                           json.dumps({"0": ["variables.f.9.x"]})),
    "index-out-of-range-last": (json.dumps({"query": UPLOAD, "variables": {"f": [None]}}),
                                json.dumps({"0": ["variables.f.9"]})),
    "superscript-digit": (json.dumps({"query": UPLOAD, "variables": {"f": [None]}}),
                          json.dumps({"0": ["variables.f.\u00b2"]})),
    "superscript-digit-inside": (json.dumps({"query": UPLOAD, "variables": {"f": [[None]]}}),
                                 json.dumps({"0": ["variables.f.\u00b2.0"]})),
    "huge-index": (json.dumps({"query": UPLOAD, "variables": {"f": [None]}}),
                   json.dumps({"0": ["variables.f." + "9" * 5000]})),
    "signed-index": (json.dumps({"query": UPLOAD, "variables": {"f": [None]}}), json.dumps({"0": ["variables.f.-1"]})),
    "into-a-string": (json.dumps({"query": UPLOAD, "variables": {"f": "text"}}), json.dumps({"0": ["variables.f.x"]})),
    "empty-path": (OPERATIONS, json.dumps({"0": [""]})),
    "no-such-variable": (OPERATIONS, json.dumps({"0": ["variables.nope"]})),
    "no-such-field": (json.dumps({"query": UPLOAD, "variables": {"f": {"a": None}}}),
                      json.dumps({"0": ["variables.f.b"]})),
    "only-variables": (OPERATIONS, json.dumps({"0": ["variables"]})),
    "map-null": (OPERATIONS, "null"),
}


@pytest.mark.parametrize("case", BAD_MAPS.values(), ids=BAD_MAPS.keys())
def test_a_malformed_map_is_refused_before_the_file_is_read(client: Any, case: tuple[str, str]) -> None:
    operations, file_map = case
    head = multipart_head(operations, file_map)
    body = UnreadBody(head, size=len(head) + MAX_FILE // 2)
    response = send_streamed(client, body, {"Authorization": f"Bearer {ADMIN}"})
    assert refusal_of(response) == (400, "BAD_REQUEST", "INVALID_MAP"), response.get_data(as_text=True)


def test_a_file_part_the_map_does_not_name_is_invalid_map(client: Any) -> None:
    data = {"operations": OPERATIONS, "map": json.dumps({"1": ["variables.f"]}),
            "0": (io.BytesIO(b"abc"), "a.csv", "text/csv")}
    response = client.post("/graphql", data=data, content_type="multipart/form-data",
                           headers={**PREFLIGHT, "Authorization": f"Bearer {ADMIN}"})
    assert refusal_of(response) == (400, "BAD_REQUEST", "INVALID_MAP")


def test_operations_that_are_not_json_are_invalid_operations(client: Any) -> None:
    head = multipart_head("{nope", MAP)
    response = send_streamed(client, UnreadBody(head, size=len(head) + 10), {"Authorization": f"Bearer {ADMIN}"})
    assert refusal_of(response) == (400, "BAD_REQUEST", "INVALID_OPERATIONS")


def test_a_file_over_the_limit_is_refused_while_it_streams(client: Any) -> None:
    head = multipart_head(OPERATIONS, MAP)
    body = UnreadBody(head, size=LIMIT)
    response = send_streamed(client, body, {"Authorization": f"Bearer {ADMIN}"})
    assert refusal_of(response) == (413, "BAD_USER_INPUT", "FILE_TOO_LARGE")
    assert body.read_bytes < LIMIT


def test_more_parts_than_files_allow_is_too_many_files(client: Any) -> None:
    data: dict[str, Any] = {"operations": OPERATIONS, "map": json.dumps({str(i): ["variables.f"] for i in range(3)})}
    data.update({str(i): (io.BytesIO(b"abc"), f"{i}.csv", "text/csv") for i in range(3)})
    response = client.post("/graphql", data=data, content_type="multipart/form-data",
                           headers={**PREFLIGHT, "Authorization": f"Bearer {ADMIN}"})
    assert refusal_of(response) == (413, "BAD_USER_INPUT", "TOO_MANY_FILES")
    fields = {"operations": OPERATIONS, "map": "{}", **{f"extra{i}": "x" for i in range(3)}}
    response = client.post("/graphql", data=fields, content_type="multipart/form-data",
                           headers={**PREFLIGHT, "Authorization": f"Bearer {ADMIN}"})
    assert refusal_of(response) == (413, "BAD_USER_INPUT", "TOO_MANY_FILES")


def test_a_batch_upload_puts_each_file_in_its_operation() -> None:
    settings = gateway_settings(limits={"maxBatch": 2})
    operations = json.dumps([{"query": UPLOAD, "variables": {"f": None}}] * 2)
    data = {"operations": operations, "map": json.dumps({"0": ["0.variables.f"], "1": ["1.variables.f"]}),
            "0": (io.BytesIO(b"abc"), "a.csv", "text/csv"), "1": (io.BytesIO(b"def"), "b.csv", "text/csv")}
    with responses.RequestsMock() as backends:
        backends.post("http://backend.test/uploads/files", json={"data": {"url": "http://o/x", "key": "k"}})
        response = app_for(settings).test_client().post(
            "/graphql", data=data, content_type="multipart/form-data",
            headers={**PREFLIGHT, "Authorization": f"Bearer {ADMIN}"})
        assert len(backends.calls) == 2
    assert [item["data"]["uploadBlacklist"]["name"] for item in response.get_json()] == ["a.csv", "b.csv"]


# -- /_upload-check -----------------------------------------------------------------------------------


def check(client: Any, method: str = "POST", length: int | str | None = 100, **headers: str) -> Any:
    sent = dict(headers)
    if length is not None:
        sent["X-Original-Content-Length"] = str(length)
    body = UnreadBody(b"", size=0)
    return client.open("/_upload-check", method=method, headers=sent, input_stream=body), body


@pytest.mark.parametrize(
    ("headers", "length", "status", "reason"),
    [
        ({"Authorization": f"Bearer {ADMIN}", **PREFLIGHT}, 100, 204, None),
        ({"Authorization": f"Bearer {ADMIN}", **PREFLIGHT}, LIMIT, 204, None),
        ({"Authorization": f"Bearer {ADMIN}", "tm-id-version": "1"}, None, 204, None),
        ({**PREFLIGHT}, 100, 401, "NOT_LOGGED_IN"),
        ({"Authorization": "Bearer forged", **PREFLIGHT}, 100, 401, "NOT_LOGGED_IN"),
        ({"Authorization": f"Bearer {FAN}", **PREFLIGHT}, 100, 403, "FORBIDDEN"),
        ({"Authorization": f"Bearer {ADMIN}", **PREFLIGHT}, LIMIT + 1, 403, "FILE_TOO_LARGE"),
        ({"Authorization": f"Bearer {ADMIN}", **PREFLIGHT}, "12abc", 403, "FILE_TOO_LARGE"),
        ({"Authorization": f"Bearer {ADMIN}"}, 100, 403, "CSRF_PREFLIGHT_REQUIRED"),
        ({"Authorization": f"Bearer {ADMIN}", "Apollo-Require-Preflight": " "}, 100, 403, "CSRF_PREFLIGHT_REQUIRED"),
    ],
)
def test_the_upload_check_answers_from_headers(
    client: Any, headers: dict[str, str], length: Any, status: int, reason: str | None
) -> None:
    response, body = check(client, length=length, **headers)
    assert response.status_code == status
    assert response.headers.get("X-Refusal-Reason") == reason
    assert body.read_bytes == 0


@pytest.mark.parametrize("method", ["GET", "POST", "HEAD", "PUT"])
def test_the_upload_check_answers_any_method(client: Any, method: str) -> None:
    allowed, _ = check(client, method, Authorization=f"Bearer {ADMIN}", **PREFLIGHT)
    refused, _ = check(client, method, **PREFLIGHT)
    assert (allowed.status_code, refused.status_code) == (204, 401)


def test_the_upload_check_reads_the_session_cookie(client: Any) -> None:
    client.set_cookie("monoql_session", ADMIN)
    try:
        response, _ = check(client, **PREFLIGHT)
    finally:
        client.delete_cookie("monoql_session")
    assert response.status_code == 204
