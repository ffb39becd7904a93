"""One campaign password and one login per operation, counted after aliases and fragments (docs/passwords.md §4)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import responses
from prometheus_client import REGISTRY

from tests.support.gateway import backend_url, gateway_settings, run_graphql

SETTINGS = gateway_settings(services={"campaigns": {"cacheTtl": 0}})
BY_DOMAIN = backend_url("campaigns", "/campaigns")
REFUSED = {"error": {"status": 401, "code": "INVALID_CAMPAIGN_PASSWORD", "message": "Wrong password.", "payload": ""}}

REFUSED_DOCUMENTS = {
    "aliased guesses": '{ viewer { a: campaign(domain: "s", password: "1") { id }'
                       ' b: campaign(domain: "s", password: "2") { id } } }',
    "one guess per aliased viewer": '{ a: viewer { campaign(domain: "s", password: "1") { id } }'
                                    ' b: viewer { campaign(domain: "s", password: "2") { id } } }',
    "the same fragment under two aliases": """
        query { a: viewer { ...Guess } b: viewer { ...Guess } }
        fragment Guess on Viewer { campaign(domain: "s", password: "1") { id } }""",
    "a guess in an inline fragment and a spread": """
        query { viewer { ... on Viewer { x: campaign(domain: "s", password: "1") { id } } ...G } }
        fragment G on Viewer { campaign(domain: "s", password: "2") { id } }""",
    "guesses after a mutation": """mutation($e: JSON!) {
        upsertViewerEntry(entry: $e, campaignId: "c", locale: "en_US") {
          a: campaign(domain: "s", password: "1") { id } b: campaign(domain: "s", password: "2") { id } } }""",
    "aliased viewer logins": '{ a: viewer(auth: {token: "t1"}) { id } b: viewer(auth: {token: "t2"}) { id } }',
    "aliased authenticate": 'mutation { a: authenticate(credentials: {token: "t1"}) { id }'
                            ' b: authenticate(credentials: {token: "t2"}) { id } }',
}
ALLOWED_DOCUMENTS = {
    "one guess and campaigns without a password": '{ viewer { a: campaign(domain: "s", password: "1") { id }'
                                                  ' b: campaign(domain: "t") { id } } }',
    "one login and one password": '{ viewer(auth: {token: "t1"}) { campaign(domain: "s", password: "1") { id } } }',
    "one field written twice runs once": '{ viewer { campaign(domain: "s", password: "1") { id }'
                                         ' campaign(domain: "s", password: "1") { name } } }',
}


def extensions(body: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["extensions"]["code"], e["extensions"].get("reason")) for e in body["errors"]]


@pytest.mark.parametrize("document", REFUSED_DOCUMENTS.values(), ids=REFUSED_DOCUMENTS.keys())
@responses.activate
def test_a_second_credential_is_refused_before_any_backend_call(document: str) -> None:
    body, response = run_graphql(document, {"e": {}}, cookies={"sotc": "tm.sig"}, settings=SETTINGS)
    assert response.status_code == 200
    assert extensions(body) == [("GRAPHQL_VALIDATION_FAILED", "TOO_MANY_CREDENTIALS")]
    assert "data" not in body
    assert len(responses.calls) == 0


@pytest.mark.parametrize("document", ALLOWED_DOCUMENTS.values(), ids=ALLOWED_DOCUMENTS.keys())
@responses.activate
def test_one_credential_of_each_kind_passes_validation(document: str) -> None:
    responses.get(BY_DOMAIN, json=REFUSED, status=401)
    responses.post(backend_url("users", "/auth"), json={"message": "no", "code": "INVALID_TOKEN"}, status=401)
    body, _ = run_graphql(document, settings=SETTINGS)
    codes = [code for code, _ in extensions(body)] if "errors" in body else []
    assert "GRAPHQL_VALIDATION_FAILED" not in codes
    assert "data" in body


def failures(source: str) -> float:
    value = REGISTRY.get_sample_value("monoql_campaign_password_failures_total", {"source": source})
    return value or 0.0


@responses.activate
def test_a_refused_password_is_logged_and_counted_without_the_password(caplog: pytest.LogCaptureFixture) -> None:
    responses.get(BY_DOMAIN, json=REFUSED, status=401)
    before = failures("argument")
    with caplog.at_level(logging.WARNING, logger="monoql.schema.campaigns.loaders"):
        body, _ = run_graphql('{ viewer { campaign(domain: "Secret", password: "hunter2") { id } } }',
                              headers={"X-Request-ID": "guess-1"}, settings=SETTINGS)
    assert extensions(body) == [("UNAUTHENTICATED", "INVALID_CAMPAIGN_PASSWORD")]
    assert failures("argument") == before + 1
    (record,) = [r for r in caplog.records if r.getMessage() == "campaign password refused"]
    assert record.levelname == "WARNING"
    assert (record.domain, record.client_ip, record.request_id) == ("secret", "127.0.0.1", "guess-1")  # type: ignore[attr-defined]
    assert "hunter2" not in str(record.__dict__)
