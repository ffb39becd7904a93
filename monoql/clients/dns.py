"""An HTTP adapter that notices when a backend's DNS answer changes and stops reusing old connections.

Keep-alive connections outlive DNS changes: after a blue/green switch or a load-balancer rotation, a
worker would keep talking to the old addresses for as long as its pooled sockets live. The adapter
remembers the address set resolved per ``(host, port)``; once ``ttl`` seconds have passed it resolves
again and, when the set differs, closes that host's pools so the next connection resolves afresh.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from requests import PreparedRequest, Response

from monoql.clients.hooks import HOOKS
from monoql.clients.lean_connection import POOL_CLASSES_BY_SCHEME
from monoql.clients.pool_lookup import PoolLookupAdapter

log = logging.getLogger(__name__)

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _hook_resolver(*args: Any) -> Any:
    return HOOKS.resolver(*args)


def _hook_clock() -> float:
    return HOOKS.clock()


# Asked on every call for one of the few configured backend hosts; parsing an address that is a name
# raises, which cost about as much as the rest of the DNS check together. Bounded: hosts come from
# the configuration.
@functools.lru_cache(maxsize=256)
def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class DnsTtlAdapter(PoolLookupAdapter):
    """``HTTPAdapter`` honouring ``dnsCacheTTL`` (seconds an address set is trusted before re-resolving).

    ``resolver`` has the signature of :func:`socket.getaddrinfo`; ``clock`` returns monotonic seconds.
    ``strip_headers`` are removed before sending: requests-cache passes its per-call expiry as a
    ``Cache-Control`` request header, which is an instruction to the local cache, not to the backend.
    """

    def __init__(
        self,
        ttl: float,
        *,
        resolver: Callable[..., Any] | None = None,
        clock: Callable[[], float] | None = None,
        strip_headers: Iterable[str] = ("Cache-Control",),
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.dns_ttl = ttl
        self._resolver = resolver or _hook_resolver
        self._clock = clock or _hook_clock
        self._strip = tuple(strip_headers)
        self._seen: dict[tuple[str, int], tuple[frozenset[str], float]] = {}
        self._dns_lock = threading.Lock()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        # urllib3's pools, with connections that read answers with llhttp (lean_connection.py).
        self.poolmanager.pool_classes_by_scheme = dict(POOL_CLASSES_BY_SCHEME)

    def request_url(self, request: PreparedRequest, proxies: Any) -> str:
        """The URL sent on the request line: the path, as ``HTTPAdapter.request_url`` gives it without
        a proxy, without parsing the URL twice more to find that no proxy applies."""
        if proxies:
            return str(super().request_url(request, proxies))
        return request.path_url

    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        for name in self._strip:
            request.headers.pop(name, None)
        if request.url:
            self.check_host(request.url)
        # super().send is what `responses` patches in unit tests, so mocking keeps working.
        return super().send(request, *args, **kwargs)

    def known_addresses(self, host: str, port: int) -> frozenset[str] | None:
        """The address set last resolved for ``host:port`` (None when never resolved)."""
        entry = self._seen.get((host.lower(), port))
        return entry[0] if entry else None

    def check_host(self, url: str) -> bool:
        """Re-resolve the URL's host when its TTL has passed; True when its pools were dropped."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host or _is_ip(host):
            return False
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)
        key = (host, port)
        now = self._clock()
        with self._dns_lock:
            entry = self._seen.get(key)
            if entry is not None and now - entry[1] < self.dns_ttl:
                return False
            if entry is not None:
                # Claim this refresh so concurrent callers keep using the current set meanwhile.
                self._seen[key] = (entry[0], now)
        addresses = self._resolve(host, port)
        if addresses is None:
            return False
        with self._dns_lock:
            self._seen[key] = (addresses, now)
        if entry is None or entry[0] == addresses:
            return False
        log.info("upstream_dns_changed", extra={"host": host, "port": port,
                                                 "addresses": sorted(addresses)})
        self.drop_pools(host, port)
        return True

    def _resolve(self, host: str, port: int) -> frozenset[str] | None:
        try:
            infos = self._resolver(host, port, 0, socket.SOCK_STREAM)
        except OSError as exc:
            # The connection attempt itself reports DNS failures; keep the last known set.
            log.debug("upstream_dns_failed", extra={"host": host, "error": type(exc).__name__})
            return None
        return frozenset(str(info[4][0]) for info in infos)

    def drop_pools(self, host: str, port: int) -> None:
        """Forget the pools of ``host:port``; new requests open fresh connections (resolving anew).

        The pools are dropped, not closed: a request that already holds one finishes normally, and
        urllib3 closes a dropped pool's sockets when it is garbage-collected.
        """
        pools = self.poolmanager.pools
        keys = pools.keys()
        if not all(hasattr(pool_key, "key_host") for pool_key in keys):
            self.poolmanager.clear()  # unknown pool-key layout: dropping every pool is still correct
            return
        for pool_key in keys:
            if pool_key.key_host == host and pool_key.key_port == port:
                try:
                    del pools[pool_key]
                except KeyError:  # another thread dropped it first
                    continue
