"""Property-based fuzzing (hypothesis) of GraphQL multipart requests, from an administrator so that
every body gets past the header checks to the part-by-part reader: `operations` and `map` of any
shape, map paths made of hostile segments, parts in any order, with or without file names, over
the limits, cut short or with broken framing. Whatever comes in, the answer is below 500, JSON,
without a leaked internal detail, and no backend is called for a refused request."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.gateway import app_for, gateway_settings
from tests.support.production import leaks
from tests.support.tokens import make_jwt

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")

SETTINGS = gateway_settings(
    showDeveloperMessage=False, introspection=False, graphiql=False, limits={"maxBatch": 2},
    uploads={"maxFileSize": 64, "maxFiles": 2},
)
CLIENT = app_for(SETTINGS).test_client()
HEADERS = {"Authorization": f"Bearer {make_jwt(is_supreme=True)}", "Apollo-Require-Preflight": "1"}
FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large])
BOUNDARY = "fuzzb"
UPLOAD = "mutation ($f: Upload!, $g: [Upload]) { uploadBlacklist(file: $f, fileSize: 3) { url } }"

# No capital letters, dots or `p` in free text: echoed text must not look like a leak (`XError`, `x.py`).
texts = st.text(alphabet="abcdefghijklmnoqrstuvwxyz0123456789 _-{}[]\"'\x00\u00b2\u0663\U0001f600", max_size=12)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
segments = st.sampled_from(["variables", "f", "g", "0", "1", "9", "-1", "+1", "\u00b2", "\u0663", "", "x",
                            "__proto__", "99999999999999999999", "query"])
paths = st.lists(segments, min_size=0, max_size=5).map(".".join) | st.integers() | st.none() | texts
slots = st.none() | st.lists(st.none(), max_size=3)
well_formed = st.builds(lambda f, g: {"query": UPLOAD, "variables": {"f": f, "g": g}}, slots, slots)
operations = st.one_of(
    well_formed,
    well_formed,
    st.builds(lambda f, g: {"query": UPLOAD, "variables": {"f": f, "g": g}}, json_values, json_values),
    st.builds(lambda v: [{"query": UPLOAD, "variables": v}] * 2, json_values),
    json_values,
)
file_maps = st.one_of(
    st.just({"0": ["variables.f"]}),
    st.just({"0": ["variables.g.0"], "1": ["variables.g.1", "variables.f"]}),
    st.just({"0": ["0.variables.f"], "1": ["1.variables.f"]}),
    st.dictionaries(st.sampled_from(["0", "1", "2", "x", ""]), st.lists(paths, max_size=3) | json_values, max_size=3),
    json_values,
)


@st.composite
def parts(draw: Any) -> list[bytes]:
    """Encoded parts: `operations` and `map` (as JSON, or raw text), then files and fields in any order."""
    encoded = []
    for name, value in (("operations", draw(operations)), ("map", draw(file_maps))):
        if draw(st.integers(0, 9)):  # now and then a request without it
            text = json.dumps(value) if draw(st.integers(0, 9)) else draw(texts)
            encoded.append(part(name, text.encode(), filename=None))
    for _ in range(draw(st.integers(0, 5))):
        name = draw(st.sampled_from(["0", "0", "1", "1", "2", "x", "operations"]))
        size = draw(st.sampled_from([0, 3, 64, 65, 300]))
        filename = draw(st.sampled_from(["a.csv", "a.csv", "", "../x", None]))
        encoded.append(part(name, b"y" * size, filename))
    return draw(st.permutations(encoded)) if draw(st.integers(0, 4)) == 0 else encoded


def part(name: str, content: bytes, filename: str | None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content + b"\r\n"


@st.composite
def bodies(draw: Any) -> bytes:
    body = b"".join(draw(parts())) + f"--{BOUNDARY}--\r\n".encode()
    damage = draw(st.integers(0, 7))
    if damage == 0:
        body = body[: draw(st.integers(len(body) // 2, len(body)))]
    elif damage == 1:
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.binary(max_size=40)) + body[at:]
    return body


@FUZZ
@given(body=bodies(), boundary=st.sampled_from([BOUNDARY, BOUNDARY, BOUNDARY, "other", ""]))
def test_fuzzed_multipart_requests_never_5xx_or_leak(body: bytes, boundary: str) -> None:
    content_type = f"multipart/form-data; boundary={boundary}" if boundary else "multipart/form-data"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.post("http://backend.test/uploads/files", json={"data": {"url": "http://o/x", "key": "k"}})
        response = CLIENT.post("/graphql", data=body, headers={**HEADERS, "Content-Type": content_type})
        called = len(backends.calls)
    text = response.get_data(as_text=True)
    assert response.status_code < 500, text[:300]
    assert not leaks(text), text[:300]
    answer = response.get_json()
    assert answer is not None, text[:300]
    if response.status_code >= 400:
        assert not called
        assert answer["errors"][0]["extensions"]["code"] in ("BAD_REQUEST", "BAD_USER_INPUT")
