"""The prepared request of a backend call, built without the session's per-call merging when it has
nothing to merge.

``Session.prepare_request`` merges the session's cookies, auth, params, hooks and headers into every
call. The shared session has none of those to give (its jar refuses every cookie, it trusts no
environment, it sets no auth or params): merging a fresh cookie jar and asking it for a ``Cookie``
header was most of the cost of preparing a call. When the session holds nothing to merge, the
request is prepared step by step, as ``PreparedRequest.prepare`` does, from the session's headers
overlaid with the call's, and ends up byte for byte what ``prepare_request`` would have built;
otherwise the session prepares it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import requests
from requests.cookies import RequestsCookieJar
from requests.structures import CaseInsensitiveDict
from requests.utils import check_header_validity

from monoql.bounded_cache import BoundedCache
from monoql.per_process import on_reset

#: Backend URLs are built from a handful of route templates and ids, and the same page reads the same
#: URLs again: preparing one (parsing, IDNA, re-quoting, encoding the query) cost about a tenth of a
#: cached read. Bounded by entries and by characters (URL and query), as every per-process memo is.
_URLS: BoundedCache[tuple[str, tuple[tuple[str, str], ...]], str] = BoundedCache(
    max_entries=4_096, max_bytes=4 * 1024 * 1024,
    size_of=lambda key, url: len(key[0]) + sum(len(k) + len(v) for k, v in key[1]) + len(url),
)
on_reset(_URLS.clear)


def has_nothing_to_merge(session: requests.Session) -> bool:
    """No cookies, auth, params, hooks or environment settings that ``prepare_request`` would add."""
    return not (session.trust_env or session.auth or session.params or len(session.cookies)
                or any(session.hooks.values()))


def send_settings(session: requests.Session, url: str) -> dict[str, Any]:
    """``session.merge_environment_settings(url, {}, None, None, None)``: with no environment to read,
    the session's own proxies, stream, verify and cert, without merging them per call."""
    if session.trust_env:
        return dict(session.merge_environment_settings(url, {}, None, None, None))
    proxies = {scheme: proxy for scheme, proxy in session.proxies.items() if proxy is not None}
    return {"proxies": proxies, "stream": session.stream, "verify": session.verify, "cert": session.cert}


def prepare(
    session: requests.Session, method: str, url: str, *, params: Any = None,
    headers: dict[str, str] | None = None, json: Any = None, data: Any = None,
) -> requests.PreparedRequest:
    """The call as ``session.prepare_request(Request(...))`` prepares it."""
    if not has_nothing_to_merge(session):
        return session.prepare_request(requests.Request(
            method, url, params=params, headers=headers, json=json, data=data,
        ))
    prepared = requests.PreparedRequest()
    prepared.prepare_method(method.upper())
    _prepare_url(prepared, url, params)
    prepared.headers = _merged_headers(session, headers)
    # prepare_cookies with the (empty) merged jar: it is kept, and an empty jar adds no header.
    prepared._cookies = RequestsCookieJar()  # type: ignore[attr-defined]  # (untyped in the stubs)
    prepared.prepare_body(data, None, json)
    if _URL_CREDENTIALS.search(url):
        prepared.prepare_auth(None, url)  # credentials in the URL, as prepare_request reads them
    # No hooks to merge: the request keeps the empty hooks it was created with.
    return prepared


#: `user:password@` in a URL's authority: what `prepare_auth` would turn into a Basic header.
_URL_CREDENTIALS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@")


def _merged_headers(session: requests.Session, headers: dict[str, str] | None) -> CaseInsensitiveDict[Any]:
    """The session's headers overlaid with the call's, as ``merge_setting`` and ``prepare_headers`` make
    them, in one dictionary: a None value removes a header; the call's headers are checked as
    ``prepare_headers`` checks them (no line breaks, no leading blanks), the session's own were when set."""
    merged = _copy(session.headers)
    for name, value in (headers or {}).items():
        if value is not None:
            _check_header(name, value)
        merged[name] = value
    store = merged._store  # type: ignore[attr-defined]  # lower-case name → (name, value)
    for name in [name for name, value in store.values() if value is None]:
        del merged[name]
    return merged


@lru_cache(maxsize=1024)
def _check_header(name: str, value: str) -> None:
    """``check_header_validity((name, value))``, once per pair: the calls of one request repeat their
    correlation id and token, and every request its constant headers. A refused pair raises, and is
    not remembered."""
    check_header_validity((name, value))


def _copy(base: Any) -> CaseInsensitiveDict[Any]:
    """``CaseInsensitiveDict(base)``. The session's headers, a CaseInsensitiveDict, are copied by their
    store (lower-case name → (name, value)) in one step, not one ``__setitem__`` per header through
    the abstract ``MutableMapping.update``."""
    if type(base) is not CaseInsensitiveDict:
        return CaseInsensitiveDict(base)
    copied: Any = CaseInsensitiveDict()
    copied._store.update(base._store)  # type: ignore[attr-defined]
    return copied  # type: ignore[no-any-return]


def _prepare_url(prepared: requests.PreparedRequest, url: str, params: Any) -> None:
    """`prepared.prepare_url(url, params)`, remembered for the query-parameter lists the clients build."""
    if params is not None and not isinstance(params, list):
        prepared.prepare_url(url, params)
        return
    key = (url, tuple(params or ()))
    try:
        known = _URLS.get(key)
    except TypeError:  # a value that is not hashable: prepared as it comes
        prepared.prepare_url(url, params)
        return
    if known is None:
        prepared.prepare_url(url, params)
        _URLS.put(key, str(prepared.url))
    else:
        prepared.url = known
