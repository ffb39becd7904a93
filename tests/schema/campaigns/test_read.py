"""`Viewer.campaign` by id and by domain, type resolution and output normalisation (docs/passwords.md §1, docs/normalisation.md)."""

from __future__ import annotations

from typing import Any

import responses

from tests.support.backends import calls, failure, header, url, wrapped
from tests.support.campaigns import CID, errors_of, gql
from tests.support.tokens import FAN_ID, make_jwt

BY_ID = url("campaigns", f"/campaigns/{CID}")
BY_DOMAIN = url("campaigns", "/campaigns")

WORKED_DOC: dict[str, Any] = {
    "id": CID,
    "type": "registration",
    "schema": {"version": "2"},
    "currentLocale": "fr-CA",
    "locales": [{"id": "en-US", "is_default": True}, {"id": "fr-CA", "is_default": False}],
    "content": {
        "fr-CA": {
            "body": {"signup": {"infoBody": "Inscrivez-vous"}, "terms": {"main": "…"}},
            "faqs": {"f1": {"question": "Quand?", "answer": "Bientôt"}},
        }
    },
    "preferences": [
        {
            "id": "email",
            "type": "email",
            "is_optional": False,
            "label": {"en-US": "Email", "fr-CA": "Courriel"},
        }
    ],
}

BODY = "body { signup { infoBody } terms { main } started { welcome { header } } finished { welcome { main } } faqs { id } }"
VALUE = "{ " + BODY + " faqs { id question answer } }"
WORKED_SELECTION = (
    "__typename ... on RegistrationCampaign { currentLocale { id is_default } locales { id is_default }"
    " content { localized { locale value "
    + VALUE
    + " } en_US "
    + VALUE
    + " en_CA "
    + VALUE
    + " en_GB "
    + VALUE
    + " fr_CA "
    + VALUE
    + " en_MX "
    + VALUE
    + " es_MX "
    + VALUE
    + " en_IE "
    + VALUE
    + " }"
    " preferences { id label { localized { locale value } en_US en_CA en_GB fr_CA en_MX es_MX en_IE } } }"
)


def read(selection: str, args: str, **kwargs: Any) -> dict[str, Any]:
    return gql("{ viewer { campaign(" + args + ") { " + selection + " } } }", **kwargs)


@responses.activate
def test_worked_example_6_6() -> None:
    responses.get(BY_ID, json=wrapped(WORKED_DOC))
    body = read(WORKED_SELECTION, f'id: "{CID}", locale: "fr_CA"')
    value = {
        "body": {
            "signup": {"infoBody": "Inscrivez-vous"},
            "terms": None,
            "started": None,
            "finished": None,
            "faqs": None,
        },
        "faqs": [{"id": "f1", "question": "Quand?", "answer": "Bientôt"}],
    }
    assert body == {
        "data": {
            "viewer": {
                "campaign": {
                    "__typename": "RegistrationCampaign",
                    "currentLocale": {"id": "fr_CA", "is_default": False},
                    "locales": [{"id": "en_US", "is_default": True}, {"id": "fr_CA", "is_default": False}],
                    "content": {
                        "localized": [{"locale": "fr_CA", "value": value}],
                        "fr_CA": value,
                        "en_US": None,
                        "en_CA": None,
                        "en_GB": None,
                        "en_MX": None,
                        "es_MX": None,
                        "en_IE": None,
                    },
                    "preferences": [
                        {
                            "id": "email",
                            "label": {
                                "localized": [
                                    {"locale": "en_US", "value": "Email"},
                                    {"locale": "fr_CA", "value": "Courriel"},
                                ],
                                "en_US": "Email",
                                "fr_CA": "Courriel",
                                "en_CA": None,
                                "en_GB": None,
                                "en_MX": None,
                                "es_MX": None,
                                "en_IE": None,
                            },
                        }
                    ],
                }
            }
        }
    }
    assert calls(responses) == [
        ("GET", f"/campaigns/campaigns/{CID}", {"locale": "fr-CA", "showAllLocales": "false"})
    ]


@responses.activate
def test_body_with_only_current_false_returns_every_section() -> None:
    responses.get(BY_ID, json=wrapped(WORKED_DOC))
    body = read(
        "... on RegistrationCampaign { content { fr_CA { body(onlyCurrent: false) { terms { main } } } } }",
        f'id: "{CID}"',
    )
    assert body["data"]["viewer"]["campaign"]["content"]["fr_CA"]["body"] == {"terms": {"main": "…"}}


@responses.activate
def test_by_id_wins_over_domain_and_sends_no_password() -> None:
    responses.get(BY_ID, json=wrapped({"id": CID, "type": "registration"}))
    body = read("id", f'id: "{CID}", domain: "novalane", password: "pw", showAllLocales: true, locale: "EN"')
    assert body == {"data": {"viewer": {"campaign": {"id": CID}}}}
    assert calls(responses) == [
        ("GET", f"/campaigns/campaigns/{CID}", {"locale": "en", "showAllLocales": "true"})
    ]


@responses.activate
def test_neither_id_nor_domain_is_null_without_a_call() -> None:
    assert read("id", 'locale: "en_US"') == {"data": {"viewer": {"campaign": None}}}
    assert len(responses.calls) == 0


@responses.activate
def test_not_found_is_null_without_an_error() -> None:
    responses.get(BY_ID, status=404, json=failure(404, "CAMPAIGN_NOT_FOUND"))
    responses.get(BY_DOMAIN, status=404, json=failure(404, "CAMPAIGN_NOT_FOUND"))
    assert read("id", f'id: "{CID}"') == {"data": {"viewer": {"campaign": None}}}
    assert read("id", 'domain: "gone"') == {"data": {"viewer": {"campaign": None}}}


@responses.activate
def test_other_failures_are_coded_errors_on_the_field() -> None:
    responses.get(BY_ID, status=503, json=failure(503, "DOWN"))
    body = read("id", f'id: "{CID}"')
    assert body["data"] == {"viewer": {"campaign": None}}
    assert errors_of(body) == [{"code": "UPSTREAM_ERROR", "reason": "DOWN", "path": ["viewer", "campaign"]}]


@responses.activate
def test_by_domain_lower_cases_and_sends_the_dash_locale() -> None:
    responses.get(BY_DOMAIN, json=wrapped({"id": CID, "type": "registration"}))
    body = read("id", 'domain: "NovaLane", locale: "en_us"')
    assert body["data"]["viewer"]["campaign"] == {"id": CID}
    assert calls(responses) == [
        ("GET", "/campaigns/campaigns", {"domain": "novalane", "locale": "en-US", "showAllLocales": "false"})
    ]


@responses.activate
def test_concrete_type_follows_the_document_type() -> None:
    docs = {
        "c-fan": {"id": "c-fan", "type": "fanlist", "eventIds": ["e1"], "scoring": "raw"},
        "c-odd": {"id": "c-odd", "type": "something-else"},
        "c-none": {"id": "c-none"},
    }
    for cid, doc in docs.items():
        responses.get(url("campaigns", f"/campaigns/{cid}"), json=wrapped(doc))
    body = gql(
        "{ viewer { "
        + " ".join(
            f'{alias}: campaign(id: "{cid}") {{ __typename type ... on FanlistCampaign {{ eventIds scoring }} }}'
            for alias, cid in (("a", "c-fan"), ("b", "c-odd"), ("c", "c-none"))
        )
        + " } }"
    )
    assert body["data"]["viewer"] == {
        "a": {"__typename": "FanlistCampaign", "type": "fanlist", "eventIds": ["e1"], "scoring": "raw"},
        "b": {"__typename": "RegistrationCampaign", "type": "registration"},
        "c": {"__typename": "RegistrationCampaign", "type": "registration"},
    }


@responses.activate
def test_identical_reads_in_one_request_are_made_once() -> None:
    responses.get(BY_ID, json=wrapped({"id": CID, "type": "registration", "name": "N"}))
    body = gql(
        f'{{ a: viewer {{ campaign(id: "{CID}") {{ name }} }} b: viewer {{ campaign(id: "{CID}") {{ id }} }} }}'
    )
    assert body["data"] == {"a": {"campaign": {"name": "N"}}, "b": {"campaign": {"id": CID}}}
    assert len(responses.calls) == 1


@responses.activate
def test_markets_market_and_contacts() -> None:
    responses.get(BY_ID, json=wrapped({"id": CID, "type": "registration"}))
    markets = [
        {"id": "m2", "name": "B", "point": {"type": "Point", "coordinates": [40.7, -73.9]}},
        {"_id": "m1", "name": "A", "point": None},
    ]
    responses.get(url("campaigns", f"/campaigns/{CID}/markets"), json=wrapped(markets))
    responses.get(url("campaigns", f"/campaigns/{CID}/markets/m2"), json=wrapped(markets[0]))
    responses.get(
        url("campaigns", f"/campaigns/{CID}/markets/m9"), status=404, json=failure(404, "MARKET_NOT_FOUND")
    )
    responses.get(url("campaigns", f"/campaigns/{CID}/contacts"), json=wrapped([{"id": "k1", "name": "Kim"}]))
    token = make_jwt(FAN_ID)
    body = read(
        "contacts ... on RegistrationCampaign { markets { id name point { latitude longitude } }"
        ' m2: market(marketId: "m2") { id } m9: market(marketId: "m9") { id } }',
        f'id: "{CID}"',
        jwt=token,
    )
    assert body == {
        "data": {
            "viewer": {
                "campaign": {
                    "contacts": [{"id": "k1", "name": "Kim"}],
                    "markets": [
                        {"id": "m2", "name": "B", "point": {"latitude": 40.7, "longitude": -73.9}},
                        {"id": "m1", "name": "A", "point": None},
                    ],
                    "m2": {"id": "m2"},
                    "m9": None,
                }
            }
        }
    }
    assert all(header(call, "Authorization") == f"Bearer {token}" for call in responses.calls)


@responses.activate
def test_contacts_need_a_session() -> None:
    responses.get(BY_ID, json=wrapped({"id": CID, "type": "registration"}))
    body = read("id contacts", f'id: "{CID}"')
    assert body["data"]["viewer"]["campaign"] == {"id": CID, "contacts": None}
    assert errors_of(body) == [
        {"code": "UNAUTHENTICATED", "reason": "NOT_LOGGED_IN", "path": ["viewer", "campaign", "contacts"]}
    ]
    assert len(responses.calls) == 1
