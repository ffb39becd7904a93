"""A fresh answer the worker cache already holds, found without requests-cache's per-call policy.

For every cached read, requests-cache's ``CachedSession.send`` turns the call's options into
``Cache-Control`` request headers and parses them back (``CacheDirectives.from_headers``, which asks
``inspect.signature`` about its own ``__init__`` each time), parses the stored answer's headers again
for validators it only needs when it sends, and formats its decisions into debug messages whether or
not they are logged: about a seventh of a fan landing's CPU, for one cached campaign read.

When a read can only end one way, that work decides nothing: a GET or HEAD the call opts into the
cache with a positive TTL and no cache directives of its own, on a session whose cache is on and
filters nothing, finds an answer stored under its key that has not expired and varies on no request
header. ``CachedSession.send`` returns that stored answer, and so does :func:`fresh_answer`. Every
other read (nothing stored, an expired answer, one with ``Vary``, ``Cache-Control`` on the call, the
cache disabled) gets ``None`` and goes through ``CachedSession.send`` as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from requests import PreparedRequest
from requests.hooks import dispatch_hook
from requests_cache import CachedSession
from requests_cache.models.response import CachedResponse


def fresh_answer(session: CachedSession, request: PreparedRequest, ttl: float,
                 send_kwargs: Mapping[str, Any]) -> CachedResponse | None:
    """The stored answer ``session.send(request, expire_after=ttl, **send_kwargs)`` would return
    without sending anything, when it can return nothing else; else None."""
    settings = session.settings
    if ttl <= 0 or settings.disabled or settings.filter_fn is not None:
        return None
    if request.method not in settings.allowable_methods or "Cache-Control" in request.headers:
        return None
    answer = session.cache.get_response(session.cache.create_key(request, **send_kwargs))
    if answer is None or answer.is_expired or answer.headers.get("Vary"):
        return None
    hooked: CachedResponse = dispatch_hook("response", request.hooks, answer, **send_kwargs)
    return hooked
