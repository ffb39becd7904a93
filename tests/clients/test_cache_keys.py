"""The worker cache's key: everything a cacheable answer depends on, and nothing read that need not be."""

from __future__ import annotations

import io
from typing import Any

import requests
from requests_cache.cache_keys import create_key

from monoql.clients.cache_keys import UNCACHEABLE_KEY, cache_key

URL = "http://localhost:8090/campaigns/campaigns"


def prepared(method: str = "GET", url: str = URL, *, params: Any = None, token: str | None = None,
             data: Any = None, **headers: str) -> requests.PreparedRequest:
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.Request(method, url, params=params, headers=headers, data=data).prepare()


def key(request: requests.PreparedRequest, match_headers: Any = ("Authorization",)) -> str:
    return cache_key(request, match_headers=list(match_headers))


def test_the_same_read_has_the_same_key() -> None:
    first = prepared(params=[("domain", "nova")], token="a", **{"X-Correlation-ID": "1"})
    second = prepared(params=[("domain", "nova")], token="a", **{"X-Correlation-ID": "2"})
    assert key(first) == key(second)
    assert len(key(first)) == 16


def test_two_callers_never_share_a_key() -> None:
    assert len({key(prepared(token="a")), key(prepared(token="b")), key(prepared())}) == 3


def test_the_query_and_the_path_are_part_of_the_key() -> None:
    keys = {
        key(prepared(params=[("domain", "nova")])),
        key(prepared(params=[("domain", "aurora")])),
        key(prepared(params=[("domain", "nova"), ("locale", "fr-CA")])),
        key(prepared(url=f"{URL}/64b7f0c2a1e4d3b2c1a0aa01")),
    }
    assert len(keys) == 4


def test_the_method_is_part_of_the_key() -> None:
    assert key(prepared("GET")) != key(prepared("HEAD"))


def test_headers_a_cached_answer_varies_on_are_part_of_the_key() -> None:
    english = prepared(**{"Accept-Language": "en-US"})
    french = prepared(**{"Accept-Language": "fr-CA"})
    assert key(english, ["accept-language"]) != key(french, ["accept-language"])
    assert key(english) == key(french)  # not matched unless the answer varies on it


def test_tls_verification_is_part_of_the_key() -> None:
    request = prepared()
    assert cache_key(request, match_headers=[], verify=True) != cache_key(request, match_headers=[], verify=False)


def test_a_read_with_a_body_keeps_the_stock_key() -> None:
    request = prepared(data=b"q=1", **{"Content-Type": "application/x-www-form-urlencoded"})
    assert key(request) == create_key(request, match_headers=["Authorization"])


class UnreadableBody(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body of a call that cannot be cached was read")


def test_a_call_that_cannot_be_cached_is_never_keyed_nor_its_body_read() -> None:
    upload = requests.Request("POST", URL, data=UnreadableBody()).prepare()
    assert key(upload) == UNCACHEABLE_KEY
    assert key(prepared("PUT", data=b"{}")) == UNCACHEABLE_KEY
