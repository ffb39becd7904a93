"""`CampaignInput` → backend body (docs/normalisation.md §2 and §7), and backend document → parent dict (6.3)."""

from __future__ import annotations

from typing import Any

from monoql.schema.campaigns.body import campaign_body
from monoql.schema.campaigns.normalize import normalize_campaign

WORKED_INPUT: dict[str, Any] = {
    "name": "Nova Lane 2030 Presale",
    "type": "registration",
    "domain": {"site": "novalane"},
    "locales": [
        {"id": "en_US", "is_default": True},
        {"id": "fr_CA", "is_default": False},
        {"id": "es_mx", "is_default": False},
    ],
    "currentLocale": {"id": "en_US"},
    "content": {
        "es_MX": {"body": {"signup": {"infoBody": "Regístrate"}}},
        "localized": [
            {
                "locale": "en_US",
                "value": {
                    "body": {"signup": {"infoBody": "Sign up now"}},
                    "faqs": [{"id": "f1", "question": "When?", "answer": "Soon"}],
                },
            },
            {"locale": "fr_CA", "value": {"faqs": [{"id": "f1", "question": "Quand?", "answer": "Bientôt"}]}},
        ],
    },
    "preferences": [
        {
            "id": "email",
            "type": "email",
            "is_optional": False,
            "label": {"localized": [{"locale": "en_US", "value": "Email"}], "fr_CA": "Courriel"},
        }
    ],
}

WORKED_BODY: dict[str, Any] = {
    "schema": {"version": "1"},
    "name": "Nova Lane 2030 Presale",
    "type": "registration",
    "domain": {"site": "novalane"},
    "locales": [
        {"id": "en-US", "is_default": True},
        {"id": "fr-CA", "is_default": False},
        {"id": "es-MX", "is_default": False},
    ],
    "content": {
        "es-MX": {"body": {"signup": {"infoBody": "Regístrate"}}},
        "en-US": {
            "body": {"signup": {"infoBody": "Sign up now"}},
            "faqs": {"f1": {"question": "When?", "answer": "Soon"}},
        },
        "fr-CA": {"faqs": {"f1": {"question": "Quand?", "answer": "Bientôt"}}},
    },
    "preferences": [
        {
            "id": "email",
            "type": "email",
            "is_optional": False,
            "label": {"fr-CA": "Courriel", "en-US": "Email"},
        }
    ],
}


def test_worked_example_6_5() -> None:
    write = campaign_body(WORKED_INPUT)
    assert write.campaign_id is None
    assert write.body == WORKED_BODY
    assert list(write.body["content"]) == ["es-MX", "en-US", "fr-CA"]
    assert write.markets == []


def test_create_defaults_type_and_schema_version() -> None:
    assert campaign_body({"name": "A"}).body == {
        "schema": {"version": "1"},
        "name": "A",
        "type": "registration",
    }
    assert campaign_body({"name": "A", "schema": {"version": ""}, "type": None}).body == {
        "schema": {"version": "1"},
        "name": "A",
        "type": "registration",
    }
    assert campaign_body({"name": "A", "schema": {"version": "2"}, "type": "fanlist"}).body == {
        "name": "A",
        "schema": {"version": "2"},
        "type": "fanlist",
    }


def test_update_sends_only_what_was_given_and_keeps_explicit_nulls() -> None:
    write = campaign_body({"id": "c1", "name": "Renamed", "content": None, "categoryId": None})
    assert write.campaign_id == "c1"
    assert write.body == {"name": "Renamed", "content": None, "categoryId": None}


def test_update_sends_schema_only_when_given() -> None:
    assert "schema" not in campaign_body({"id": "c1", "name": "x"}).body
    assert campaign_body({"id": "c1", "schema": {"version": "2"}}).body == {"schema": {"version": "2"}}


def test_markets_leave_the_body_and_current_locale_is_dropped() -> None:
    write = campaign_body(
        {"id": "c1", "markets": [{"name": "Boston"}, None], "currentLocale": {"id": "en_US"}}
    )
    assert write.body == {}
    assert write.markets == [{"name": "Boston"}]


def test_preference_default_label_is_localised() -> None:
    pref = {"id": "m", "additional": {"defaultLabel": {"en_US": "Other", "fr_CA": "Autre"}, "max": 2}}
    body = campaign_body({"id": "c1", "preferences": [pref, None]}).body
    assert body["preferences"] == [
        {"id": "m", "additional": {"defaultLabel": {"en-US": "Other", "fr-CA": "Autre"}, "max": 2}},
        None,
    ]


WORKED_DOC: dict[str, Any] = {
    "id": "c1",
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


def test_normalised_document_keeps_the_raw_one() -> None:
    result = normalize_campaign(WORKED_DOC, "fr_CA")
    assert result is not None
    assert result["_raw"] is WORKED_DOC and result["_locked"] is False
    assert result["currentLocale"] == {"id": "fr_CA", "is_default": False}
    assert result["locales"] == [{"id": "en_US", "is_default": True}, {"id": "fr_CA", "is_default": False}]
    assert WORKED_DOC["locales"][0]["id"] == "en-US"  # the document itself is not changed


def test_current_locale_computed_when_the_backend_sends_none() -> None:
    doc = {**WORKED_DOC, "currentLocale": None}
    assert normalize_campaign(doc, "fr-FR")["currentLocale"] == {"id": "fr_CA", "is_default": False}  # type: ignore[index]
    assert normalize_campaign(doc, None)["currentLocale"] == {"id": "en_US", "is_default": True}  # type: ignore[index]
    assert normalize_campaign({**doc, "currentLocale": {"id": "en-US"}})["currentLocale"] == {  # type: ignore[index]
        "id": "en_US",
        "is_default": True,
    }


def test_type_and_id_rules() -> None:
    assert normalize_campaign({"_id": "x", "type": "mystery"}) == {
        "_id": "x",
        "id": "x",
        "type": "registration",
        "content": None,
        "currentLocale": None,
        "_locked": False,
        "_raw": {"_id": "x", "type": "mystery"},
    }
    assert normalize_campaign({"id": "y", "type": "fanlist", "locked": True})["_locked"] is True  # type: ignore[index]
    assert normalize_campaign(None) is None
