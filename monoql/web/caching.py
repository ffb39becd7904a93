"""`Cache-Control` of `/graphql` answers: nothing is stored, except what a CDN may share.

A GET of an automatic persisted query (hash in `extensions.persistedQuery`) may be cached by a
CDN for `persistedQueries.cdnMaxAge` seconds when nothing in it can belong to one caller: no
`Authorization`, no cookie at all, no cookie set by the answer, a 200 without errors.
"""

from __future__ import annotations

from typing import Any

from flask import Request, Response

from monoql.config import Settings


def cache_control(
    request: Request, response: Response, extensions: dict[str, Any] | None, clean: bool, settings: Settings
) -> None:
    """Set `Cache-Control` (and `Vary` when shared caching is allowed) on a /graphql answer;
    `extensions` are the request's, `clean` says that no answer carries errors."""
    max_age = settings.persisted_queries.cdn_max_age
    shareable = (
        max_age > 0
        and request.method == "GET"
        and response.status_code == 200
        and clean
        and isinstance((extensions or {}).get("persistedQuery"), dict)
        and not request.headers.get("Authorization")
        and not request.cookies
        and "Set-Cookie" not in response.headers
    )
    if shareable:
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
        response.vary.update(shared_vary(settings))
    else:
        response.headers["Cache-Control"] = "no-store"


def shared_vary(settings: Settings) -> tuple[str, ...]:
    """Every request header a shareable answer may have been computed from (docs/hostile-traffic.md §7).

    The media type (`Accept`), CORS (`Origin`), the caller (`Authorization`, `Cookie`: a shared
    answer is the anonymous one, and must not be served to a signed-in browser), and the host the
    identity answer is chosen by (`Host`, or `X-Forwarded-Host` when a proxy in front sets it).
    """
    headers = ["Accept", "Origin", "Authorization", "Cookie", "Host"]
    if settings.proxy.trust_forwarded_host:
        headers.append("X-Forwarded-Host")
    return tuple(headers)
