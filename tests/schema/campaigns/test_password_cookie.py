"""The campaign-password cookie value (behaviour.md 2.6): signed JSON, tamper-evident, bounded."""

from __future__ import annotations

import hashlib
import time

from itsdangerous import URLSafeSerializer
from werkzeug.datastructures import Headers

from monoql.schema.campaigns.passwords import (
    MAX_DOMAINS,
    decode_passwords,
    encode_passwords,
    forget_password,
    remember_password,
    remembered_password,
)
from monoql.schema.core.context import RequestContext
from tests.helpers import gateway_settings

SECRET = "a-test-secret-of-some-length"


def test_round_trip_with_the_documented_serializer() -> None:
    value = encode_passwords({"novalane": "pw"}, SECRET)
    spec = URLSafeSerializer(SECRET, signer_kwargs={"digest_method": hashlib.sha256})
    assert spec.loads(value) == {"novalane": "pw"}
    assert decode_passwords(spec.dumps({"a": "b"}), SECRET) == {"a": "b"}


def test_tampered_or_foreign_cookies_read_as_empty() -> None:
    value = encode_passwords({"novalane": "pw"}, SECRET)
    assert decode_passwords(value[:-2] + ("AA" if not value.endswith("AA") else "BB"), SECRET) == {}
    assert decode_passwords(encode_passwords({"novalane": "pw"}, "another-secret-entirely"), SECRET) == {}
    sha1 = URLSafeSerializer(SECRET).dumps({"novalane": "pw"})
    assert decode_passwords(sha1, SECRET) == {}
    assert decode_passwords("garbage", SECRET) == {}
    assert decode_passwords(None, SECRET) == {}
    assert decode_passwords(encode_passwords(["x"], SECRET), SECRET) == {}  # type: ignore[arg-type]


def _ctx(cookie: str | None = None) -> RequestContext:
    settings = gateway_settings()
    cookies = {settings.password_cookie.name: cookie} if cookie else {}
    return RequestContext(settings=settings, request_id="t", deadline=time.monotonic() + 10, headers=Headers(),
                          cookies=cookies, client_ip=None, host="localhost")


def _ops(ctx: RequestContext) -> list[tuple[str, str | None, int | None]]:
    """The cookies the response will set (value) or delete (None), in order."""
    return [(op.name, op.value, op.max_age) for op in ctx.cookie_ops]


def test_keeps_the_twenty_most_recently_stored_domains() -> None:
    ctx = _ctx()
    for index in range(MAX_DOMAINS + 2):
        remember_password(ctx, f"site{index}", f"pw{index}")
    remember_password(ctx, "site5", "again")  # storing again makes it the most recent
    name, value, max_age = _ops(ctx)[-1]
    stored = decode_passwords(value, ctx.settings.session.secret)
    assert name == "monoql_campaign_pw" and max_age == 30 * 86400
    assert len(stored) == MAX_DOMAINS
    assert list(stored)[-1] == "site5" and stored["site5"] == "again"
    assert "site0" not in stored and "site1" not in stored and "site2" in stored


def test_forget_rewrites_or_deletes_the_cookie() -> None:
    secret = gateway_settings().session.secret
    ctx = _ctx(encode_passwords({"a": "1", "b": "2"}, secret))
    assert remembered_password(ctx, "a") == "1"
    forget_password(ctx, "a")
    assert decode_passwords(_ops(ctx)[-1][1], secret) == {"b": "2"}
    forget_password(ctx, "b")
    assert _ops(ctx)[-1] == ("monoql_campaign_pw", None, None)
    forget_password(ctx, "unknown")
    assert len(_ops(ctx)) == 2
