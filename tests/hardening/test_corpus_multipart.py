"""Bad-input corpus, GraphQL multipart requests: oversized and too many files, broken `operations`
and `map` parts, malformed bodies. Over-limit uploads are refused whole with 413 and
BAD_USER_INPUT (docs/uploads.md §1) before any backend call; malformed ones with 400 BAD_REQUEST."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import responses

from tests.support.gateway import app_for, gateway_settings
from tests.support.production import assert_healthy, leaks
from tests.support.tokens import make_jwt

MAX_FILE = 1000
SETTINGS = gateway_settings(
    showDeveloperMessage=False, introspection=False, uploads={"maxFileSize": MAX_FILE, "maxFiles": 2}
)
HEADERS = {"Apollo-Require-Preflight": "true", "Authorization": f"Bearer {make_jwt(is_supreme=True)}"}
UPLOAD = "mutation ($f: Upload!) { uploadBlacklist(file: $f, fileSize: 3) { url name } }"
OPERATIONS = json.dumps({"query": UPLOAD, "variables": {"f": None}})
MAP = json.dumps({"0": ["variables.f"]})


def part(content: bytes = b"abc", name: str = "list.csv", kind: str = "text/csv") -> tuple[io.BytesIO, str, str]:
    return io.BytesIO(content), name, kind


def form(**fields: Any) -> dict[str, Any]:
    return {"operations": OPERATIONS, "map": MAP, "0": part(), **fields}


# id → (form builder, status, code, reason)
CASES: dict[str, tuple[Any, int, str, str]] = {
    "file-too-large": (lambda: form(**{"0": part(b"x" * (MAX_FILE + 1))}), 413, "BAD_USER_INPUT", "FILE_TOO_LARGE"),
    "file-far-too-large": (lambda: form(**{"0": part(b"x" * (MAX_FILE * 50))}), 413, "BAD_USER_INPUT",
                           "FILE_TOO_LARGE"),
    "too-many-files": (lambda: form(**{str(i): part() for i in range(3)}), 413, "BAD_USER_INPUT", "TOO_MANY_FILES"),
    "many-tiny-files": (lambda: form(**{f"f{i}": part(b"") for i in range(30)}), 413, "BAD_USER_INPUT",
                        "TOO_MANY_FILES"),
    "no-operations": (lambda: {"map": MAP, "0": part()}, 400, "BAD_REQUEST", "MISSING_OPERATIONS"),
    "operations-not-json": (lambda: form(operations="{nope"), 400, "BAD_REQUEST", "INVALID_OPERATIONS"),
    "operations-string": (lambda: form(operations='"x"'), 400, "BAD_REQUEST", "BODY_NOT_OBJECT"),
    "operations-null": (lambda: form(operations="null"), 400, "BAD_REQUEST", "MISSING_OPERATIONS"),
    "operations-batch": (lambda: form(operations=json.dumps([json.loads(OPERATIONS)])), 400, "BAD_REQUEST",
                         "BATCHING_NOT_SUPPORTED"),
    "operations-no-query": (lambda: form(operations=json.dumps({"variables": {"f": None}})), 400, "BAD_REQUEST",
                            "MISSING_QUERY"),
    "operations-variables-list": (lambda: form(operations=json.dumps({"query": UPLOAD, "variables": [1]})), 400,
                                  "BAD_REQUEST", "INVALID_VARIABLES"),
    "map-not-json": (lambda: form(map="{"), 400, "BAD_REQUEST", "INVALID_MAP"),
    "map-list": (lambda: form(map="[1]"), 400, "BAD_REQUEST", "INVALID_MAP"),
    "map-unknown-part": (lambda: form(map=json.dumps({"9": ["variables.f"]})), 400, "BAD_REQUEST", "INVALID_MAP"),
    "map-path-string": (lambda: form(map=json.dumps({"0": "variables.f"})), 400, "BAD_REQUEST", "INVALID_MAP"),
    "map-path-outside-variables": (lambda: form(map=json.dumps({"0": ["query"]})), 400, "BAD_REQUEST", "INVALID_MAP"),
    "map-path-too-deep": (lambda: form(map=json.dumps({"0": ["variables.f.a.b"]})), 400, "BAD_REQUEST",
                          "INVALID_MAP"),
    "map-path-index-out-of-range": (
        lambda: form(operations=json.dumps({"query": UPLOAD, "variables": {"f": [None]}}),
                     map=json.dumps({"0": ["variables.f.7"]})), 400, "BAD_REQUEST", "INVALID_MAP"),
    "map-path-non-string": (lambda: form(map=json.dumps({"0": [None, 1, {}]})), 400, "BAD_REQUEST", "INVALID_MAP"),
    "map-path-proto": (lambda: form(map=json.dumps({"0": ["variables.__proto__.polluted"]})), 400, "BAD_REQUEST",
                       "INVALID_MAP"),
    "map-without-variables": (lambda: form(operations=json.dumps({"query": UPLOAD})), 400, "BAD_REQUEST",
                              "INVALID_MAP"),
    "file-as-string-variable": (lambda: {"operations": json.dumps({"query": UPLOAD, "variables": {"f": "x"}}),
                                         "map": "{}"}, 200, "BAD_USER_INPUT", None),
    "file-missing": (lambda: {"operations": OPERATIONS, "map": "{}"}, 200, "BAD_USER_INPUT", None),
}


@pytest.fixture(scope="module")
def client() -> Any:
    return app_for(SETTINGS).test_client()


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_multipart_corpus(client: Any, case: tuple[Any, int, str, str | None]) -> None:
    build, status, code, reason = case
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        response = client.post("/graphql", data=build(), headers=HEADERS, content_type="multipart/form-data")
        assert not backends.calls
    text = response.get_data(as_text=True)
    assert response.status_code == status, text
    assert not leaks(text), text
    extensions = response.get_json()["errors"][0]["extensions"]
    assert extensions["code"] == code, text
    if reason:
        assert extensions.get("reason") == reason, text
    assert_healthy(client)


RAW_BODIES = {
    "no-boundary": (b"garbage", "multipart/form-data"),
    "wrong-boundary": (b"--other\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{}\r\n--other--",
                       "multipart/form-data; boundary=xyz"),
    "unterminated": (b"--b\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{\"query\"",
                     "multipart/form-data; boundary=b"),
    "no-disposition": (b"--b\r\n\r\nvalue\r\n--b--", "multipart/form-data; boundary=b"),
    "binary-garbage": (bytes(range(256)) * 8, "multipart/form-data; boundary=b"),
    "empty": (b"", "multipart/form-data; boundary=b"),
    "huge-boundary": (b"--" + b"b" * 5000 + b"--", "multipart/form-data; boundary=" + "b" * 5000),
}


@pytest.mark.parametrize("body", RAW_BODIES.values(), ids=RAW_BODIES.keys())
def test_malformed_multipart_bodies_are_400(client: Any, body: tuple[bytes, str]) -> None:
    data, content_type = body
    response = client.post("/graphql", data=data, headers={**HEADERS, "Content-Type": content_type})
    assert response.status_code in (400, 413), response.get_data(as_text=True)
    assert response.get_json()["errors"][0]["extensions"]["code"] in ("BAD_REQUEST", "BAD_USER_INPUT")
    assert not leaks(response.get_data(as_text=True))
    assert_healthy(client)


def test_too_many_form_fields_are_refused_not_parsed_forever(client: Any) -> None:
    data = {f"field{i}": "x" for i in range(500)}
    data.update(form())
    response = client.post("/graphql", data=data, headers=HEADERS, content_type="multipart/form-data")
    assert 400 <= response.status_code < 500
    assert_healthy(client)


def test_a_file_within_the_limits_is_sent_on(client: Any) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.post("http://backend.test/uploads/files", json={"data": {"url": "http://o/x", "key": "k"}})
        response = client.post("/graphql", data=form(), headers=HEADERS, content_type="multipart/form-data")
        assert len(backends.calls) == 1
    assert response.status_code == 200


HOSTILE_NAMES = ["../../etc/passwd", "..\\..\\boot.ini", "a\x00b.csv", ".hidden", "x" * 500 + ".csv",
                 "\U0001f600.csv", "", "/abs/path.csv", "con.csv:stream", "a\tb;c=d.csv"]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_hostile_file_names_are_stored_under_a_safe_name(client: Any, name: str) -> None:
    import re

    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.post("http://backend.test/uploads/files", json={"data": {"url": "http://o/x", "key": "k"}})
        response = client.post("/graphql", data=form(**{"0": part(name=name)}), headers=HEADERS,
                               content_type="multipart/form-data")
    stored = response.get_json()["data"]["uploadBlacklist"]["name"]
    assert re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}", stored), stored
    assert ".." not in stored
