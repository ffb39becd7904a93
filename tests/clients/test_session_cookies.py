"""The worker's shared backend session never keeps a cookie: one caller's cookie must not reach another's call."""

from __future__ import annotations

import requests
import responses

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.clients.http_session import SessionOptions, build_session, close_sessions
from tests.support.gateway import backend_url, gateway_settings
from tests.support.tokens import make_jwt


@responses.activate
def test_cookies_set_by_a_backend_are_not_sent_on_later_calls() -> None:
    close_sessions()
    settings = gateway_settings(performance={"caches": False})
    responses.get(backend_url("campaigns", "/promoters"), json={"data": []},
                  headers={"Set-Cookie": "AWSALB=sticky-for-user-a; Path=/"})
    first = Clients(settings, CallContext(jwt=make_jwt("a" * 24, is_supreme=True), request_id="1", deadline=None))
    first.campaigns.list_promoters()
    second = Clients(settings, CallContext(jwt=make_jwt("b" * 24, is_supreme=True), request_id="2", deadline=None))
    second.campaigns.list_promoters()
    assert len(responses.calls) == 2
    assert "Cookie" not in responses.calls[1].request.headers


def test_no_way_into_the_shared_jar_keeps_a_cookie() -> None:
    session = build_session(SessionOptions())
    session.cookies.set("sid", "s1", domain="localhost.local", path="/")
    session.cookies.update({"a": "1"})
    requests.cookies.merge_cookies(session.cookies, {"b": "2"})
    session.cookies.set_cookie(requests.cookies.create_cookie("c", "3"))
    assert len(session.cookies) == 0
    session.close()  # type: ignore[no-untyped-call]
