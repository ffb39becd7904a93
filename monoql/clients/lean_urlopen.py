"""A shorter ``urlopen`` for the one kind of call the gateway's adapter makes, on urllib3's own pool.

``HTTPAdapter.send`` always calls ``urlopen`` the same way: no redirects, no same-host check,
``preload_content=False``, the adapter's ``Retry(0, read=False)``, a body that is absent or bytes,
a path URL, no proxy. For that call most of ``HTTPConnectionPool.urlopen`` decides nothing: copying
the headers to add no proxy headers, the tunnel and file-position checks, the redirect and the
status-retry checks on a ``Retry`` that allows none. :meth:`LeanUrlopenMixin.urlopen` takes such a
call through urllib3's own ``_get_conn``, ``_make_request`` and ``_put_conn``; any other call goes to
urllib3's ``urlopen`` unchanged.

A failure ends as urllib3 ends it: the connection is closed and its slot returned to the pool, the
error is wrapped as urllib3 wraps it (``SSLError``, ``ProtocolError("Connection aborted.", …)``) and
given to ``Retry.increment``, which raises for a ``Retry`` whose total is 0 (``MaxRetryError`` for a
connection error, the error itself for a read error), so requests translates it as before.
"""

from __future__ import annotations

import sys
from http.client import HTTPException
from typing import Any

from urllib3.connection import BaseSSLError
from urllib3.exceptions import ProtocolError, ProxyError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3TimeoutError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry
from urllib3.util.ssl_match_hostname import CertificateError
from urllib3.util.timeout import Timeout
from urllib3.util.url import _encode_target

# What urllib3's urlopen catches around sending and reading the head (its ``except`` clause).
_SEND_ERRORS = (Urllib3TimeoutError, HTTPException, OSError, ProtocolError, BaseSSLError, SSLError,
                CertificateError, ProxyError)


def _lean_call(pool: Any, url: str, body: Any, headers: Any, retries: Any, redirect: Any,
               assert_same_host: Any, pool_timeout: Any, release_conn: Any, chunked: Any,
               body_pos: Any, preload_content: Any, response_kw: dict[str, Any]) -> bool:
    """Is this the adapter's call, for which urlopen decides nothing but the connection?"""
    return (redirect is False and assert_same_host is False and preload_content is False
            and release_conn is None and not chunked and body_pos is None and pool_timeout is None
            and not response_kw and headers is not None and (body is None or type(body) is bytes)
            and type(retries) is Retry and retries.total == 0 and not retries.status_forcelist
            and pool.proxy is None and not pool.proxy_headers and url.startswith("/"))


class LeanUrlopenMixin:
    """``urlopen`` for an ``HTTPConnectionPool`` subclass: the adapter's call the short way."""

    def urlopen(self, method: str, url: str, body: Any = None, headers: Any = None, retries: Any = None,
                redirect: bool = True, assert_same_host: bool = True, timeout: Any = None,
                pool_timeout: Any = None, release_conn: Any = None, chunked: bool = False,
                body_pos: Any = None, preload_content: bool = True, decode_content: bool = True,
                **response_kw: Any) -> BaseHTTPResponse:
        pool: Any = self
        if not _lean_call(pool, url, body, headers, retries, redirect, assert_same_host, pool_timeout,
                          release_conn, chunked, body_pos, preload_content, response_kw):
            stock: Any = super()
            response: BaseHTTPResponse = stock.urlopen(
                method, url, body, headers, retries, redirect, assert_same_host, timeout=timeout,
                pool_timeout=pool_timeout, release_conn=release_conn, chunked=chunked, body_pos=body_pos,
                preload_content=preload_content, decode_content=decode_content, **response_kw)
            return response
        url = _encode_target(url)  # what urllib3 sends for a path URL (invalid characters escaped)
        # `_make_request` takes its own copy of a Timeout: the adapter's fresh one is read here as it is.
        timeout_obj = timeout if type(timeout) is Timeout else pool._get_timeout(timeout)
        # Raises ClosedPoolError for a closed pool; with block=False a new connection when none is
        # free (put back afterwards only while the pool has room, as urllib3 does).
        conn = pool._get_conn(timeout=pool_timeout)
        conn.timeout = timeout_obj.connect_timeout
        try:
            # The answer keeps the connection (preload_content=False): released once its body is read.
            response = pool._make_request(
                conn, method, url, timeout=timeout_obj, body=body, headers=headers, chunked=False,
                retries=retries, response_conn=conn, preload_content=False, decode_content=decode_content,
                **response_kw)
        except _SEND_ERRORS as exc:
            conn.close()
            pool._put_conn(None)
            error: Exception = exc
            if isinstance(exc, BaseSSLError | CertificateError):
                error = SSLError(exc)
            elif isinstance(exc, OSError | HTTPException):
                error = ProtocolError("Connection aborted.", exc)
            # A Retry with total 0 raises here, always: there is no second attempt to make.
            retries.increment(method, url, error=error, _pool=pool, _stacktrace=sys.exc_info()[2])
            raise AssertionError("Retry(total=0).increment returned") from exc  # pragma: no cover
        except BaseException:
            conn.close()
            pool._put_conn(None)
            raise
        return response  # type: ignore[no-any-return]
