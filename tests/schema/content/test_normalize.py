"""Locale forms, FAQ maps, labels and copy normalisation (docs/normalisation.md), as pure functions."""

from __future__ import annotations

import uuid

import pytest

from monoql.schema.content.faqs import faqs_to_list, faqs_to_map
from monoql.schema.content.labels import (
    additional_from_backend,
    additional_to_backend,
    label_from_map,
    label_to_map,
)
from monoql.schema.content.locales import normalize_locale, pick_current_locale, to_backend, to_client
from monoql.schema.content.normalize import (
    VERSION_KEY,
    content_from_backend,
    content_to_backend,
    current_body,
)


@pytest.mark.parametrize(
    ("value", "backend", "client"),
    [
        ("en_us", "en-US", "en_US"),
        ("fr-CA", "fr-CA", "fr_CA"),
        ("es_MX", "es-MX", "es_MX"),
        ("en", "en", "en"),
        ("EN", "en", "en"),
        (None, None, None),
        ("", None, None),
        ("zh-hant-TW", "zh-hant-TW", "zh-hant-TW"),
    ],
)
def test_locale_forms(value: str | None, backend: str | None, client: str | None) -> None:
    assert to_backend(value) == backend
    assert to_client(value) == client
    assert normalize_locale(value, "-") == backend


def test_only_the_first_underscore_becomes_a_separator() -> None:
    # `en-US_x` splits on `-` into two parts: language and region.
    assert to_backend("en_US_x") == "en-US_X"


@pytest.mark.parametrize(
    ("requested", "expected"),
    [("fr_ca", "fr-CA"), ("fr-FR", "fr-CA"), ("de-DE", "en-US"), (None, "en-US")],
)
def test_current_locale_rule(requested: str | None, expected: str) -> None:
    locales = [{"id": "fr-CA", "is_default": False}, {"id": "en-US", "is_default": True}]
    assert pick_current_locale(locales, requested) == expected


def test_current_locale_without_a_default_is_the_first() -> None:
    assert pick_current_locale([{"id": "fr-CA"}, {"id": "en-US"}], "de") == "fr-CA"
    assert pick_current_locale([], "en") is None


def test_faq_arrays_become_maps_in_order_and_later_duplicates_win() -> None:
    faqs = [
        {"id": "f2", "question": "B?", "answer": "b"},
        {"id": "f1", "question": "A?", "answer": "a", "questions": [{"hash_id": "h", "question": "q"}]},
        {"id": "f2", "question": "B2?"},
    ]
    assert faqs_to_map(faqs) == {
        "f2": {"question": "B2?"},
        "f1": {"question": "A?", "answer": "a", "questions": [{"hash_id": "h", "question": "q"}]},
    }
    assert list(faqs_to_map(faqs)) == ["f2", "f1"]


def test_faq_without_id_gets_a_uuid4() -> None:
    result = faqs_to_map([{"question": "Who?"}, {"id": None, "question": "What?"}])
    keys = list(result)
    assert len(keys) == 2 and all(uuid.UUID(key).version == 4 for key in keys)
    assert [value["question"] for value in result.values()] == ["Who?", "What?"]


def test_faq_maps_become_arrays_and_the_key_wins_over_an_inner_id() -> None:
    assert faqs_to_list({"b": {"id": "ignored", "question": "Q"}, "a": {"answer": "A"}}) == [
        {"id": "b", "question": "Q"},
        {"id": "a", "answer": "A"},
    ]
    assert faqs_to_list(None) is None
    assert faqs_to_map(None) is None


def test_label_input_legacy_keys_first_then_localized_which_win() -> None:
    label = {"localized": [{"locale": "en_US", "value": "Email"}], "fr_CA": "Courriel", "en_US": "Old"}
    result = label_to_map(label)
    assert result == {"fr-CA": "Courriel", "en-US": "Email"}
    assert list(result) == ["fr-CA", "en-US"]


def test_label_input_skips_null_per_locale_keys() -> None:
    assert label_to_map({"en_US": "Email", "en_CA": None, "localized": None}) == {"en-US": "Email"}


def test_label_output_with_per_locale_fields() -> None:
    assert label_from_map({"en-US": "Email", "fr-CA": "Courriel"}, "en-US") == {
        "localized": [{"locale": "en_US", "value": "Email"}, {"locale": "fr_CA", "value": "Courriel"}],
        "en_US": "Email",
        "en_CA": None,
        "en_GB": None,
        "fr_CA": "Courriel",
        "en_MX": None,
        "es_MX": None,
        "en_IE": None,
    }


def test_plain_string_label_is_the_default_locale() -> None:
    result = label_from_map("Pick a city", "fr-CA")
    assert result is not None
    assert result["localized"] == [{"locale": "fr_CA", "value": "Pick a city"}]
    assert result["fr_CA"] == "Pick a city" and result["en_US"] is None
    assert label_from_map(None, "en-US") is None


def test_default_label_in_additional_both_ways() -> None:
    client = {
        "limit": 3,
        "defaultLabel": {"localized": [{"locale": "fr_CA", "value": "Autre"}], "en_US": "Other"},
    }
    backend = additional_to_backend(client)
    assert backend == {"limit": 3, "defaultLabel": {"en-US": "Other", "fr-CA": "Autre"}}
    back = additional_from_backend(backend, "en-US")
    assert back["limit"] == 3
    assert back["defaultLabel"]["localized"] == [
        {"locale": "en_US", "value": "Other"},
        {"locale": "fr_CA", "value": "Autre"},
    ]
    assert back["defaultLabel"]["fr_CA"] == "Autre" and back["defaultLabel"]["es_MX"] is None


def test_other_additional_content_is_unchanged() -> None:
    for additional in ({"limit": 2}, {"defaultLabel": "Other"}, {"defaultLabel": {"en-US": "x"}}, None):
        assert additional_to_backend(additional) == additional
    assert additional_from_backend({"defaultLabel": {"not a locale": "x"}}, "en-US") == {
        "defaultLabel": {"not a locale": "x"}
    }


def test_content_input_legacy_keys_then_localized() -> None:
    content = {
        "localized": [
            {
                "locale": "en_US",
                "value": {"faqs": [{"id": "f1", "question": "When?"}], "body": {"faqs": [{"id": "x"}]}},
            }
        ],
        "en_US": {"meta": {"old": True}},
        "es_MX": {"body": {"signup": {"infoBody": "Regístrate"}}},
        "en_CA": None,
    }
    result = content_to_backend(content)
    assert result == {
        "en-US": {"faqs": {"f1": {"question": "When?"}}, "body": {"faqs": [{"id": "x"}]}},
        "en-CA": None,
        "es-MX": {"body": {"signup": {"infoBody": "Regístrate"}}},
    }
    assert content_to_backend(None) is None


def test_content_output_localized_in_key_order_and_per_locale_fields() -> None:
    content = {"fr-CA": {"faqs": {"f1": {"question": "Quand?"}}}, "en-us": {"meta": {"k": 1}}}
    result = content_from_backend(content, "2")
    assert result is not None
    assert [item["locale"] for item in result["localized"]] == ["fr_CA", "en_US"]
    assert result["fr_CA"]["faqs"] == [{"id": "f1", "question": "Quand?"}]
    assert result["en_US"]["meta"] == {"k": 1}
    assert result["fr_CA"][VERSION_KEY] == "2"
    assert result["es_MX"] is None and result["en_IE"] is None
    assert content_from_backend(None, "1") is None


@pytest.mark.parametrize(
    ("version", "only_current", "kept"),
    [
        ("2", True, {"signup", "faqs"}),
        ("1", True, {"started", "finished", "terms"}),
        (None, True, {"started", "finished", "terms"}),
        ("3", True, {"started", "finished", "terms"}),
        ("2", False, {"started", "finished", "terms", "signup", "faqs"}),
    ],
)
def test_body_sections_per_schema_version(version: str | None, only_current: bool, kept: set[str]) -> None:
    body = {name: {"x": name} for name in ("started", "finished", "terms", "signup", "faqs")}
    assert set(current_body(body, version, only_current)) == kept
