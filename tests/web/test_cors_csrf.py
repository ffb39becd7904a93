"""CORS from configuration and CSRF prevention (docs/caller.md §2)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from monoql.config import ConfigError, load_settings
from tests.support.gateway import app_for, gateway_settings

ADMIN = "https://vf-admin.ticketmaster.net"
FAN = "https://registration.ticketmaster.com:8443"
SETTINGS = gateway_settings(
    showDeveloperMessage=False,
    cors={"allowedHosts": ["vf-admin.ticketmaster.net", "registration.ticketmaster.com:8443"], "httpsOnly": True,
          "maxAge": 900},
)
OPEN = gateway_settings(cors={"allowAll": True, "allowedHosts": []})
QUERY = {"query": "{ __typename }"}


@pytest.fixture
def client() -> Any:
    return app_for(SETTINGS).test_client()


def preflight(client: Any, origin: str, headers: str = "content-type, apollo-require-preflight") -> Any:
    return client.options("/graphql", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": headers})


@pytest.mark.parametrize("origin", [ADMIN, FAN])
def test_listed_origin_gets_credentials_and_a_cached_preflight(client: Any, origin: str) -> None:
    response = preflight(client, origin)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert response.headers["Access-Control-Max-Age"] == "900"
    assert set(response.headers["Access-Control-Allow-Methods"].replace(" ", "").split(",")) >= {"GET", "POST"}
    allowed = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert allowed >= {
        "content-type", "authorization", "apollo-require-preflight", "x-apollo-operation-name",
        "graphql-require-preflight", "tm-id-version", "x-nudetect-session-id", "x-request-id", "x-correlation-id",
    }
    assert "Origin" in response.headers["Vary"]
    actual = client.post("/graphql", json=QUERY, headers={"Origin": origin})
    assert actual.headers["Access-Control-Allow-Origin"] == origin
    assert actual.headers["Access-Control-Allow-Credentials"] == "true"


@pytest.mark.parametrize("origin", [
    "http://vf-admin.ticketmaster.net",
    "https://evil.example",
    "https://registration.ticketmaster.com",
    "null",
])
def test_unlisted_origin_gets_no_cors_headers(client: Any, origin: str) -> None:
    assert preflight(client, origin).status_code == 403
    response = client.post("/graphql", json=QUERY, headers={"Origin": origin})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_https_only_off_allows_listed_http_origins() -> None:
    settings = gateway_settings(cors={"allowedHosts": ["localhost:3000"], "httpsOnly": False})
    response = app_for(settings).test_client().post(
        "/graphql", json=QUERY, headers={"Origin": "http://localhost:3000"})
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"


def test_allow_all_never_allows_credentials() -> None:
    response = app_for(OPEN).test_client().post("/graphql", json=QUERY, headers={"Origin": "https://any.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("env", ["preprod", "prod", "prodw"])
def test_allow_all_is_refused_in_production(env: str) -> None:
    from tests.config.test_settings import SECRETS

    with pytest.raises(ConfigError, match=r"cors\.allowAll"):
        load_settings(env, overrides={"cors": {"allowAll": True}}, environ=SECRETS)


def test_every_answer_varies_on_origin(client: Any) -> None:
    assert "Origin" in client.post("/graphql", json=QUERY).headers["Vary"]


# -- CSRF ---------------------------------------------------------------------------------------------


def refused(response: Any) -> bool:
    if response.status_code != 400:
        return False
    extensions = response.get_json()["errors"][0]["extensions"]
    return bool(extensions == {**extensions, "code": "BAD_REQUEST", "reason": "CSRF_PREFLIGHT_REQUIRED"})


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "text/plain; charset=utf-8"])
def test_simple_requests_without_a_preflight_header_are_refused(client: Any, content_type: str | None) -> None:
    kwargs = {"content_type": content_type} if content_type else {}
    assert refused(client.post("/graphql", data=json.dumps(QUERY), **kwargs))


def test_get_without_a_preflight_header_is_refused(client: Any) -> None:
    assert refused(client.get("/graphql", query_string=QUERY))


@pytest.mark.parametrize("header", ["Apollo-Require-Preflight", "X-Apollo-Operation-Name",
                                    "GraphQL-Require-Preflight", "tm-id-version"])
def test_each_preflight_header_lets_a_get_through(client: Any, header: str) -> None:
    response = client.get("/graphql", query_string=QUERY, headers={header: "2"})
    assert response.status_code == 200


def test_empty_preflight_header_does_not_count(client: Any) -> None:
    assert refused(client.get("/graphql", query_string=QUERY, headers={"Apollo-Require-Preflight": ""}))


def test_post_json_always_passes(client: Any) -> None:
    assert client.post("/graphql", json=QUERY).status_code == 200


def test_admin_tool_uploads_with_tm_id_version_only(client: Any) -> None:
    """The admin tool never sends the Apollo headers, only tm-id-version, on its multipart uploads."""
    operations = {"query": "mutation ($f: Upload!) { uploadBlacklist(file: $f, fileSize: 3) { url } }",
                  "variables": {"f": None}}
    data = {"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]}),
            "0": (io.BytesIO(b"abc"), "list.csv", "text/csv")}
    without = client.post("/graphql", data=dict(data), content_type="multipart/form-data")
    assert refused(without)
    data["0"] = (io.BytesIO(b"abc"), "list.csv", "text/csv")
    with_header = client.post("/graphql", data=data, content_type="multipart/form-data",
                              headers={"tm-id-version": "1"})
    # Past the CSRF check, an anonymous upload is refused from its headers (docs/uploads.md §1).
    assert with_header.status_code == 401
    assert with_header.get_json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_csrf_check_runs_before_parsing(client: Any) -> None:
    response = client.post("/graphql", data="{ not even json", content_type="text/plain")
    assert refused(response)


def test_csrf_can_be_switched_off() -> None:
    settings = gateway_settings(csrf={"enabled": False})
    response = app_for(settings).test_client().get("/graphql", query_string=QUERY)
    assert response.status_code == 200
