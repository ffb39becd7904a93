"""The cache key of a backend call: what the worker cache files an answer under (docs/backends.md §6).

Only body-less GET/HEAD reads are ever cached. Their key is a hash of everything the answer depends
on: the method, the full URL with its query (as requests prepared it), the request headers the cache
matches (``Authorization``, or the headers a cached answer's ``Vary`` names), TLS verification and the
serializer, as requests-cache's own key is. requests-cache's key function copies the whole prepared
request and normalises its URL, headers and body first: about 90 µs a call, for URLs the clients
already build one way only. A call with a body keeps that stock key; a call that cannot be cached
is never keyed at all (reading a streamed upload to hash it would be a second full read).
"""

from __future__ import annotations

from hashlib import blake2b
from typing import Any

from requests import PreparedRequest, Request
from requests_cache.cache_keys import create_key, get_matched_headers

CACHEABLE_METHODS = ("GET", "HEAD")
UNCACHEABLE_KEY = "uncacheable"
# Never part of a URL or a header value (requests refuses both in headers), so no two different
# lists of parts hash the same text.
_SEPARATOR = b"\n"


def cache_key(request: PreparedRequest | Request, match_headers: Any = None, verify: Any = True,
              serializer: Any = None, **kwargs: Any) -> str:
    """requests-cache ``key_fn``: a short key for body-less reads, the stock key for the rest."""
    method = (request.method or "").upper()
    if method not in CACHEABLE_METHODS:
        return UNCACHEABLE_KEY
    if request.data if isinstance(request, Request) else request.body:
        return create_key(request, match_headers=match_headers, verify=verify, serializer=serializer,
                          **kwargs)
    parts = [method, request.url or "", str(bool(verify)),
             *get_matched_headers(request.headers, match_headers), str(serializer)]
    return blake2b(_SEPARATOR.join(part.encode() for part in parts), digest_size=8).hexdigest()
