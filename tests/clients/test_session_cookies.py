"""The worker's shared backend session never keeps a cookie: one caller's cookie must not reach another's call."""

from __future__ import annotations

import responses

from monoql.clients import Clients
from monoql.clients.base import CallContext
from monoql.clients.http_session import close_sessions
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
