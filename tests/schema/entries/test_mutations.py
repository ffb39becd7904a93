"""upsertViewerEntry, submitConfirm and refreshEntryAttribute: entry body, token-mismatch guard, caching."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import responses
from responses import matchers

from monoql.auth import verify_jwt
from monoql.schema.campaigns.passwords import encode_passwords
from tests.support.backends import failure, json_of, query_of, url, wrapped
from tests.support.gateway import gateway_settings, run_graphql
from tests.support.operations import CID, UNCACHED, gql, only_error
from tests.support.tokens import FAN, FAN_ID, make_jwt

TRUSTING = gateway_settings(proxy={"trust": True, "trustCountryHeader": True}, performance={"caches": False})
ENTRY = {
    "campaign_id": CID,
    "user_id": FAN_ID,
    "date": {"created": "C", "updated": "U"},
    "fields": {"email": "sam@example.com", "market": "m1", "optional_markets": ["m2"]},
    "attributes": {},
}
UPSERT = """mutation($e: JSON!, $c: String!, $l: String!) {
  upsertViewerEntry(entry: $e, campaignId: $c, locale: $l) { id isLoggedIn } }"""
ANSWERS = {"email": "sam@example.com", "market": "m1", "optional_markets": ["m2"], "ip": "1.2.3.4"}
HEADERS = {"User-Agent": "Mozilla/5.0", "X-Forwarded-For": "203.0.113.9, 10.0.0.2", "CF-IPCountry": "US"}
INVALID_SESSION = "Your Ticketmaster session changed. Please sign in again."


def calls_to(service: str) -> list[Any]:
    return [c for c in responses.calls if urlsplit(c.request.url).path.startswith(f"/{service}/")]


def mock_open_campaign() -> None:
    responses.get(url("campaigns", f"/campaigns/{CID}"), json=wrapped({"id": CID, "type": "registration"}))


def mock_upsert(status: int = 201) -> None:
    mock_open_campaign()
    responses.post(url("entries", f"/{CID}/entries"), json=ENTRY, status=status)


@responses.activate
def test_the_entry_body_has_answers_locale_and_request_context() -> None:
    mock_upsert()
    body = gql(UPSERT, {"e": ANSWERS, "c": CID, "l": "en_US"}, jwt=FAN, headers=HEADERS, settings=TRUSTING)
    assert body == {"data": {"upsertViewerEntry": {"id": FAN_ID, "isLoggedIn": True}}}
    assert len(calls_to("entries")) == 1
    assert json_of(calls_to("entries")[0]) == {
        "email": "sam@example.com",
        "market": "m1",
        "optional_markets": ["m2"],
        "locale": "en-US",
        "user_agent": "Mozilla/5.0",
        "ip": "10.0.0.2",
        "ip_country": "US",
        "forwarded_for": "203.0.113.9, 10.0.0.2",
    }


@responses.activate
def test_the_client_cannot_choose_the_address_or_country_of_its_entry() -> None:
    # docs/entries.md §1's example: the client wrote 6.6.6.6 and a country; the ALB appended the address it saw.
    mock_upsert()
    headers = {"User-Agent": "Mozilla/5.0", "X-Forwarded-For": "6.6.6.6, 203.0.113.9", "CF-IPCountry": "US"}
    behind_the_alb = gateway_settings(proxy={"trust": True}, performance={"caches": False})
    gql(UPSERT, {"e": ANSWERS, "c": CID, "l": "en_US"}, jwt=FAN, headers=headers, settings=behind_the_alb)
    assert json_of(calls_to("entries")[0]) == {
        "email": "sam@example.com",
        "market": "m1",
        "optional_markets": ["m2"],
        "locale": "en-US",
        "user_agent": "Mozilla/5.0",
        "ip": "203.0.113.9",
        "forwarded_for": "6.6.6.6, 203.0.113.9",
    }


@responses.activate
def test_client_context_keys_are_dropped_even_without_headers() -> None:
    mock_upsert()
    answers = {
        "email": "a@x.com",
        "user_agent": "fake",
        "ip_country": "XX",
        "forwarded_for": "f",
        "session_id": "s",
        "locale": "de-DE",
    }
    gql(
        UPSERT,
        {"e": answers, "c": CID, "l": "fr-ca"},
        jwt=FAN,
        headers={"X-NuDetect-Session-ID": "nd-1", "User-Agent": "Real/1.0"},
    )
    sent = json_of(calls_to("entries")[0])
    assert sent["email"] == "a@x.com" and sent["locale"] == "fr-CA" and sent["session_id"] == "nd-1"
    assert sent["user_agent"] == "Real/1.0"
    assert "ip_country" not in sent and "forwarded_for" not in sent


@pytest.mark.parametrize("entry", ["text", [1, 2], 3, None])
@responses.activate
def test_entry_must_be_an_object(entry: Any) -> None:
    body = gql(UPSERT, {"e": entry, "c": CID, "l": "en_US"}, jwt=FAN)
    if entry is None:  # null for a non-null JSON! variable is refused by GraphQL itself
        assert body["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED")
    else:
        assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", "INVALID_ENTRY")
    assert len(responses.calls) == 0


@responses.activate
def test_entry_mutations_need_a_login() -> None:
    for document, variables in (
        (UPSERT, {"e": ANSWERS, "c": CID, "l": "en_US"}),
        ('mutation { submitConfirm(campaignId: "c", phoneJwt: "x") }', {}),
        ('mutation { refreshEntryAttribute(campaignId: "c", attribute: card_citi) }', {}),
    ):
        body = gql(document, variables, cookies={"sotc": "sandbox-fan.b"})
        assert (only_error(body)["code"], only_error(body)["reason"]) == ("UNAUTHENTICATED", "NOT_LOGGED_IN")
    assert len(responses.calls) == 0


@responses.activate
def test_the_stored_entry_is_served_without_another_read() -> None:
    mock_upsert()
    responses.get(url("entries", f"/{CID}/entries/registrationEligibility"), json={"isEligible": True})
    document = """mutation($e: JSON!, $c: String!) {
      a: upsertViewerEntry(entry: $e, campaignId: $c, locale: "en_US") {
        campaign(id: $c) { ... on RegistrationCampaign {
          entry { fields date } eligibility { isEligible } } } }
      b: upsertViewerEntry(entry: $e, campaignId: $c, locale: "en_US") {
        campaign(id: $c) { ... on RegistrationCampaign { eligibility { isEligible } } } } }"""
    body = gql(document, {"e": ANSWERS, "c": CID}, jwt=FAN)
    entry = body["data"]["a"]["campaign"]["entry"]
    assert entry == {"fields": ENTRY["fields"], "date": ENTRY["date"]}
    paths = [(c.request.method, urlsplit(c.request.url).path) for c in calls_to("entries")]
    eligibility = ("GET", f"/entries/{CID}/entries/registrationEligibility")
    assert paths == [
        ("POST", f"/entries/{CID}/entries"),
        eligibility,
        ("POST", f"/entries/{CID}/entries"),
        eligibility,
    ]


@responses.activate
def test_backend_refusals_become_coded_errors() -> None:
    mock_open_campaign()
    responses.post(
        url("entries", f"/{CID}/entries"),
        status=403,
        json={"status": 403, "code": "NO_PAST_PARTICIPATION", "message": "Enter the first presale."},
    )
    body = gql(UPSERT, {"e": ANSWERS, "c": CID, "l": "en_US"}, jwt=FAN)
    assert body["data"]["upsertViewerEntry"] is None
    error = only_error(body)
    assert (error["code"], error["reason"], error["message"]) == (
        "FORBIDDEN",
        "NO_PAST_PARTICIPATION",
        "Enter the first presale.",
    )


# -- token-mismatch guard ------------------------------------------------------------------------


def login_answer(user_id: str, sig: str) -> dict[str, Any]:
    return {"id": user_id, "auth": {"token": make_jwt(user_id, tm_sig=sig)}}


@responses.activate
def test_a_matching_sotc_signature_passes_without_a_login() -> None:
    mock_upsert()
    gql(UPSERT, {"e": ANSWERS, "c": CID, "l": "en_US"}, jwt=FAN, cookies={"sotc": "sandbox-fan.x.sig"})
    assert [urlsplit(c.request.url).path for c in responses.calls] == [
        f"/campaigns/campaigns/{CID}", f"/entries/{CID}/entries"]


@responses.activate
def test_a_new_signature_of_the_same_user_replaces_the_session() -> None:
    responses.post(url("users", "/auth"), json=login_answer(FAN_ID, "b"))
    mock_upsert()
    body, response = run_graphql(
        UPSERT,
        {"e": ANSWERS, "c": CID, "l": "en_US"},
        cookies={"monoql_session": FAN, "sotc": "sandbox-fan.b", "tmuo": "tm-uo"},
    )
    assert body == {"data": {"upsertViewerEntry": {"id": FAN_ID, "isLoggedIn": True}}}
    login, _, upsert = responses.calls
    assert json_of(login) == {"tm_token": "sandbox-fan.b", "tmuo": "tm-uo", "version": "v2"}
    assert "Authorization" not in login.request.headers
    new_jwt = upsert.request.headers["Authorization"].removeprefix("Bearer ")
    claims = verify_jwt(new_jwt, TRUSTING.jwt)
    assert claims is not None and claims["user"]["tmSig"] == "b"
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith(f"monoql_session={new_jwt};") for c in cookies)


@responses.activate
def test_a_bearer_session_is_refreshed_without_a_cookie() -> None:
    responses.post(url("users", "/auth"), json=login_answer(FAN_ID, "b"))
    mock_upsert()
    _, response = run_graphql(
        UPSERT, {"e": ANSWERS, "c": CID, "l": "en_US"}, jwt=FAN, cookies={"sotc": "sandbox-fan.b"}
    )
    assert not any(c.startswith("monoql_session=") for c in response.headers.getlist("Set-Cookie"))
    assert calls_to("entries")[0].request.headers["Authorization"] != f"Bearer {FAN}"


@pytest.mark.parametrize(
    "login",
    [
        {"json": login_answer("64b7f0c2a1e4d3b2c1a09f99", "o")},
        {"json": {"status": 401, "code": "INVALID_TM_TOKEN", "message": "No."}, "status": 401},
        {"json": {"id": FAN_ID, "auth": {"token": "not-a-jwt"}}},
    ],
)
@responses.activate
def test_another_user_or_a_failed_login_is_an_invalid_session(login: dict[str, Any]) -> None:
    responses.post(url("users", "/auth"), **login)
    for document, variables in (
        (UPSERT, {"e": ANSWERS, "c": CID, "l": "en_US"}),
        (f'mutation {{ submitConfirm(campaignId: "{CID}", phoneJwt: "x") }}', {}),
        (f'mutation {{ refreshEntryAttribute(campaignId: "{CID}", attribute: card_citi) }}', {}),
    ):
        body, response = run_graphql(
            document, variables, cookies={"monoql_session": FAN, "sotc": "sandbox-fan-other"}
        )
        error = only_error(body)
        assert (error["code"], error["reason"], error["message"]) == (
            "UNAUTHENTICATED",
            "INVALID_SESSION",
            INVALID_SESSION,
        )
        assert not any(c.startswith("monoql_session=") for c in response.headers.getlist("Set-Cookie"))
    assert calls_to("entries") == []
    assert len(calls_to("users")) == 3


# -- submitConfirm and refreshEntryAttribute ------------------------------------------------------


@responses.activate
def test_submit_confirm_sends_the_phone_jwt_and_returns_the_entry() -> None:
    confirmed = {**ENTRY, "date": {**ENTRY["date"], "phoneConfirmed": "P"}}
    responses.post(url("entries", f"/{CID}/entries/confirm"), json=confirmed)
    body = gql(f'mutation {{ submitConfirm(campaignId: "{CID}", phoneJwt: "a.b.c") }}', jwt=FAN)
    assert body == {"data": {"submitConfirm": confirmed}}
    assert json_of(responses.calls[0]) == {"phoneJwt": "a.b.c"}


@responses.activate
def test_submit_confirm_refusal() -> None:
    responses.post(
        url("entries", f"/{CID}/entries/confirm"),
        status=400,
        json={"status": 400, "code": "INVALID_PHONE_JWT", "message": "Bad token."},
    )
    body = gql(f'mutation {{ submitConfirm(campaignId: "{CID}", phoneJwt: "not-a-jwt") }}', jwt=FAN)
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("BAD_USER_INPUT", "INVALID_PHONE_JWT")


@responses.activate
def test_refresh_entry_attribute_sends_the_type() -> None:
    refreshed = {**ENTRY, "attributes": {"card_citi": True}}
    responses.get(url("entries", f"/{CID}/refreshattribute"), json=refreshed)
    body = gql(f'mutation {{ refreshEntryAttribute(campaignId: "{CID}", attribute: card_citi) }}', jwt=FAN)
    assert body == {"data": {"refreshEntryAttribute": refreshed}}
    assert query_of(responses.calls[0]) == {"type": "card_citi"}


# -- password campaigns (docs/entries.md §1) ----------------------------------------------------------

PASSWORD_CAMPAIGN = {"id": CID, "type": "registration", "options": {"requirePassword": True},
                     "domain": {"site": "secret"}, "preferences": [{"id": "email"}]}
LOCKED_VIEW = {"id": CID, "type": "registration", "options": {"requirePassword": True}, "locked": True}
PASSWORDS = "monoql_campaign_pw"


def mock_password_campaign(*, remembered_answer: dict[str, Any] | None = None, status: int = 200) -> None:
    responses.get(url("campaigns", f"/campaigns/{CID}"), json=wrapped(PASSWORD_CAMPAIGN))
    if remembered_answer is not None:
        responses.get(url("campaigns", "/campaigns"), json=remembered_answer, status=status,
                      match=[matchers.query_param_matcher({"domain": "secret", "locale": "en-US",
                                                           "showAllLocales": "false", "password": "open-sesame"})])
    responses.get(url("campaigns", "/campaigns"), json=wrapped(LOCKED_VIEW),
                  match=[matchers.query_param_matcher({"domain": "secret", "locale": "en-US", "showAllLocales": "false"})])
    responses.post(url("entries", f"/{CID}/entries"), json=ENTRY, status=201)


def remembered(password: str = "open-sesame") -> dict[str, str]:
    return {PASSWORDS: encode_passwords({"secret": password}, TRUSTING.session.secret)}


@responses.activate
def test_an_entry_for_a_locked_password_campaign_is_refused_before_the_entries_call() -> None:
    mock_password_campaign()
    body = gql(UPSERT, {"e": ANSWERS, "c": CID, "l": "en_US"}, jwt=FAN)
    assert body["data"] == {"upsertViewerEntry": None}
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("UNAUTHENTICATED", "CAMPAIGN_PASSWORD_REQUIRED")
    assert calls_to("entries") == []
    assert len(calls_to("campaigns")) == 1  # no remembered password: nothing to check by domain


@responses.activate
def test_an_entry_is_taken_once_the_fan_unlocked_the_campaign() -> None:
    mock_password_campaign(remembered_answer=wrapped(PASSWORD_CAMPAIGN))
    document = """mutation($e: JSON!, $c: String!) { upsertViewerEntry(entry: $e, campaignId: $c, locale: "en_US") {
      id campaign(id: $c, locale: "en_US") { id ... on RegistrationCampaign { preferences { id } } } } }"""
    body = gql(document, {"e": ANSWERS, "c": CID}, jwt=FAN, cookies=remembered())
    assert body["data"]["upsertViewerEntry"]["campaign"] == {"id": CID, "preferences": [{"id": "email"}]}
    assert len(calls_to("entries")) == 1
    # The check and the selected campaign share the request's reads: once by id, once by domain.
    paths = [(urlsplit(c.request.url).path, "password=" in (urlsplit(c.request.url).query)) for c in calls_to("campaigns")]
    assert paths == [(f"/campaigns/campaigns/{CID}", False), ("/campaigns/campaigns", True)]


@responses.activate
def test_a_remembered_password_the_campaign_refuses_unlocks_nothing() -> None:
    mock_password_campaign(remembered_answer=failure(401, "INVALID_CAMPAIGN_PASSWORD"), status=401)
    body, response = run_graphql(UPSERT, {"e": ANSWERS, "c": CID, "l": "en_US"}, jwt=FAN,
                                 cookies=remembered(), settings=UNCACHED)
    assert (only_error(body)["code"], only_error(body)["reason"]) == ("UNAUTHENTICATED", "CAMPAIGN_PASSWORD_REQUIRED")
    assert calls_to("entries") == []
    assert any(c.startswith(f"{PASSWORDS}=;") for c in response.headers.getlist("Set-Cookie"))
