"""The parsed-document cache (web/documents.py) is bounded when written: `performance.documentCacheSize`
documents and `performance.documentCacheBytes` characters of their text, least recently used out first."""

from __future__ import annotations

from typing import Any

from monoql.schema.root import build_schema
from monoql.web.documents import DocumentCache
from tests.support.gateway import gateway_settings

SCHEMA = build_schema().graphql_schema


def documents(count: int) -> list[str]:
    """`count` valid documents of 23 characters each."""
    return [f"query Q{n} {{ __typename }}" for n in range(count)]


def cache_with(**performance: Any) -> DocumentCache:
    return DocumentCache(SCHEMA, gateway_settings(performance=performance))


def cached(cache: DocumentCache, text: str) -> bool:
    """Whether `text` is served from the cache: a cached document is the very object parsed before."""
    return cache.get(text) is cache.get(text) and text in cache._entries


def test_the_documents_past_the_size_are_evicted_least_recently_used_first() -> None:
    cache = cache_with(documentCacheSize=3)
    texts = documents(4)
    assert len(texts[0]) == 23
    first = {text: cache.get(text) for text in texts[:3]}
    assert cache.get(texts[0]) is first[texts[0]]  # read: now the most recently used
    cache.get(texts[3])
    assert sorted(cache._entries.keys()) == sorted([texts[0], texts[2], texts[3]])
    assert cache.get(texts[1]) is not first[texts[1]]  # parsed again


def test_the_documents_past_the_character_budget_are_evicted() -> None:
    cache = cache_with(documentCacheSize=100, documentCacheBytes=60)
    texts = documents(5)
    for text in texts:
        cache.get(text)
    assert sorted(cache._entries.keys()) == texts[3:]
    assert cache._entries.bytes == 46


def test_a_document_longer_than_the_budget_is_parsed_but_not_kept() -> None:
    cache = cache_with(documentCacheSize=100, documentCacheBytes=60)
    small = documents(2)
    for text in small:
        cache.get(text)
    long = "query Long { " + "__typename " * 5 + "}"
    assert len(long) == 69
    assert cache.get(long).valid
    assert not cached(cache, long)
    assert sorted(cache._entries.keys()) == small


def test_caches_off_keeps_no_document() -> None:
    cache = cache_with(caches=False)
    assert not cached(cache, documents(1)[0])
    assert len(cache._entries) == 0
