"""The one bounded cache: bounded by entries and by bytes when written, least recently used out first."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from monoql.bounded_cache import BoundedCache


def text_cache(max_entries: int = 3, max_bytes: int = 100) -> BoundedCache[str, str]:
    return BoundedCache(max_entries=max_entries, max_bytes=max_bytes, size_of=lambda key, text: len(text))


def test_the_entry_past_the_bound_evicts_the_least_recently_used() -> None:
    cache = text_cache(max_entries=3)
    for key in ("a", "b", "c", "d"):
        assert cache.put(key, "x")
    assert sorted(cache.keys()) == ["b", "c", "d"]
    assert cache.get("a") is None


def test_a_read_makes_an_entry_the_most_recently_used() -> None:
    cache = text_cache(max_entries=3)
    for key in ("a", "b", "c"):
        cache.put(key, "x")
    assert cache.get("a") == "x"
    cache.put("d", "x")
    assert sorted(cache.keys()) == ["a", "c", "d"]


def test_writing_a_key_again_replaces_it_without_evicting() -> None:
    cache = text_cache(max_entries=2)
    cache.put("a", "one")
    cache.put("b", "two")
    cache.put("a", "three!")
    assert (cache.get("a"), cache.get("b"), len(cache), cache.bytes) == ("three!", "two", 2, 9)


def test_the_byte_bound_evicts_until_the_new_entry_fits() -> None:
    cache = text_cache(max_entries=10, max_bytes=10)
    cache.put("a", "xxxx")
    cache.put("b", "xxxx")
    assert cache.bytes == 8
    cache.put("c", "xxxxxx")
    assert sorted(cache.keys()) == ["b", "c"]
    assert cache.bytes == 10
    cache.put("d", "xxxxxxxxx")
    assert cache.keys() == ["d"]
    assert cache.bytes == 9


def test_an_entry_larger_than_the_byte_bound_is_not_stored_and_evicts_nothing() -> None:
    cache = text_cache(max_entries=10, max_bytes=10)
    cache.put("a", "xxxx")
    cache.put("b", "xxxx")
    assert cache.put("huge", "x" * 11) is False
    assert cache.get("huge") is None
    assert sorted(cache.keys()) == ["a", "b"]
    assert cache.bytes == 8


@pytest.mark.parametrize(("max_entries", "max_bytes"), [(0, 100), (3, 0)])
def test_a_zero_bound_stores_nothing(max_entries: int, max_bytes: int) -> None:
    cache = text_cache(max_entries=max_entries, max_bytes=max_bytes)
    assert cache.put("a", "") is False
    assert len(cache) == 0


def test_pop_and_clear() -> None:
    cache = text_cache()
    cache.put("a", "xx")
    cache.put("b", "yyy")
    assert cache.pop("a") == "xx"
    assert cache.pop("a") is None
    assert (len(cache), cache.bytes) == (1, 3)
    cache.clear()
    assert (len(cache), cache.bytes, "b" in cache) == (0, 0, False)


def expiring_cache(max_entries: int = 3) -> BoundedCache[str, float]:
    """Values are the wall-clock time their entry expires at."""
    return BoundedCache(max_entries=max_entries, max_bytes=100, size_of=lambda key, until: 1,
                        expires_at=lambda key, until: until)


def test_an_expired_entry_is_neither_served_nor_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = expiring_cache()
    monkeypatch.setattr(time, "time", lambda: 999.0)
    cache.put("soon", 1_000.0)
    cache.put("later", 2_000.0)
    assert (cache.get("soon"), "soon" in cache, len(cache)) == (1_000.0, True, 2)
    monkeypatch.setattr(time, "time", lambda: 1_000.0)
    assert (cache.get("soon"), "soon" in cache, len(cache)) == (None, False, 1)
    assert cache.keys() == ["later"]
    assert cache.bytes == 1


def test_expired_entries_make_room_before_live_ones_are_evicted(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = expiring_cache(max_entries=2)
    monkeypatch.setattr(time, "time", lambda: 500.0)
    cache.put("recent-but-expiring", 1_000.0)
    cache.put("old-but-lasting", 5_000.0)
    cache.get("recent-but-expiring")
    monkeypatch.setattr(time, "time", lambda: 1_500.0)
    cache.put("new", 5_000.0)
    assert sorted(cache.keys()) == ["new", "old-but-lasting"]


def test_concurrent_writers_never_exceed_the_bounds() -> None:
    cache = text_cache(max_entries=50, max_bytes=400)
    seen: list[tuple[int, int]] = []

    def write(worker: int) -> None:
        for i in range(500):
            cache.put(f"{worker}-{i}", "x" * (i % 13))
            cache.get(f"{worker}-{i // 2}")
            seen.append((len(cache), cache.bytes))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(8)))
    assert len(seen) == 4000
    assert max(entries for entries, _ in seen) <= 50
    assert max(size for _, size in seen) <= 400
    assert cache.bytes == sum(len(cache.get(key) or "") for key in cache)
