"""Session JWT verification (RS256 only, expiry with 30 s leeway, user id required) and its per-worker memo,
bounded by `jwt.cacheSize` tokens and `jwt.cacheBytes` bytes of token text."""

from __future__ import annotations

import time
from typing import Any

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from monoql import auth
from monoql.auth import tm_signature, verified_tokens, verify_jwt
from monoql.config.settings import Jwt
from monoql_sandbox.keys import private_key_pem, public_key_pem
from tests.support.tokens import make_jwt

PUBLIC = public_key_pem()
JWT = Jwt(public_key=PUBLIC)


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tokens whose signature was checked (not answered from the memo), in order."""
    checked: list[str] = []
    original = auth._decode

    def counting(token: str, public_key: str) -> Any:
        checked.append(token)
        return original(token, public_key)

    monkeypatch.setattr(auth, "_decode", counting)
    return checked


def other_private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def test_a_valid_token_gives_its_claims() -> None:
    claims = verify_jwt(make_jwt("u1", is_supreme=True), JWT)
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
    assert verify_jwt(refused_tokens()[name], JWT) is None


def test_leeway_accepts_a_token_expired_seconds_ago() -> None:
    assert verify_jwt(make_jwt(ttl=-10), JWT) is not None


def test_a_verified_token_is_remembered(decodes: list[str]) -> None:
    token = make_jwt()
    first, second = verify_jwt(token, JWT), verify_jwt(token, JWT)
    assert first is not None and first == second
    assert decodes == [token]


def test_refused_tokens_are_not_remembered(decodes: list[str]) -> None:
    token = make_jwt(key=other_private_key())
    assert verify_jwt(token, JWT) is None
    assert verify_jwt(token, JWT) is None
    assert decodes == [token, token]
    assert len(verified_tokens(JWT)) == 0


def test_a_remembered_token_is_forgotten_at_its_expiry(monkeypatch: pytest.MonkeyPatch, decodes: list[str]) -> None:
    token = make_jwt(ttl=60)
    assert verify_jwt(token, JWT) is not None
    exp = pyjwt.decode(token, options={"verify_signature": False})["exp"]
    monkeypatch.setattr(time, "time", lambda: exp + 29.0)  # still within the 30 s leeway
    assert verify_jwt(token, JWT) is not None
    assert decodes == [token]
    monkeypatch.setattr(time, "time", lambda: exp + 30.0)
    # PyJWT reads its own clock, so the signature check still passes: what matters is that it runs.
    verify_jwt(token, JWT)
    assert decodes == [token, token]


def test_a_remembered_token_is_tied_to_its_key() -> None:
    token = make_jwt()
    assert verify_jwt(token, JWT) is not None
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    assert verify_jwt(token, Jwt(public_key=pem)) is None


def fans(count: int) -> list[str]:
    """Tokens of `count` different fans, all of one length."""
    return [make_jwt(f"64b7f0c2a1e4d3b2c1a0{n:04x}") for n in range(count)]


def test_the_memo_keeps_the_last_cache_size_tokens(decodes: list[str]) -> None:
    settings = Jwt(public_key=PUBLIC, cache_size=3)
    tokens = fans(4)
    for token in tokens:
        assert verify_jwt(token, settings) is not None
    assert len(verified_tokens(settings)) == 3
    verify_jwt(tokens[3], settings)
    verify_jwt(tokens[1], settings)
    assert decodes == tokens
    verify_jwt(tokens[0], settings)  # the least recently used was forgotten
    assert decodes == [*tokens, tokens[0]]


def test_the_memo_keeps_at_most_cache_bytes_of_tokens() -> None:
    tokens = fans(5)
    size = len(tokens[0])
    settings = Jwt(public_key=PUBLIC, cache_bytes=size * 2 + size // 2)
    for token in tokens:
        assert verify_jwt(token, settings) is not None
    cache = verified_tokens(settings)
    assert len(cache) == 2
    assert cache.bytes == 2 * size


def test_a_token_larger_than_cache_bytes_is_verified_but_not_remembered(decodes: list[str]) -> None:
    token = make_jwt()
    settings = Jwt(public_key=PUBLIC, cache_bytes=len(token) - 1)
    assert verify_jwt(token, settings) is not None
    assert verify_jwt(token, settings) is not None
    assert decodes == [token, token]
    assert len(verified_tokens(settings)) == 0


@pytest.mark.parametrize(("token", "signature"), [("sandbox-fan.k2", "k2"), ("a.b.c", "c"), ("plain", "plain")])
def test_tm_signature(token: str, signature: str) -> None:
    assert tm_signature(token) == signature
