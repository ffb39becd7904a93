"""Password-protected campaigns read by domain, and the campaign-password cookie that remembers the
passwords (docs/caller.md §6, docs/passwords.md §1, docs/workflows.md): signed JSON, tamper-evident, bounded to the 20 latest domains."""

from __future__ import annotations

import hashlib
import time
from typing import Any

import responses
from itsdangerous import URLSafeSerializer
from responses import matchers
from werkzeug.datastructures import Headers

from monoql.schema.campaigns.passwords import (
    decode_passwords,
    encode_passwords,
    forget_password,
    remember_password,
    remembered_password,
)
from monoql.schema.core.context import RequestContext
from monoql.schema.core.http import HttpFacts
from tests.support.backends import calls, failure, url, wrapped
from tests.support.campaigns import CID, UNCACHED, errors_of, gql, run
from tests.support.gateway import gateway_settings
from tests.support.tokens import FAN, SUPREME

BY_DOMAIN = url("campaigns", "/campaigns")
SECRET = UNCACHED.session.secret
COOKIE = "monoql_campaign_pw"
COOKIE_SECRET = "a-test-secret-of-some-length"
SELECTION = (
    "id name ... on RegistrationCampaign { options { requirePassword } content { localized { locale } }"
    ' preferences { id } markets { id } market(marketId: "m1") { id } }'
)
LOCKED = {
    "id": CID,
    "type": "registration",
    "name": "Secret Show",
    "options": {"requirePassword": True},
    "locked": True,
}
FULL = {
    "id": CID,
    "type": "registration",
    "name": "Secret Show",
    "options": {"requirePassword": True},
    "content": {"en-US": {"meta": {}}},
    "preferences": [{"id": "email"}],
}


def answer(password: str | None, body: dict[str, Any], status: int = 200) -> None:
    params = {"domain": "secret", "showAllLocales": "false"}
    if password is not None:
        params["password"] = password
    responses.get(BY_DOMAIN, json=body, status=status, match=[matchers.query_param_matcher(params)])


def read(args: str = "", **kwargs: Any) -> tuple[dict[str, Any], Any]:
    return run('{ viewer { campaign(domain: "secret"' + args + ") { " + SELECTION + " } } }", **kwargs)


def password_cookies(response: Any) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{COOKIE}=")]


def cookie_value(header: str) -> str:
    return header.split(";", 1)[0].split("=", 1)[1]


@responses.activate
def test_locked_view_without_a_password() -> None:
    answer(None, wrapped(LOCKED))
    body, response = read()
    assert body == {
        "data": {
            "viewer": {
                "campaign": {
                    "id": CID,
                    "name": "Secret Show",
                    "options": {"requirePassword": True},
                    "content": None,
                    "preferences": None,
                    "markets": [],
                    "market": None,
                }
            }
        }
    }
    assert len(responses.calls) == 1  # no markets call for a locked campaign
    assert password_cookies(response) == []


@responses.activate
def test_wrong_password_argument() -> None:
    answer("nope", failure(401, "INVALID_CAMPAIGN_PASSWORD"), status=401)
    body, response = read(', password: "nope"')
    assert body["data"] == {"viewer": {"campaign": None}}
    assert errors_of(body) == [
        {"code": "UNAUTHENTICATED", "reason": "INVALID_CAMPAIGN_PASSWORD", "path": ["viewer", "campaign"]}
    ]
    assert len(responses.calls) == 1
    assert password_cookies(response) == []


@responses.activate
def test_right_password_is_remembered_in_a_signed_cookie() -> None:
    answer("open-sesame", wrapped(FULL))
    responses.get(url("campaigns", f"/campaigns/{CID}/markets"), json=wrapped([{"id": "m1"}]))
    responses.get(url("campaigns", f"/campaigns/{CID}/markets/m1"), json=wrapped({"id": "m1"}))
    body, response = read(', password: "open-sesame"')
    campaign = body["data"]["viewer"]["campaign"]
    assert campaign["content"] == {"localized": [{"locale": "en_US"}]}
    assert campaign["markets"] == [{"id": "m1"}] and campaign["market"] == {"id": "m1"}
    (cookie,) = password_cookies(response)
    assert decode_passwords(cookie_value(cookie), SECRET) == {"secret": "open-sesame"}
    assert "HttpOnly" in cookie and "Path=/" in cookie and "SameSite=Lax" in cookie
    assert "Max-Age=2592000" in cookie


@responses.activate
def test_remembered_password_is_used_and_not_stored_again() -> None:
    answer("open-sesame", wrapped(FULL))
    cookie = encode_passwords({"other": "x", "secret": "open-sesame"}, SECRET)
    body, response = read(cookies={COOKIE: cookie})
    assert body["data"]["viewer"]["campaign"]["preferences"] == [{"id": "email"}]
    assert calls(responses)[0][2]["password"] == "open-sesame"
    assert password_cookies(response) == []


@responses.activate
def test_tampered_cookie_reads_as_empty() -> None:
    answer(None, wrapped(LOCKED))
    cookie = encode_passwords({"secret": "open-sesame"}, SECRET)
    tampered = cookie[:-3] + ("xyz" if not cookie.endswith("xyz") else "abc")
    body, _ = read(cookies={COOKIE: tampered})
    assert body["data"]["viewer"]["campaign"]["options"] == {"requirePassword": True}
    assert body["data"]["viewer"]["campaign"]["content"] is None
    assert "password" not in calls(responses)[0][2]


@responses.activate
def test_refused_remembered_password_is_forgotten_and_the_read_repeated() -> None:
    answer("stale", failure(401, "INVALID_CAMPAIGN_PASSWORD"), status=401)
    answer(None, wrapped(LOCKED))
    cookie = encode_passwords({"secret": "stale", "other": "x"}, SECRET)
    body, response = read(cookies={COOKIE: cookie})
    assert "errors" not in body
    assert body["data"]["viewer"]["campaign"]["markets"] == []
    assert [c[2].get("password") for c in calls(responses)] == ["stale", None]
    (rewritten,) = password_cookies(response)
    assert decode_passwords(cookie_value(rewritten), SECRET) == {"other": "x"}


@responses.activate
def test_password_argument_wins_and_is_added_to_the_cookie() -> None:
    answer("new", wrapped(FULL))
    cookie = encode_passwords({"secret": "old", "other": "x"}, SECRET)
    _, response = read(', password: "new"', cookies={COOKIE: cookie})
    assert calls(responses)[0][2]["password"] == "new"
    (rewritten,) = password_cookies(response)
    assert decode_passwords(cookie_value(rewritten), SECRET) == {"other": "x", "secret": "new"}


@responses.activate
def test_password_of_a_campaign_that_needs_none_is_not_remembered() -> None:
    answer("pw", wrapped({**FULL, "options": {"requirePassword": False}}))
    _, response = read(', password: "pw"')
    assert password_cookies(response) == []


BY_ID = url("campaigns", f"/campaigns/{CID}")
WITH_DOMAIN = {**FULL, "domain": {"site": "secret", "preview": "secret-preview"}}
BY_ID_QUERY = f'{{ viewer {{ campaign(id: "{CID}") {{ {SELECTION} }} }} }}'


@responses.activate
def test_a_fan_reading_a_password_campaign_by_id_gets_the_locked_view() -> None:
    responses.get(BY_ID, json=wrapped(WITH_DOMAIN))
    answer(None, wrapped(LOCKED))
    for jwt in (None, FAN):
        body = gql(BY_ID_QUERY, jwt=jwt)
        campaign = body["data"]["viewer"]["campaign"]
        assert campaign["options"] == {"requirePassword": True}
        assert (campaign["content"], campaign["preferences"], campaign["markets"]) == (None, None, [])
    assert [(method, path, query.get("password")) for method, path, query in calls(responses)] == [
        ("GET", f"/campaigns/campaigns/{CID}", None), ("GET", "/campaigns/campaigns", None)] * 2


@responses.activate
def test_a_fan_who_unlocked_the_campaign_reads_it_by_id_too() -> None:
    responses.get(BY_ID, json=wrapped(WITH_DOMAIN))
    answer("open-sesame", wrapped(FULL))
    responses.get(url("campaigns", f"/campaigns/{CID}/markets"), json=wrapped([{"id": "m1"}]))
    responses.get(url("campaigns", f"/campaigns/{CID}/markets/m1"), json=wrapped({"id": "m1"}))
    cookie = encode_passwords({"secret": "open-sesame"}, SECRET)
    body = gql(BY_ID_QUERY, jwt=FAN, cookies={COOKIE: cookie})
    assert body["data"]["viewer"]["campaign"]["preferences"] == [{"id": "email"}]
    by_id, by_domain = calls(responses)[:2]
    assert "password" not in by_id[2] and by_domain[2]["password"] == "open-sesame"


@responses.activate
def test_an_administrator_reads_a_password_campaign_by_id_in_full() -> None:
    responses.get(BY_ID, json=wrapped(WITH_DOMAIN))
    responses.get(url("campaigns", f"/campaigns/{CID}/markets"), json=wrapped([{"id": "m1"}]))
    responses.get(url("campaigns", f"/campaigns/{CID}/markets/m1"), json=wrapped({"id": "m1"}))
    body = gql(BY_ID_QUERY, jwt=SUPREME)
    assert body["data"]["viewer"]["campaign"]["preferences"] == [{"id": "email"}]
    paths = [path for _, path, _ in calls(responses)]
    assert paths[0] == f"/campaigns/campaigns/{CID}" and "/campaigns/campaigns" not in paths


@responses.activate
def test_a_password_argument_with_an_id_goes_to_the_read_by_domain_only() -> None:
    responses.get(BY_ID, json=wrapped(WITH_DOMAIN))
    answer("nope", failure(401, "INVALID_CAMPAIGN_PASSWORD"), status=401)
    body = gql(f'{{ viewer {{ campaign(id: "{CID}", password: "nope") {{ name }} }} }}')
    assert errors_of(body) == [
        {"code": "UNAUTHENTICATED", "reason": "INVALID_CAMPAIGN_PASSWORD", "path": ["viewer", "campaign"]}
    ]
    by_id, by_domain = calls(responses)
    assert "password" not in by_id[2] and by_domain[2]["password"] == "nope"


@responses.activate
def test_a_password_campaign_without_a_domain_is_not_shown_to_a_fan_by_id() -> None:
    responses.get(BY_ID, json=wrapped(FULL))
    body = gql(BY_ID_QUERY, jwt=FAN)
    assert body["data"]["viewer"]["campaign"] is None
    assert len(responses.calls) == 1


@responses.activate
def test_a_campaign_without_a_password_is_read_by_id_once() -> None:
    responses.get(BY_ID, json=wrapped({**WITH_DOMAIN, "options": {"requirePassword": False}}))
    body = gql(f'{{ viewer {{ campaign(id: "{CID}") {{ name }} }} }}')
    assert body["data"]["viewer"]["campaign"] == {"name": "Secret Show"}
    assert len(responses.calls) == 1


@responses.activate
def test_an_unchanged_cookie_is_not_written_again() -> None:
    answer("open-sesame", wrapped(FULL))
    query = '{ viewer { campaign(domain: "secret", password: "open-sesame") { id name } } }'
    body, response = run(query)
    assert body["data"]["viewer"] == {"campaign": {"id": CID, "name": "Secret Show"}}
    assert len(password_cookies(response)) == 1
    assert len(responses.calls) == 1
    _, again = run(query, cookies={COOKIE: encode_passwords({"secret": "open-sesame"}, SECRET)})
    assert password_cookies(again) == []


def test_round_trip_with_the_documented_serializer() -> None:
    value = encode_passwords({"novalane": "pw"}, COOKIE_SECRET)
    spec = URLSafeSerializer(COOKIE_SECRET, signer_kwargs={"digest_method": hashlib.sha256})
    assert spec.loads(value) == {"novalane": "pw"}
    assert decode_passwords(spec.dumps({"a": "b"}), COOKIE_SECRET) == {"a": "b"}


def test_tampered_or_foreign_cookies_read_as_empty() -> None:
    value = encode_passwords({"novalane": "pw"}, COOKIE_SECRET)
    assert decode_passwords(value[:-2] + ("AA" if not value.endswith("AA") else "BB"), COOKIE_SECRET) == {}
    assert decode_passwords(encode_passwords({"novalane": "pw"}, "another-secret-entirely"), COOKIE_SECRET) == {}
    sha1 = URLSafeSerializer(COOKIE_SECRET).dumps({"novalane": "pw"})
    assert decode_passwords(sha1, COOKIE_SECRET) == {}
    assert decode_passwords("garbage", COOKIE_SECRET) == {}
    assert decode_passwords(None, COOKIE_SECRET) == {}
    assert decode_passwords(encode_passwords(["x"], COOKIE_SECRET), COOKIE_SECRET) == {}  # type: ignore[arg-type]


def _ctx(cookie: str | None = None) -> RequestContext:
    settings = gateway_settings()
    cookies = {settings.password_cookie.name: cookie} if cookie else {}
    return RequestContext(settings, request_id="t", deadline=time.monotonic() + 10,
                          http=HttpFacts(Headers(), cookies, None, "localhost"))


def _ops(ctx: RequestContext) -> list[tuple[str, str | None, int | None]]:
    """The cookies the response will set (value) or delete (None), in order."""
    return [(op.name, op.value, op.max_age) for op in ctx.response.cookie_ops]


def test_keeps_the_twenty_most_recently_stored_domains() -> None:
    ctx = _ctx()
    for index in range(22):
        remember_password(ctx, f"site{index}", f"pw{index}")
    remember_password(ctx, "site5", "again")  # storing again makes it the most recent
    name, value, max_age = _ops(ctx)[-1]
    stored = decode_passwords(value, ctx.settings.session.secret)
    assert name == "monoql_campaign_pw" and max_age == 30 * 86400
    assert len(stored) == 20
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
