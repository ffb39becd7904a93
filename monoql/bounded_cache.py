"""The one kind of per-process cache the gateway keeps: an LRU bounded by entries and by bytes.

Every memo that grows with what clients send (verified tokens, parsed documents, persisted
queries, cached backend answers) is one of these, so each is bounded when it is written, never by
a later sweep (docs/hostile-traffic.md §7). Writing past either bound evicts the least recently
used entries until the new one fits; an entry larger than the byte bound is not stored and evicts
nothing. Entries may carry an expiry, after which they are neither served nor counted.

The byte size of an entry is the user's cheap estimate (the length of a token, a document, a
body), computed once when it is written: nothing is measured on a read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Generic, NamedTuple, TypeVar

from cachetools import Cache, LRUCache, TLRUCache

K = TypeVar("K")
V = TypeVar("V")


class _Entry(NamedTuple, Generic[V]):
    value: V
    size: int


def _entry_size(entry: _Entry[V]) -> int:
    return entry.size


def _wall_clock() -> float:
    # Looked up on every call, so a test that moves `time.time` moves the cache's clock too.
    return time.time()


class BoundedCache(Generic[K, V]):
    """Thread-safe LRU of at most ``max_entries`` entries and ``max_bytes`` estimated bytes.

    ``size_of(key, value)`` estimates an entry's bytes; ``expires_at(key, value)``, when given, is
    the wall-clock time (``time.time()``) from which an entry is gone. Bounds of 0 store nothing.
    """

    def __init__(
        self,
        *,
        max_entries: int,
        max_bytes: int,
        size_of: Callable[[K, V], int],
        expires_at: Callable[[K, V], float] | None = None,
    ) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._size_of = size_of
        self._lock = threading.Lock()
        self._data: Cache[K, _Entry[V]]
        if expires_at is None:
            self._data = LRUCache(max_bytes, getsizeof=_entry_size)
        else:
            def until(key: K, entry: _Entry[V], _now: float) -> float:
                return expires_at(key, entry.value)

            self._data = TLRUCache(max_bytes, until, timer=_wall_clock, getsizeof=_entry_size)

    def get(self, key: K) -> V | None:
        """The value of ``key`` (now the most recently used), or None when absent or expired."""
        # Indexing, not `.get`: cachetools' timed `.get` looks the key up twice and reads the clock
        # three times; this is on the path of every request.
        with self._lock:
            try:
                return self._data[key].value
            except KeyError:
                return None

    def put(self, key: K, value: V) -> bool:
        """Store ``value`` under ``key``, evicting the least recently used to fit; False when too large."""
        size = self._size_of(key, value)
        if size > self.max_bytes or self.max_entries < 1 or self.max_bytes < 1:
            return False
        with self._lock:
            data = self._data
            if key not in data:
                while len(data) >= self.max_entries:
                    data.popitem()
            # cachetools evicts by bytes itself (the least recently used first) until the entry fits.
            data[key] = _Entry(value, size)
        return True

    def pop(self, key: K) -> V | None:
        """Remove ``key``; its value, or None when it was absent or expired."""
        with self._lock:
            entry = self._data.pop(key, None)
        return None if entry is None else entry.value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def keys(self) -> list[K]:
        """A snapshot of the live keys."""
        with self._lock:
            return list(self._data)

    @property
    def bytes(self) -> int:
        """Estimated bytes of the live entries."""
        with self._lock:
            return int(self._data.currsize)

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._data

    def __iter__(self) -> Iterator[K]:
        return iter(self.keys())
