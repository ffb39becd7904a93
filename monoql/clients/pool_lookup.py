"""The connection pool of a call's host found without building urllib3's pool key on every call.

``HTTPAdapter.get_connection_with_tls_context`` parses the URL twice (once to look for a proxy,
once for the host parameters), merges the TLS settings into a request context and normalises it
into urllib3's ``PoolKey`` before the pool manager looks the pool up: about a twentieth of a worker's
CPU on list pages, for the same few backend hosts every time. :class:`PoolLookupAdapter` remembers,
per origin (``scheme://host:port`` as written in the URL) and TLS settings, the pool that lookup
returned and the pool key it is stored under, and asks the pool manager for that key each time.
The pool manager stays the authority: a pool it no longer holds under that key (dropped after a
DNS change, evicted, cleared, or replaced by a new pool manager) is looked up the stock way again.
Asking it by key also keeps its least-recently-used order as the stock lookup does.
"""

from __future__ import annotations

import threading
from typing import Any

from requests import PreparedRequest
from urllib3.connectionpool import ConnectionPool

from monoql.clients.lean_adapter import LeanAnswerAdapter

# Origins come from the configuration (a handful of backends); the bound only guards a mistake.
_MAX_ORIGINS = 256


def _origin(url: str) -> str | None:
    """``scheme://authority`` of a prepared URL (which always has a path), or None when unclear."""
    start = url.find("://")
    if start < 0:
        return None
    end = url.find("/", start + 3)
    if end < 0:
        return None
    origin = url[:end]
    return None if "?" in origin or "#" in origin else origin


class PoolLookupAdapter(LeanAnswerAdapter):
    """``HTTPAdapter`` whose pool lookup for a host already seen skips the URL parsing and key building."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._pool_keys: dict[tuple[str, Any, Any], tuple[Any, ConnectionPool]] = {}
        self._pool_keys_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def get_connection_with_tls_context(self, request: PreparedRequest, verify: Any,
                                        proxies: Any = None, cert: Any = None) -> ConnectionPool:
        origin = _origin(request.url) if not proxies and type(request.url) is str else None
        if origin is None:
            return super().get_connection_with_tls_context(request, verify, proxies=proxies, cert=cert)
        try:
            lookup = (origin, verify, cert)
            known = self._pool_keys.get(lookup)
        except TypeError:  # unhashable TLS settings (a list): the stock lookup
            return super().get_connection_with_tls_context(request, verify, proxies=proxies, cert=cert)
        if known is not None:
            pool_key, pool = known
            # What the pool manager's own lookup ends with: the pool under that key, if still there.
            if self.poolmanager.pools.get(pool_key) is pool:
                return pool  # type: ignore[no-any-return]  # pools is untyped
        pool = super().get_connection_with_tls_context(request, verify, proxies=proxies, cert=cert)
        pool_key = self._key_of(pool)
        if pool_key is not None:
            with self._pool_keys_lock:
                if len(self._pool_keys) >= _MAX_ORIGINS:
                    self._pool_keys.clear()
                self._pool_keys[lookup] = (pool_key, pool)
        return pool

    def _key_of(self, pool: ConnectionPool) -> Any:
        """The pool manager's key for ``pool`` when exactly one key names its scheme, host and port."""
        pools = self.poolmanager.pools
        # keys(), a copy taken under the container's lock: it refuses plain iteration.
        candidates = [key for key in pools.keys()  # noqa: SIM118
                      if getattr(key, "key_scheme", None) == pool.scheme
                      and getattr(key, "key_host", None) == pool.host
                      and getattr(key, "key_port", None) == pool.port]
        # Several keys (the same host under different TLS settings): which one is ours is the pool
        # manager's business; such calls keep the stock lookup.
        if len(candidates) != 1 or pools.get(candidates[0]) is not pool:
            return None
        return candidates[0]
