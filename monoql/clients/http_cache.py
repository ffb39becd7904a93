"""The storage of the session's cached backend answers: bounded when written (docs/hostile-traffic.md §7).

requests-cache's in-memory backend is a plain dict that never forgets anything, and the keys hold the
caller's JWT, which changes every 30 minutes. Here its ``responses`` and ``redirects`` mappings are
:class:`~monoql.bounded_cache.BoundedCache`\\ s instead: `upstream.cacheMaxEntries` answers and
`upstream.cacheMaxBytes` bytes of keys and bodies, each answer gone once it is past its expiry and the
stale-if-error window (it can serve nothing after that).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from requests_cache.backends.base import BaseCache, BaseStorage
from requests_cache.models.response import CachedResponse

from monoql.bounded_cache import BoundedCache

V = TypeVar("V")


class BoundedStorage(BaseStorage[str, V]):
    """A requests-cache storage mapping backed by one bounded cache; values are kept as they are.

    An entry the bounds refuse (larger than the byte bound) is simply not stored: the next read of
    it is a miss.
    """

    def __init__(self, entries: BoundedCache[str, V]) -> None:
        super().__init__(serializer=None)
        self.entries = entries

    def __getitem__(self, key: str) -> V:
        value = self.entries.get(key)
        if value is None:
            raise KeyError(key)
        # As requests-cache's DictStorage does: the answer object itself is kept, so its body
        # stream is rewound for the next reader, and it learns the key it was found under.
        raw = getattr(value, "raw", None)
        if raw:
            raw.reset()
        if isinstance(value, CachedResponse):
            value.cache_key = key
        return value

    def __setitem__(self, key: str, value: V) -> None:
        self.entries.put(key, value)

    def __delitem__(self, key: str) -> None:
        if self.entries.pop(key) is None:
            raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries.keys())

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def clear(self) -> None:
        self.entries.clear()


def _answer_size(key: str, response: CachedResponse) -> int:
    # `size` is the body's length, already in memory: no serialisation to measure it.
    return len(key) + int(response.size)


def _redirect_size(key: str, target: str) -> int:
    return len(key) + len(target)


def _answer_expiry(stale_if_error: float) -> Callable[[str, CachedResponse], float]:
    def expires_at(key: str, response: CachedResponse) -> float:
        if response.expires is None:
            return math.inf
        return float(response.expires.timestamp()) + stale_if_error

    return expires_at


class BoundedHttpCache(BaseCache):
    """requests-cache's in-memory backend with both of its mappings bounded."""

    def __init__(self, *, max_entries: int, max_bytes: int, stale_if_error: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.responses: BoundedStorage[CachedResponse] = BoundedStorage(BoundedCache(
            max_entries=max_entries, max_bytes=max_bytes, size_of=_answer_size,
            expires_at=_answer_expiry(max(0.0, stale_if_error)),
        ))
        self.redirects: BoundedStorage[str] = BoundedStorage(BoundedCache(
            max_entries=max_entries, max_bytes=max_bytes, size_of=_redirect_size,
        ))
