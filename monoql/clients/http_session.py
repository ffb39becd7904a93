"""The per-process HTTP session every backend client shares (created lazily, never before fork).

A ``requests_cache.CachedSession`` on a bounded in-memory backend (``http_cache.py``): nothing is
cached unless a call opts in with its own ``expire_after`` (docs/backends.md §6); cached GET/HEAD answers
are keyed on the full URL and the ``Authorization`` header, so two callers never share an answer meant for
one of them.
"""

from __future__ import annotations

import threading
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from requests import PreparedRequest, Response
from requests.cookies import RequestsCookieJar
from requests_cache import DO_NOT_CACHE, CachedSession

from monoql.clients.cache_keys import CACHEABLE_METHODS, cache_key
from monoql.clients.dns import DnsTtlAdapter
from monoql.clients.http_cache import BoundedHttpCache
from monoql.config import Settings
from monoql.per_process import PerProcess


@dataclass(frozen=True)
class SessionOptions:
    """What a session is built from: connection-pool size, DNS TTL, how stale an answer may be on error,
    and the bounds of its cache."""

    pool_size: int = 8
    dns_ttl: float = 60.0
    stale_if_error: float = 60.0
    cache_max_entries: int = 10_000
    cache_max_bytes: int = 16 * 1024 * 1024

    @classmethod
    def from_settings(cls, settings: Settings) -> SessionOptions:
        return cls(
            pool_size=settings.upstream.max_concurrency,
            dns_ttl=settings.dns_cache_ttl,
            stale_if_error=settings.upstream.stale_if_error,
            cache_max_entries=settings.upstream.cache_max_entries,
            cache_max_bytes=settings.upstream.cache_max_bytes,
        )


class RefusingCookieJar(RequestsCookieJar):
    """A cookie jar that never holds a cookie.

    One session serves every caller of the worker: a cookie a backend (or its load balancer) sets
    must never ride along on another caller's call. Every way into a jar ends in ``set_cookie``,
    which keeps nothing; requests offers the jar every answer, whose headers are not even read.
    A cookie an answer sets still reaches that answer's ``Response.cookies``.
    """

    def set_cookie(self, cookie: Any, *args: Any, **kwargs: Any) -> None:
        return None

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None


class BackendSession(CachedSession):
    """The requests-cache session every backend call goes through."""

    def resolve_redirects(self, resp: Response, req: PreparedRequest, *args: Any,
                          **kwargs: Any) -> Generator[Any, None, None]:
        # requests asks for the next hop of every answer, with redirects off too (`Response.next`),
        # and parses the request's URL before looking whether the answer redirects at all. No backend
        # call follows redirects, and an answer that is not a redirect has no next hop.
        if resp.is_redirect:
            yield from super().resolve_redirects(resp, req, *args, **kwargs)


def build_session(options: SessionOptions) -> CachedSession:
    """A new cached session with the DNS-TTL adapter mounted for http and https."""
    session = BackendSession(
        backend=BoundedHttpCache(
            max_entries=options.cache_max_entries, max_bytes=options.cache_max_bytes,
            stale_if_error=options.stale_if_error,
        ),
        expire_after=DO_NOT_CACHE,
        allowable_methods=CACHEABLE_METHODS,
        allowable_codes=(200,),
        match_headers=["Authorization"],
        # The default ignore list contains Authorization, which would drop it from the key and share
        # one caller's answer with every other caller.
        ignored_parameters=(),
        stale_if_error=int(options.stale_if_error) if options.stale_if_error > 0 else False,
        key_fn=cache_key,
    )
    # Environment proxies and ~/.netrc credentials must never apply to backend calls.
    session.trust_env = False
    session.cookies = RefusingCookieJar()
    adapter = DnsTtlAdapter(
        options.dns_ttl,
        pool_connections=16,
        pool_maxsize=options.pool_size,
        max_retries=0,
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


_sessions: PerProcess[dict[SessionOptions, CachedSession]] = PerProcess(dict)
_lock = threading.Lock()
# The options of the settings asked for last: every backend call asks with the same (frozen) settings.
_last_options: tuple[Any, SessionOptions] | None = None


def _options_of(settings: Any) -> SessionOptions:
    global _last_options
    last = _last_options
    if last is not None and last[0] is settings:
        return last[1]
    options = SessionOptions.from_settings(settings)
    _last_options = (settings, options)
    return options


def get_session(settings: Any) -> CachedSession:
    """This process's session for ``settings`` (one per process in production)."""
    options = _options_of(settings)
    sessions = _sessions.get()
    session = sessions.get(options)
    if session is None:
        with _lock:
            session = sessions.get(options)
            if session is None:
                session = sessions[options] = build_session(options)
    return session


def close_sessions() -> None:
    """Close this process's sessions (worker shutdown; tests)."""
    with _lock:
        sessions = _sessions.get()
        for session in sessions.values():
            session.close()  # type: ignore[no-untyped-call]
        sessions.clear()

