"""Session JWT verification (RS256 only, expiry with 30 s leeway, user id required) and its per-worker memo."""

from __future__ import annotations

import time

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from monoql import auth
from monoql.auth import tm_signature, verify_jwt
from monoql_sandbox.keys import private_key_pem, public_key_pem
from tests.helpers import make_jwt

PUBLIC = public_key_pem()


def other_private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def test_a_valid_token_gives_its_claims() -> None:
    claims = verify_jwt(make_jwt("u1", is_supreme=True), PUBLIC)
    assert claims is not None and claims["user"]["id"] == "u1" and claims["isSupreme"] is True


def refused_tokens() -> dict[str, str]:
    """Built per test run (they hold times), looked up by a stable name so parallel runners agree."""
    rs256_private = private_key_pem()
    future = time.time() + 600
    return {
        "expired": make_jwt(ttl=-120),  # beyond the leeway
        "other-key": make_jwt(key=other_private_key()),
        "hs256": pyjwt.encode({"user": {"id": "u"}, "exp": future}, "secret-of-32-characters-or-more!!",
                              algorithm="HS256"),
        "alg-none": pyjwt.encode({"user": {"id": "u"}, "exp": future}, None, algorithm="none"),
        "no-exp": pyjwt.encode({"user": {"id": "u"}}, rs256_private, algorithm="RS256"),
        "no-user-id": make_jwt(user_id=""),
        "garbage": "not-a-jwt",
        "empty": "",
    }


@pytest.mark.parametrize("name", ["expired", "other-key", "hs256", "alg-none", "no-exp", "no-user-id", "garbage",
                                  "empty"])
def test_anything_else_is_refused(name: str) -> None:
    assert verify_jwt(refused_tokens()[name], PUBLIC) is None


def test_leeway_accepts_a_token_expired_seconds_ago() -> None:
    assert verify_jwt(make_jwt(ttl=-10), PUBLIC) is not None


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token = make_jwt(ttl=60)
    assert verify_jwt(token, PUBLIC) is not None
    later = time.time() + 60 + auth.LEEWAY_SECONDS + 1
    monkeypatch.setattr(auth.time, "time", lambda: later)
    assert verify_jwt(token, PUBLIC) is None


def test_a_remembered_token_is_tied_to_its_key() -> None:
    token = make_jwt()
    assert verify_jwt(token, PUBLIC) is not None
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    assert verify_jwt(token, pem) is None


@pytest.mark.parametrize(("token", "signature"), [("sandbox-fan.k2", "k2"), ("a.b.c", "c"), ("plain", "plain")])
def test_tm_signature(token: str, signature: str) -> None:
    assert tm_signature(token) == signature
