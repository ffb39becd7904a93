"""W2. Admin builds a registration campaign (docs/workflows.md), everything read back as written."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from monoql_sandbox import seed_ids
from tests.e2e.conftest import GraphQLClient

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()

CAMPAIGN_FIELDS = """
  id name type
  ... on RegistrationCampaign { status }
  ... on RegistrationCampaign {
    domain { site }
    date { open opened close }
    schema { version }
    currentLocale { id is_default }
    locales { id is_default }
    options { promptConfirmPhone allowIntlPhones }
    content { localized { locale value { body(onlyCurrent: false) { signup { infoBody } terms { main } }
                                         faqs { id question answer } } }
              en_US { faqs { id question } } fr_CA { faqs { id question } } }
    preferences { id type is_optional label { localized { locale value } en_US fr_CA } }
    markets { id name population point { latitude longitude } }
    contacts
  }
"""
UPSERT = f"mutation Save($c: CampaignInput!) {{ upsertCampaign(campaign: $c) {{ {CAMPAIGN_FIELDS} }} }}"
READ = f"query Read($id: String) {{ viewer {{ campaign(id: $id, showAllLocales: true) {{ {CAMPAIGN_FIELDS} }} }} }}"
MARKET = """
mutation Market($m: MarketInput!) { upsertMarket(market: $m) { id name population point { latitude longitude } } }
"""


def _iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _label(en: str, fr: str) -> dict[str, Any]:
    return {"localized": [{"locale": "en_US", "value": en}, {"locale": "fr_CA", "value": fr}]}


def campaign_input(site: str) -> dict[str, Any]:
    return {
        "name": f"W2 Presale {site}",
        "type": "registration",
        "artist": {"name": "Nova Lane", "id": "K8vZ9170001", "discovery_id": "K8vZ9170001"},
        "domain": {"site": site},
        "locales": [{"id": "en_US", "is_default": True}, {"id": "fr_CA", "is_default": False}],
        "content": {"localized": [
            {"locale": "en_US", "value": {"body": {"signup": {"infoBody": "Sign up now"}, "terms": {"main": "Terms"}},
                                          "faqs": [{"id": "f1", "question": "When?", "answer": "Soon"},
                                                   {"id": "f2", "question": "Where?", "answer": "Here"}]}},
            {"locale": "fr_CA", "value": {"body": {"signup": {"infoBody": "Inscrivez-vous"}},
                                          "faqs": [{"id": "f1", "question": "Quand?", "answer": "Bientôt"}]}},
        ]},
        "preferences": [
            {"id": "email", "type": "email", "is_optional": False, "label": _label("Email", "Courriel")},
            {"id": "phone", "type": "phone", "is_optional": False, "label": _label("Phone", "Téléphone")},
            {"id": "market", "type": "market_select", "is_optional": False, "label": _label("City", "Ville")},
            {"id": "optional_markets", "type": "additional_markets_select", "is_optional": True,
             "label": _label("More cities", "Autres villes")},
            {"id": "allow_marketing", "type": "opt_in", "is_optional": True, "label": _label("News", "Nouvelles")},
        ],
        "options": {"promptConfirmPhone": True, "allowIntlPhones": False},
        "date": {"open": _iso(-timedelta(hours=1)), "close": _iso(timedelta(days=30))},
    }


def test_admin_builds_a_registration_campaign(client: GraphQLClient) -> None:
    client.login(seed_ids.SUPREME_TOKEN)
    artists = client.gql('{ searchArtists(query: "a") { id name } }')["data"]["searchArtists"]
    assert artists and all("a" in a["name"].lower() for a in artists)
    image = client.gql(
        "mutation Img($b: String!) { uploadImage(base64: $b, contentType: \"image/png\", fileName: \"logo.png\") "
        "{ url name } }", {"b": "data:image/png;base64," + PNG})["data"]["uploadImage"]
    assert image["url"] and image["name"].endswith(".png")

    site = f"w2-{uuid.uuid4().hex[:8]}"
    written = campaign_input(site)
    created = client.gql(UPSERT, {"c": written})
    assert not created.get("errors"), created
    campaign_id = created["data"]["upsertCampaign"]["id"]

    read = client.gql(READ, {"id": campaign_id})["data"]["viewer"]["campaign"]
    assert read["status"] == "OPEN" and read["date"]["open"] is None and read["date"]["opened"]
    assert read["schema"] == {"version": "1"}
    assert read["currentLocale"] == {"id": "en_US", "is_default": True}
    assert read["locales"] == [{"id": "en_US", "is_default": True}, {"id": "fr_CA", "is_default": False}]
    localized = {item["locale"]: item["value"] for item in read["content"]["localized"]}
    assert localized["en_US"]["faqs"] == written["content"]["localized"][0]["value"]["faqs"]
    assert localized["fr_CA"]["faqs"] == written["content"]["localized"][1]["value"]["faqs"]
    assert localized["en_US"]["body"]["signup"] == {"infoBody": "Sign up now"}
    assert read["content"]["fr_CA"]["faqs"] == [{"id": "f1", "question": "Quand?"}]
    assert [p["id"] for p in read["preferences"]] == [p["id"] for p in written["preferences"]]
    assert read["preferences"][0]["label"]["localized"] == written["preferences"][0]["label"]["localized"]
    assert (read["preferences"][0]["label"]["en_US"], read["preferences"][0]["label"]["fr_CA"]) == ("Email", "Courriel")
    assert read["options"] == {"promptConfirmPhone": True, "allowIntlPhones": False}

    venues = client.gql('{ searchVenues(query: "a", limit: 3) { name city point { latitude longitude } } }')
    venues = venues["data"]["searchVenues"]
    assert len(venues) == 3
    markets = []
    for venue in venues:
        market = {"campaignId": campaign_id, "name": f"{venue['city']} {venue['name']}", "city": venue["city"],
                  "state": "NY", "timezone": "America/New_York", "population": 1000, "point": venue["point"]}
        saved = client.gql(MARKET, {"m": market})
        assert not saved.get("errors"), saved
        assert saved["data"]["upsertMarket"]["point"] == venue["point"]
        markets.append(saved["data"]["upsertMarket"])
    read = client.gql(READ, {"id": campaign_id})["data"]["viewer"]["campaign"]
    assert [m["id"] for m in read["markets"]] == [m["id"] for m in markets]

    renamed = client.gql(UPSERT, {"c": {"id": campaign_id, "name": f"W2 renamed {site}"}})["data"]["upsertCampaign"]
    assert renamed["name"] == f"W2 renamed {site}"
    assert renamed["preferences"] == read["preferences"] and renamed["content"] == read["content"]
    population = client.gql(MARKET, {"m": {"id": markets[0]["id"], "campaignId": campaign_id, "population": 42}})
    assert population["data"]["upsertMarket"]["population"] == 42
    assert population["data"]["upsertMarket"]["name"] == markets[0]["name"]

    contacts = client.gql(
        'mutation C($id: ID!) { saveCampaignContacts(campaignId: $id, contacts: [{name: "Pat", email: "pat@example.com"}]) }',
        {"id": campaign_id})["data"]["saveCampaignContacts"]
    assert len(contacts) == 1
    stored = client.gql(READ, {"id": campaign_id})["data"]["viewer"]["campaign"]["contacts"]
    assert stored[0]["name"] == "Pat" and stored[0]["id"] == contacts[0]

    target = client.gql(UPSERT, {"c": campaign_input(f"w2t-{uuid.uuid4().hex[:8]}")})["data"]["upsertCampaign"]["id"]
    clone = "mutation Clone($f: String!, $t: String!) { cloneMarkets(fromCampaignId: $f, toCampaignId: $t) { id name } }"
    cloned = client.gql(clone, {"f": campaign_id, "t": target})["data"]["cloneMarkets"]
    assert sorted(m["name"] for m in cloned) == sorted(m["name"] for m in markets)
    assert client.gql(clone, {"f": campaign_id, "t": target})["data"]["cloneMarkets"] == []

    promoter = client.gql(
        'mutation { upsertPromoter(promoter: {name: "W2 Promoter", privacyUrls: '
        '[{locale: "en_US", url: "https://example.com/privacy", is_default: true}]}) { id name privacyUrls { locale url is_default } } }'
    )["data"]["upsertPromoter"]
    assert promoter["privacyUrls"] == [{"locale": "en_US", "url": "https://example.com/privacy", "is_default": True}]
    listed = client.gql("{ promoters { id name } }")["data"]["promoters"]
    assert {"id": promoter["id"], "name": "W2 Promoter"} in listed
    deleted = client.gql("mutation D($id: String!) { deletePromoter(promoterId: $id) }", {"id": promoter["id"]})
    assert deleted["data"]["deletePromoter"] == {"id": promoter["id"], "deleted": True}

    found = client.gql('query L($q: String) { viewer { campaigns { list(query: $q) { id } } } }', {"q": f"renamed {site}"})
    assert found["data"]["viewer"]["campaigns"]["list"] == [{"id": campaign_id}]
    page = "query P($l: Int, $s: Int) { viewer { campaigns { list(limit: $l, skip: $s) { id } } } }"
    everything = client.gql(page, {"l": 100, "s": 0})["data"]["viewer"]["campaigns"]["list"]
    window = client.gql(page, {"l": 7, "s": 5})["data"]["viewer"]["campaigns"]["list"]
    assert window == everything[5:12]
