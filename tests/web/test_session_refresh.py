"""An expiring cookie session slides forward on any query, with one GET /me (behaviour.md 2.3)."""

from __future__ import annotations

import responses

from monoql.clients.http_session import close_sessions
from tests.helpers import backend_url, gateway_settings, make_jwt, post_graphql

SETTINGS = gateway_settings(performance={"caches": False})
USER = "64b7f0c2a1e4d3b2c1a09f11"


def me_answer(token: str) -> dict:
    return {"id": USER, "firstName": "Sam", "email": "sam@example.com", "auth": {"token": token}}


@responses.activate
def test_an_expiring_cookie_session_is_refreshed_without_any_viewer_field() -> None:
    close_sessions()
    expiring, fresh = make_jwt(USER, ttl=300), make_jwt(USER, ttl=1800, tm_sig="fresh")
    responses.get(backend_url("users", "/me"), json=me_answer(fresh))
    response = post_graphql("{ identity { url } }", cookies={"monoql_session": expiring}, settings=SETTINGS)
    assert response.get_json()["data"]["identity"]["url"]
    assert len(responses.calls) == 1
    assert responses.calls[0].request.headers["Authorization"] == f"Bearer {expiring}"
    assert f"monoql_session={fresh}" in response.headers["Set-Cookie"]


@responses.activate
def test_a_fresh_session_and_a_bearer_token_are_not_refreshed() -> None:
    close_sessions()
    post_graphql("{ identity { url } }", cookies={"monoql_session": make_jwt(USER, ttl=1800)}, settings=SETTINGS)
    post_graphql("{ identity { url } }", jwt=make_jwt(USER, ttl=300), settings=SETTINGS)
    assert len(responses.calls) == 0


@responses.activate
def test_the_refresh_also_serves_the_profile() -> None:
    close_sessions()
    expiring, fresh = make_jwt(USER, ttl=300), make_jwt(USER, ttl=1800, tm_sig="fresh")
    responses.get(backend_url("users", "/me"), json=me_answer(fresh))
    body = post_graphql("{ viewer { firstName auth { token } } }", cookies={"monoql_session": expiring},
                        settings=SETTINGS).get_json()
    assert body["data"]["viewer"] == {"firstName": "Sam", "auth": {"token": fresh}}
    assert len(responses.calls) == 1
