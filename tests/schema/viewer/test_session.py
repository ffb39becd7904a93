"""Profile loading and the sliding session (docs/caller.md §4): `GET /me` at most once per request."""

from __future__ import annotations

from typing import Any

import responses

from tests.support.backends import header, url
from tests.support.campaigns import errors_of, gql, run
from tests.support.tokens import FAN_ID, make_jwt

PROFILE: dict[str, Any] = {
    "id": FAN_ID,
    "name": {"first": "Sam", "last": "Sample"},
    "email": "sam@example.com",
    "phone": "+15555550123",
    "zip": "10001",
    "phoneList": [{"account": "+15555550123", "country": "US", "type": "mobile", "date": {"confirmed": 1}}],
}
EVERY_PROFILE_FIELD = (
    "firstName lastName email zip phone phones { account is_confirmed }"
    " currentPhone { masked country type } doNotSell"
)


def me(token: str | None = None, **extra: Any) -> dict[str, Any]:
    return {**PROFILE, "auth": {"token": token or make_jwt(FAN_ID)}, **extra}


def session_cookies(response: Any) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("monoql_session=")]


@responses.activate
def test_every_profile_field_from_one_call() -> None:
    token = make_jwt(FAN_ID)
    responses.get(url("users", "/me"), json=me(token))
    body = gql("{ a: viewer { " + EVERY_PROFILE_FIELD + " } b: viewer { email zip } }", jwt=token)
    assert body["data"]["a"] == {
        "firstName": "Sam",
        "lastName": "Sample",
        "email": "sam@example.com",
        "zip": "10001",
        "phone": "+15555550123",
        "phones": [{"account": "+15555550123", "is_confirmed": True}],
        "currentPhone": {"masked": "+*******0123", "country": "US", "type": "mobile"},
        "doNotSell": False,
    }
    assert body["data"]["b"] == {"email": "sam@example.com", "zip": "10001"}
    assert len(responses.calls) == 1
    assert header(responses.calls[0], "Authorization") == f"Bearer {token}"


@responses.activate
def test_claims_fields_need_no_call() -> None:
    token = make_jwt(FAN_ID, permissions={"c1": ["VIEW"]})
    body = gql(
        "{ viewer { id isLoggedIn isAdmin auth { isSupreme permissions { campaignId } } } }", jwt=token
    )
    assert body["data"]["viewer"] == {
        "id": FAN_ID,
        "isLoggedIn": True,
        "isAdmin": True,
        "auth": {"isSupreme": False, "permissions": [{"campaignId": "c1"}]},
    }
    assert len(responses.calls) == 0


@responses.activate
def test_a_failed_profile_read_fails_the_profile_fields_only_and_is_not_repeated() -> None:
    responses.get(
        url("users", "/me"), status=404, json={"status": 404, "code": "USER_NOT_FOUND", "message": "No."}
    )
    body = gql("{ viewer { id email zip } other: viewer { phone } }", jwt=make_jwt(FAN_ID))
    assert body["data"] == {"viewer": {"id": FAN_ID, "email": None, "zip": None}, "other": {"phone": None}}
    assert sorted(e["path"][-1] for e in errors_of(body)) == ["email", "phone", "zip"]
    assert {(e["code"], e["reason"]) for e in errors_of(body)} == {("NOT_FOUND", "USER_NOT_FOUND")}
    assert len(responses.calls) == 1


@responses.activate
def test_expiring_cookie_session_slides_even_without_profile_fields() -> None:
    old = make_jwt(FAN_ID, ttl=300)
    new = make_jwt(FAN_ID, ttl=1800, tm_sig="fresh")
    responses.get(url("users", "/me"), json=me(new))
    body, response = run("{ viewer { id auth { token } } }", cookies={"monoql_session": old})
    assert body["data"]["viewer"] == {"id": FAN_ID, "auth": {"token": new}}
    assert len(responses.calls) == 1
    assert header(responses.calls[0], "Authorization") == f"Bearer {old}"
    cookies = session_cookies(response)
    assert len(cookies) == 1 and cookies[0].startswith(f"monoql_session={new};")


@responses.activate
def test_slid_session_serves_the_profile_and_later_calls_use_the_new_token() -> None:
    old = make_jwt(FAN_ID, ttl=300)
    new = make_jwt(FAN_ID, ttl=1800, tm_sig="fresh")
    responses.get(url("users", "/me"), json=me(new))
    responses.get(url("campaigns", "/campaigns/c1"), json={"data": {"id": "c1", "type": "registration"}})
    body = gql('{ viewer { email campaign(id: "c1") { id } } }', cookies={"monoql_session": old})
    assert body == {"data": {"viewer": {"email": "sam@example.com", "campaign": {"id": "c1"}}}}
    assert [c.request.url.split("?")[0] for c in responses.calls] == [
        url("users", "/me"),
        url("campaigns", "/campaigns/c1"),
    ]
    assert header(responses.calls[1], "Authorization") == f"Bearer {new}"


@responses.activate
def test_fresh_cookie_session_and_bearer_tokens_do_not_slide_on_their_own() -> None:
    gql("{ viewer { id } }", cookies={"monoql_session": make_jwt(FAN_ID, ttl=1800)})
    gql("{ viewer { id } }", jwt=make_jwt(FAN_ID, ttl=300))
    assert len(responses.calls) == 0


@responses.activate
def test_bearer_clients_receive_the_fresh_token_in_auth() -> None:
    old = make_jwt(FAN_ID, ttl=300)
    new = make_jwt(FAN_ID, ttl=1800, tm_sig="fresh")
    responses.get(url("users", "/me"), json=me(new))
    body, response = run("{ viewer { auth { token } email } }", jwt=old)
    assert body["data"]["viewer"] == {"auth": {"token": new}, "email": "sam@example.com"}
    assert session_cookies(response) == []


@responses.activate
def test_a_fresh_token_that_does_not_verify_is_ignored() -> None:
    old = make_jwt(FAN_ID, ttl=300)
    other_user = make_jwt("64b7f0c2a1e4d3b2c1a0dd01")
    responses.get(url("users", "/me"), json=me(other_user))
    body, response = run("{ viewer { id auth { token } } }", cookies={"monoql_session": old})
    assert body["data"]["viewer"] == {"id": FAN_ID, "auth": {"token": old}}
    assert session_cookies(response) == []


@responses.activate
def test_expired_session_cookie_is_anonymous_and_deleted() -> None:
    body, response = run("{ viewer { isLoggedIn } }", cookies={"monoql_session": make_jwt(FAN_ID, ttl=-120)})
    assert body["data"]["viewer"] == {"isLoggedIn": False}
    cookies = session_cookies(response)
    assert len(cookies) == 1 and "Max-Age=0" in cookies[0]
    assert len(responses.calls) == 0


@responses.activate
def test_skipped_profile_fields_make_no_call() -> None:
    body = gql(
        "query($no: Boolean!) { viewer { id email @include(if: $no) ...P @skip(if: true) } }"
        " fragment P on Viewer { zip }",
        {"no": False},
        jwt=make_jwt(FAN_ID),
    )
    assert body == {"data": {"viewer": {"id": FAN_ID}}}
    assert len(responses.calls) == 0


@responses.activate
def test_profile_fields_in_fragments_start_the_read_before_auth() -> None:
    old = make_jwt(FAN_ID, ttl=300)
    new = make_jwt(FAN_ID, ttl=1800, tm_sig="fresh")
    responses.get(url("users", "/me"), json=me(new))
    body = gql(
        "{ viewer { auth { token } ... on Viewer { ...Names } } } fragment Names on Viewer { firstName }",
        jwt=old,
    )
    assert body["data"]["viewer"] == {"auth": {"token": new}, "firstName": "Sam"}
    assert len(responses.calls) == 1
