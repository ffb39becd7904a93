"""Login, logout and `Query.viewer(auth)` (docs/caller.md §3 and §6) through the real `/graphql` view."""

from __future__ import annotations

from typing import Any

import jwt as pyjwt
import responses

from tests.support.backends import header, json_of, url, wrapped
from tests.support.campaigns import CID, errors_of, gql, run
from tests.support.tokens import FAN_ID, make_jwt

NEW_USER = "64b7f0c2a1e4d3b2c1a0ee01"
VIEWER_FIELDS = "id isLoggedIn isAdmin auth { token isSupreme expiresAt permissions { campaignId actions } }"


def user_answer(token: str, **profile: Any) -> dict[str, Any]:
    return {
        "id": NEW_USER,
        "firstName": "Nia",
        "email": "nia@example.com",
        "auth": {"token": token},
        **profile,
    }


def set_cookies(response: Any) -> list[str]:
    return list(response.headers.getlist("Set-Cookie"))


@responses.activate
def test_authenticate_with_credentials_starts_a_cookie_session() -> None:
    token = make_jwt(NEW_USER, is_supreme=True, permissions={"b2": ["VIEW"], "a1": ["EDIT"]}, tm_sig="abc")
    responses.post(url("users", "/auth"), json=user_answer(token))
    body, response = run(
        'mutation { authenticate(credentials: {token: "tm.abc"}) { ' + VIEWER_FIELDS + " firstName email } }",
        cookies={"tmuo": "tmuo-value"},
    )
    viewer = body["data"]["authenticate"]
    claims = pyjwt.decode(token, options={"verify_signature": False})
    assert viewer == {
        "id": NEW_USER,
        "isLoggedIn": True,
        "isAdmin": True,
        "auth": {
            "token": token,
            "isSupreme": True,
            "expiresAt": claims["exp"],
            "permissions": [
                {"campaignId": "a1", "actions": ["EDIT"]},
                {"campaignId": "b2", "actions": ["VIEW"]},
            ],
        },
        "firstName": "Nia",
        "email": "nia@example.com",
    }
    assert len(responses.calls) == 1  # the login answer is the profile: no GET /me
    call = responses.calls[0]
    assert json_of(call) == {"tm_token": "tm.abc", "tmuo": "tmuo-value", "version": "v2"}
    assert header(call, "Authorization") is None
    cookie = next(c for c in set_cookies(response) if c.startswith("monoql_session="))
    assert cookie.startswith(f"monoql_session={token};")
    assert (
        "HttpOnly" in cookie and "Path=/" in cookie and "SameSite=Lax" in cookie and "Max-Age" not in cookie
    )


@responses.activate
def test_authenticate_falls_back_to_the_sotc_cookie_and_runs_later_fields_as_the_new_user() -> None:
    token = make_jwt(NEW_USER, tm_sig="xyz")
    responses.post(url("users", "/auth"), json=user_answer(token))
    responses.get(url("campaigns", f"/campaigns/{CID}"), json=wrapped({"id": CID, "type": "registration"}))
    responses.get(url("campaigns", f"/campaigns/{CID}/contacts"), json=wrapped([{"id": "k1"}]))
    body = gql(
        'mutation { authenticate(credentials: {token: ""}) { isLoggedIn campaign(id: "'
        + CID
        + '") { id contacts } } }',
        cookies={"sotc": "tm.xyz"},
        jwt=None,
    )
    assert body["data"]["authenticate"] == {
        "isLoggedIn": True,
        "campaign": {"id": CID, "contacts": [{"id": "k1"}]},
    }
    assert json_of(responses.calls[0]) == {"tm_token": "tm.xyz", "tmuo": None, "version": "v2"}
    assert [header(c, "Authorization") for c in responses.calls[1:]] == [f"Bearer {token}"] * 2


@responses.activate
def test_authenticate_without_any_token() -> None:
    body = gql("mutation { authenticate { id } }")
    assert body["data"] == {"authenticate": None}
    assert errors_of(body) == [
        {"code": "BAD_USER_INPUT", "reason": "MISSING_TM_TOKEN", "path": ["authenticate"]}
    ]
    assert len(responses.calls) == 0


@responses.activate
def test_authenticate_with_a_token_that_does_not_verify() -> None:
    forged = make_jwt(NEW_USER, key="a-shared-secret-that-is-not-an-rs256-key", algorithm="HS256")
    responses.post(url("users", "/auth"), json=user_answer(forged))
    body, response = run('mutation { authenticate(credentials: {token: "t"}) { id } }')
    assert errors_of(body) == [
        {"code": "UPSTREAM_ERROR", "reason": "INVALID_UPSTREAM_TOKEN", "path": ["authenticate"]}
    ]
    assert body["data"] == {"authenticate": None}
    assert not any(c.startswith("monoql_session=") for c in set_cookies(response))


@responses.activate
def test_rejected_tm_token_leaves_the_session_untouched() -> None:
    responses.post(
        url("users", "/auth"), status=401, json={"status": 401, "code": "INVALID_TM_TOKEN", "message": "No."}
    )
    existing = make_jwt(FAN_ID)
    body, response = run(
        'mutation { authenticate(credentials: {token: "bad"}) { id } }', cookies={"monoql_session": existing}
    )
    assert errors_of(body) == [
        {"code": "UNAUTHENTICATED", "reason": "INVALID_TM_TOKEN", "path": ["authenticate"]}
    ]
    assert not any(c.startswith("monoql_session=") for c in set_cookies(response))


@responses.activate
def test_authenticate_updates_only_the_non_null_profile_fields() -> None:
    token = make_jwt(NEW_USER)
    responses.post(url("users", "/auth"), json=user_answer(token))
    responses.post(url("users", "/me"), json=user_answer(token, firstName="Nina", zip="10001"))
    body = gql(
        'mutation { authenticate(credentials: {token: "t"}, viewerInput: {firstName: "Nina", lastName: null,'
        ' zip: "10001"}) { firstName zip email } }'
    )
    assert body["data"]["authenticate"] == {"firstName": "Nina", "zip": "10001", "email": "nia@example.com"}
    assert [c.request.method + " " + c.request.url for c in responses.calls] == [
        f"POST {url('users', '/auth')}",
        f"POST {url('users', '/me')}",
    ]
    assert json_of(responses.calls[1]) == {"first_name": "Nina", "zip": "10001"}
    assert header(responses.calls[1], "Authorization") == f"Bearer {token}"


@responses.activate
def test_authenticate_with_an_all_null_viewer_input_makes_no_update() -> None:
    responses.post(url("users", "/auth"), json=user_answer(make_jwt(NEW_USER)))
    gql('mutation { authenticate(credentials: {token: "t"}, viewerInput: {email: null}) { id } }')
    assert len(responses.calls) == 1


@responses.activate
def test_query_viewer_with_auth_logs_in_and_sets_the_cookie() -> None:
    token = make_jwt(NEW_USER)
    responses.post(url("users", "/auth"), json=user_answer(token))
    body, response = run('{ viewer(auth: {token: "t"}) { id email } }')
    assert body == {"data": {"viewer": {"id": NEW_USER, "email": "nia@example.com"}}}
    assert any(c.startswith(f"monoql_session={token};") for c in set_cookies(response))


@responses.activate
def test_query_viewer_reports_a_failed_login_and_still_answers() -> None:
    responses.post(
        url("users", "/auth"), status=401, json={"status": 401, "code": "INVALID_TM_TOKEN", "message": "No."}
    )
    existing = make_jwt(FAN_ID)
    body = gql('{ viewer(auth: {token: "bad"}) { id isLoggedIn } }', jwt=existing)
    assert body["data"] == {"viewer": {"id": FAN_ID, "isLoggedIn": True}}
    assert errors_of(body) == [{"code": "UNAUTHENTICATED", "reason": "INVALID_TM_TOKEN", "path": ["viewer"]}]
    anonymous = gql('{ viewer(auth: {token: "bad"}) { id isLoggedIn auth { token } } }')
    assert anonymous["data"] == {"viewer": {"id": None, "isLoggedIn": False, "auth": None}}


@responses.activate
def test_logout_deletes_the_session_cookie_and_keeps_the_password_cookie() -> None:
    body, response = run(
        "mutation { logout }",
        cookies={"monoql_session": make_jwt(FAN_ID), "monoql_campaign_pw": "x"},
    )
    assert body == {"data": {"logout": True}}
    cookies = set_cookies(response)
    session = [c for c in cookies if c.startswith("monoql_session=")]
    assert len(session) == 1 and "Max-Age=0" in session[0] and "Path=/" in session[0]
    assert not any(c.startswith("monoql_campaign_pw=") for c in cookies)
    assert len(responses.calls) == 0


@responses.activate
def test_logout_makes_the_rest_of_the_operation_anonymous() -> None:
    body = gql("mutation { logout authenticate { isLoggedIn } }", jwt=make_jwt(FAN_ID))
    assert body["data"]["logout"] is True
    assert errors_of(body)[0]["reason"] == "MISSING_TM_TOKEN"
    assert gql("{ viewer { isLoggedIn id } }")["data"] == {"viewer": {"isLoggedIn": False, "id": None}}


@responses.activate
def test_anonymous_viewer() -> None:
    body = gql(
        "{ viewer { id isLoggedIn isAdmin auth { token } firstName lastName email zip phone"
        " phones { account } currentPhone { masked } doNotSell campaigns { __typename } } }"
    )
    assert body == {
        "data": {
            "viewer": {
                "id": None,
                "isLoggedIn": False,
                "isAdmin": False,
                "auth": None,
                "firstName": None,
                "lastName": None,
                "email": None,
                "zip": None,
                "phone": None,
                "phones": None,
                "currentPhone": None,
                "doNotSell": None,
                "campaigns": {"__typename": "Campaigns"},
            }
        }
    }
    assert len(responses.calls) == 0


@responses.activate
def test_expired_bearer_token_is_anonymous_and_never_reaches_a_backend() -> None:
    expired = make_jwt(FAN_ID, ttl=-120)
    body = gql("{ viewer { isLoggedIn email } }", jwt=expired)
    assert body == {"data": {"viewer": {"isLoggedIn": False, "email": None}}}
    assert len(responses.calls) == 0
