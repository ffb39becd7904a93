"""Bad-input corpus, identity: bad, expired, forged and malformed JWTs (Bearer and session cookie),
hostile cookies and headers. A token that fails verification makes the request anonymous, never
reaches a backend, and a failed session cookie is deleted (docs/caller.md §1)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt as pyjwt
import pytest
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from monoql_sandbox.keys import public_key_pem
from tests.support.gateway import backend_url
from tests.support.production import PROD, assert_healthy, client_for, leaks
from tests.support.tokens import make_jwt, private_key

QUERY = "{ viewer { isLoggedIn } promoters { id } }"
COOKIE = PROD.session.cookie_name
PUBLIC_PEM = public_key_pem()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: dict[str, Any]) -> str:
    return b64(json.dumps(value).encode())


def claims(**extra: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"user": {"id": "64b7f0c2a1e4d3b2c1a09f11", "tmSig": "sig"}, "isSupreme": True, "isAdmin": True,
            "permissions": {}, "iat": now, "exp": now + 600, **extra}


def other_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def hs256_with_public_key() -> str:
    """The classic key-confusion forgery: HMAC keyed with the RSA public key the server trusts."""
    signing_input = f"{segment({'alg': 'HS256', 'typ': 'JWT'})}.{segment(claims())}"
    signature = hmac.new(PUBLIC_PEM.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def tampered() -> str:
    header, _, signature = make_jwt().split(".")
    return f"{header}.{segment(claims(user={'id': 'someone-else'}))}.{signature}"


def without(claim: str) -> str:
    body = claims()
    body.pop(claim)
    return pyjwt.encode(body, private_key(), algorithm="RS256")


FORGED: dict[str, str] = {
    "expired": make_jwt(ttl=-120),
    "expired-long-ago": make_jwt(ttl=-10**8),
    "no-exp": without("exp"),
    "alg-none": f"{segment({'alg': 'none', 'typ': 'JWT'})}.{segment(claims())}.",
    "alg-none-upper": f"{segment({'alg': 'NONE'})}.{segment(claims())}.",
    "hs256-public-key": hs256_with_public_key(),
    "rs512": pyjwt.encode(claims(), private_key(), algorithm="RS512"),
    "ps256": pyjwt.encode(claims(), private_key(), algorithm="PS256"),
    "other-key": pyjwt.encode(claims(), other_key(), algorithm="RS256"),
    "other-key-kid": pyjwt.encode(claims(), other_key(), algorithm="RS256", headers={"kid": "../../dev/null"}),
    "other-key-jku": pyjwt.encode(claims(), other_key(), algorithm="RS256",
                                  headers={"jku": "https://evil.example/jwks.json"}),
    "tampered-payload": tampered(),
    "no-user": pyjwt.encode({k: v for k, v in claims().items() if k != "user"}, private_key(), algorithm="RS256"),
    "empty-user-id": pyjwt.encode(claims(user={"id": ""}), private_key(), algorithm="RS256"),
    "user-is-string": pyjwt.encode(claims(user="admin"), private_key(), algorithm="RS256"),
    "not-yet-valid": pyjwt.encode(claims(nbf=int(time.time()) + 3600), private_key(), algorithm="RS256"),
    "truncated-signature": make_jwt()[:-10],
    "empty-signature": make_jwt().rsplit(".", 1)[0] + ".",
    "two-segments": make_jwt().rsplit(".", 1)[0],
    "four-segments": make_jwt() + ".extra",
    "garbage": "not-a-jwt",
    "dots": "...",
    "base64-garbage": "eyJ!!!.eyJ$$$.@@@",
    "header-not-json": f"{b64(b'not json')}.{segment(claims())}.sig",
    "payload-array": f"{segment({'alg': 'RS256'})}.{b64(b'[1,2]')}.sig",
    "huge": "a" * 6000,
    "unicode": "ünïcödé.tökén.sïg",
}

AUTHORIZATIONS: dict[str, str] = {
    **{f"bearer-{name}": f"Bearer {token}" for name, token in FORGED.items()},
    "basic": "Basic dXNlcjpwYXNz",
    "bearer-empty": "Bearer ",
    "bearer-only": "Bearer",
    "token-scheme": f"Token {make_jwt()}",
    "no-scheme": make_jwt(),
    "digest": 'Digest username="admin"',
    "bearer-two-tokens": f"Bearer {make_jwt()} {make_jwt()}",
}


def no_backend_may_be_called() -> responses.RequestsMock:
    return responses.RequestsMock(assert_all_requests_are_fired=False)


@pytest.fixture(scope="module")
def client() -> Any:
    return client_for(PROD)


def assert_anonymous(response: Any) -> dict[str, Any]:
    assert response.status_code == 200
    assert not leaks(response.get_data(as_text=True))
    body: dict[str, Any] = response.get_json()
    assert body["data"]["viewer"] == {"isLoggedIn": False}
    assert body["data"]["promoters"] is None
    (error,) = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["reason"]) == ("UNAUTHENTICATED", "NOT_LOGGED_IN")
    return body


@pytest.mark.parametrize("authorization", AUTHORIZATIONS.values(), ids=AUTHORIZATIONS.keys())
def test_bad_authorization_is_anonymous_and_never_forwarded(client: Any, authorization: str) -> None:
    with no_backend_may_be_called() as backends:
        response = client.post("/graphql", json={"query": QUERY}, headers={"Authorization": authorization})
        assert not backends.calls
    assert_anonymous(response)
    assert "Set-Cookie" not in response.headers
    assert_healthy(client)


@pytest.mark.filterwarnings("ignore:The 'monoql_session' cookie is too large")
@pytest.mark.parametrize("token", FORGED.values(), ids=FORGED.keys())
def test_bad_session_cookie_is_anonymous_and_deleted(token: str) -> None:
    client = client_for(PROD)
    client.set_cookie(COOKIE, token)
    with no_backend_may_be_called() as backends:
        response = client.post("/graphql", json={"query": QUERY})
        assert not backends.calls
    assert_anonymous(response)
    deleted = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{COOKIE}=;")]
    assert deleted and "Max-Age=0" in deleted[0]


@pytest.mark.parametrize("header", ["bearer {}", "Bearer  {}", "BEARER {}", "Bearer {} "],
                         ids=["lower", "two-spaces", "upper", "trailing-space"])
def test_valid_token_in_any_bearer_spelling_is_accepted(client: Any, header: str) -> None:
    token = make_jwt(is_supreme=True)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.get(backend_url("campaigns", "/promoters"), json={"data": []})
        response = client.post("/graphql", json={"query": QUERY}, headers={"Authorization": header.format(token)})
        assert [c.request.headers["Authorization"] for c in backends.calls] == [f"Bearer {token}"]
    assert response.get_json() == {"data": {"viewer": {"isLoggedIn": True}, "promoters": []}}


def test_token_inside_the_leeway_is_still_valid(client: Any) -> None:
    token = make_jwt(ttl=-10)  # expired 10 s ago; the leeway is 30 s
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.get(backend_url("campaigns", "/promoters"), json={"data": []})
        response = client.post("/graphql", json={"query": QUERY}, headers={"Authorization": f"Bearer {token}"})
    assert response.get_json()["data"]["viewer"] == {"isLoggedIn": True}


def test_bad_bearer_wins_over_a_good_cookie_and_leaves_the_cookie_alone() -> None:
    client = client_for(PROD)
    client.set_cookie(COOKIE, make_jwt())
    with no_backend_may_be_called() as backends:
        response = client.post("/graphql", json={"query": QUERY}, headers={"Authorization": "Bearer nope"})
        assert not backends.calls
    assert_anonymous(response)
    assert "Set-Cookie" not in response.headers


HOSTILE_COOKIE_HEADERS = {
    "empty": "",
    "separators": ";;;=;=a;",
    "no-value": COOKIE,
    "quoted-control": f'{COOKIE}="\\001\\002"',
    "duplicate": f"{COOKIE}=a; {COOKIE}=b",
    "huge": f"{COOKIE}={'x' * 4000}",
    "many": "; ".join(f"c{i}=v{i}" for i in range(300)),
    "unicode": f"{COOKIE}=ünïcödé",
    "password-garbage": f"{PROD.password_cookie.name}=garbage.signature",
    "password-huge": f"{PROD.password_cookie.name}={'A' * 4000}",
    "sotc-garbage": "sotc=<script>; tmuo=../../etc",
    "json-value": f'{COOKIE}={{"alg":"none"}}',
}


@pytest.mark.parametrize("cookie", HOSTILE_COOKIE_HEADERS.values(), ids=HOSTILE_COOKIE_HEADERS.keys())
def test_hostile_cookie_headers_are_harmless(cookie: str) -> None:
    client = client_for(PROD)
    with no_backend_may_be_called() as backends:
        response = client.post("/graphql", json={"query": QUERY}, headers={"Cookie": cookie})
        assert not backends.calls
    assert_anonymous(response)
    assert_healthy(client)


def test_garbage_password_cookie_is_ignored_when_reading_a_campaign(client: Any) -> None:
    query = '{ viewer { campaign(domain: "nova-lane") { id } } }'
    with responses.RequestsMock(assert_all_requests_are_fired=False) as backends:
        backends.get(backend_url("campaigns", "/campaigns/domain/nova-lane"),
                     json={"error": {"status": 404, "message": "Not found", "code": "CAMPAIGN_NOT_FOUND"}}, status=404)
        response = client.post("/graphql", json={"query": query},
                               headers={"Cookie": f"{PROD.password_cookie.name}=eyJ4Ijoi.bad"})
    assert response.status_code == 200
    assert not leaks(response.get_data(as_text=True))


HOSTILE_HEADERS = {
    "request-id-script": {"X-Request-ID": "<script>alert(1)</script>"},
    "request-id-long": {"X-Request-ID": "a" * 500},
    "request-id-spaces": {"X-Request-ID": "a b c"},
    "correlation-id-quote": {"X-Correlation-ID": "\"'`"},
    "forwarded-garbage": {"X-Forwarded-For": "not-an-ip, <script>", "X-Forwarded-Host": "evil.example:99999"},
    "forwarded-huge": {"X-Forwarded-For": ", ".join(["10.0.0.1"] * 500)},
    "host-evil": {"Host": "evil.example"},
    "country-garbage": {"CF-IPCountry": "\u202eXX", "X-NuDetect-Session-ID": "x" * 3000},
    "user-agent-huge": {"User-Agent": "U" * 7000},
    "tm-id-version-garbage": {"tm-id-version": "99999999999999999999"},
}


@pytest.mark.parametrize("headers", HOSTILE_HEADERS.values(), ids=HOSTILE_HEADERS.keys())
def test_hostile_request_headers_are_harmless(client: Any, headers: dict[str, str]) -> None:
    response = client.post("/graphql", json={"query": "{ identity { url } __typename }"}, headers=headers)
    assert response.status_code == 200
    request_id = response.headers["X-Request-ID"]
    for value in headers.values():
        assert value not in request_id or value.isalnum()
    assert response.get_json()["data"]["__typename"] == "Query"
    assert response.get_json()["data"]["identity"]["url"].startswith("https://")
    assert_healthy(client)
