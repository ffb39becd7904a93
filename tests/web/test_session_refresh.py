"""An expiring cookie session slides forward on every logged-in request, and the session cookie stays in force
beside an Authorization header that is not Bearer (docs/caller.md §1 and §4)."""

from __future__ import annotations

import responses

from monoql.clients.http_session import close_sessions
from tests.support.gateway import backend_url, gateway_settings, post_graphql
from tests.support.tokens import make_jwt

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


CID = "64b7f0c2a1e4d3b2c1a0aa01"
SELECTION = f'mutation {{ triggerSelection(campaignId: "{CID}", marketIds: ["m1"]) }}'


def session_cookies(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("monoql_session=")]


@responses.activate
def test_a_mutation_only_request_slides_an_expiring_session_after_the_mutation() -> None:
    close_sessions()
    expiring = make_jwt(USER, is_supreme=True, ttl=300)
    fresh = make_jwt(USER, is_supreme=True, ttl=1800, tm_sig="fresh")
    responses.post(backend_url("uploads", "/trigger/selection"), json={"data": {"success": True}})
    responses.get(backend_url("users", "/me"), json=me_answer(fresh))
    response = post_graphql(SELECTION, cookies={"monoql_session": expiring}, settings=SETTINGS)
    assert response.get_json() == {"data": {"triggerSelection": {"success": True}}}
    assert [call.request.method for call in responses.calls] == ["POST", "GET"]
    assert responses.calls[0].request.headers["Authorization"] == f"Bearer {expiring}"
    assert responses.calls[1].request.url == backend_url("users", "/me")
    (cookie,) = session_cookies(response)
    assert cookie.startswith(f"monoql_session={fresh};")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age" not in cookie


@responses.activate
def test_a_mutation_with_a_fresh_session_makes_no_profile_call() -> None:
    close_sessions()
    responses.post(backend_url("uploads", "/trigger/selection"), json={"data": {"success": True}})
    cookie = make_jwt(USER, is_supreme=True, ttl=1800)
    response = post_graphql(SELECTION, cookies={"monoql_session": cookie}, settings=SETTINGS)
    assert response.get_json() == {"data": {"triggerSelection": {"success": True}}}
    assert len(responses.calls) == 1
    assert session_cookies(response) == []


@responses.activate
def test_logout_of_an_expiring_session_calls_no_backend_and_only_deletes_the_cookie() -> None:
    close_sessions()
    response = post_graphql("mutation { logout }", cookies={"monoql_session": make_jwt(USER, ttl=300)},
                            settings=SETTINGS)
    assert response.get_json() == {"data": {"logout": True}}
    assert len(responses.calls) == 0
    (cookie,) = session_cookies(response)
    assert cookie.startswith("monoql_session=;") and "Max-Age=0" in cookie


@responses.activate
def test_a_failed_slide_after_a_mutation_keeps_the_session_and_reports_nothing() -> None:
    close_sessions()
    responses.post(backend_url("uploads", "/trigger/selection"), json={"data": {"success": True}})
    responses.get(backend_url("users", "/me"), status=503, json={"status": 503, "message": "down"})
    response = post_graphql(SELECTION, cookies={"monoql_session": make_jwt(USER, is_supreme=True, ttl=300)},
                            settings=SETTINGS)
    assert response.get_json() == {"data": {"triggerSelection": {"success": True}}}
    assert session_cookies(response) == []


@responses.activate
def test_a_non_bearer_authorization_header_leaves_the_session_cookie_in_force() -> None:
    close_sessions()
    cookie = make_jwt(USER, ttl=1800)
    response = post_graphql(
        "{ viewer { id isLoggedIn auth { token } } }",
        cookies={"monoql_session": cookie},
        headers={"Authorization": "Basic cHJveHk6c2VjcmV0"},
        settings=SETTINGS,
    )
    assert response.get_json() == {
        "data": {"viewer": {"id": USER, "isLoggedIn": True, "auth": {"token": cookie}}}
    }
    assert session_cookies(response) == []


@responses.activate
def test_backend_calls_behind_a_non_bearer_header_carry_the_cookie_session() -> None:
    close_sessions()
    cookie = make_jwt(USER, is_supreme=True, ttl=1800)
    responses.post(backend_url("uploads", "/trigger/selection"), json={"data": {"success": True}})
    response = post_graphql(SELECTION, cookies={"monoql_session": cookie},
                            headers={"Authorization": "Negotiate abc"}, settings=SETTINGS)
    assert response.get_json() == {"data": {"triggerSelection": {"success": True}}}
    assert responses.calls[0].request.headers["Authorization"] == f"Bearer {cookie}"


@responses.activate
def test_a_bearer_header_is_the_only_candidate_even_beside_a_cookie() -> None:
    close_sessions()
    cookie = make_jwt(USER, ttl=1800)
    for header in ("Bearer not-a-jwt", "Bearer ", "bearer"):
        response = post_graphql("{ viewer { isLoggedIn } }", cookies={"monoql_session": cookie},
                                headers={"Authorization": header}, settings=SETTINGS)
        assert response.get_json() == {"data": {"viewer": {"isLoggedIn": False}}}, header
    other = make_jwt("64b7f0c2a1e4d3b2c1a09f22", ttl=1800)
    body = post_graphql("{ viewer { id } }", cookies={"monoql_session": cookie}, jwt=other,
                        settings=SETTINGS).get_json()
    assert body == {"data": {"viewer": {"id": "64b7f0c2a1e4d3b2c1a09f22"}}}
    assert len(responses.calls) == 0


@responses.activate
def test_an_expiring_session_beside_a_non_bearer_header_slides() -> None:
    close_sessions()
    expiring, fresh = make_jwt(USER, ttl=300), make_jwt(USER, ttl=1800, tm_sig="fresh")
    responses.get(backend_url("users", "/me"), json=me_answer(fresh))
    response = post_graphql("{ identity { url } }", cookies={"monoql_session": expiring},
                            headers={"Authorization": "Basic cHJveHk6c2VjcmV0"}, settings=SETTINGS)
    assert len(responses.calls) == 1
    (cookie,) = session_cookies(response)
    assert cookie.startswith(f"monoql_session={fresh};")
