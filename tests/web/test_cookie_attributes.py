"""Cookie attributes follow `session.sameSite` and `session.secure` (docs/caller.md §6)."""

from __future__ import annotations

from flask import Response

from monoql.schema.core.http import CookieOp
from monoql.web.caller import apply_cookies
from tests.support.gateway import gateway_settings


def written(ops: list[CookieOp], **session: object) -> list[str]:
    response = Response()
    apply_cookies(response, ops, gateway_settings(session=session))
    return response.headers.getlist("Set-Cookie")


def test_lax_by_default_on_the_session_and_the_password_cookie() -> None:
    cookies = written([CookieOp("monoql_session", "jwt"), CookieOp("monoql_campaign_pw", "pw", 2592000)])
    assert len(cookies) == 2
    assert all("SameSite=Lax" in cookie and "HttpOnly" in cookie and "Path=/" in cookie for cookie in cookies)


def test_same_site_none_with_secure_on_both_cookies_and_on_a_deletion() -> None:
    ops = [CookieOp("monoql_session", "jwt"), CookieOp("monoql_campaign_pw", "pw", 60), CookieOp("monoql_session", None)]
    cookies = written(ops, sameSite="None", secure=True)
    assert len(cookies) == 3
    for cookie in cookies:
        assert "SameSite=None" in cookie and "Secure" in cookie
    assert "Max-Age=0" in cookies[2]


def test_strict_is_written_as_given() -> None:
    (cookie,) = written([CookieOp("monoql_session", "jwt")], sameSite="Strict")
    assert "SameSite=Strict" in cookie and "Secure" not in cookie
