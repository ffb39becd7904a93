"""Bad-input corpus, cross-site: origins that are not exactly an allowed one (look-alikes, http,
ports, userinfo, suffix and prefix tricks, encodings) get no CORS grant, and cross-site request
forgery attempts (simple requests without a preflight header) are refused before any work."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from tests.support.gateway import app_for, gateway_settings
from tests.support.production import assert_healthy, leaks

ALLOWED = "vf-admin.ticketmaster.net"
SETTINGS = gateway_settings(
    showDeveloperMessage=False, introspection=False,
    cors={"allowedHosts": [ALLOWED, "registration.ticketmaster.com"], "httpsOnly": True},
)

BAD_ORIGINS = [
    f"http://{ALLOWED}",
    f"https://{ALLOWED}.evil.example",
    f"https://evil{ALLOWED}",
    f"https://evil.{ALLOWED}",
    f"https://{ALLOWED}:443",
    f"https://{ALLOWED}:8443",
    f"https://{ALLOWED}.",
    f"https://user@{ALLOWED}",
    f"https://{ALLOWED}@evil.example",
    f"https://evil.example#{ALLOWED}",
    f"https://evil.example/{ALLOWED}",
    f"https://evil.example?{ALLOWED}",
    f"https://{ALLOWED.replace('.', '-')}",
    "https://" + ALLOWED.replace("a", "\u0430"),  # Cyrillic a
    "https://xn--vf-dmin-8cg.ticketmaster.net",
    f"https://{ALLOWED}%2eevil.example",
    f"https:// {ALLOWED}",
    f"https://{ALLOWED} https://evil.example",
    f"https://{ALLOWED}, https://evil.example",
    f"HTTPS://EVIL.EXAMPLE/{ALLOWED}",
    f"ftp://{ALLOWED}",
    f"ws://{ALLOWED}",
    f"file://{ALLOWED}",
    f"javascript://{ALLOWED}",
    f"//{ALLOWED}",
    ALLOWED,
    "null",
    "",
    "*",
    "https://",
    "https://localhost",
    "https://127.0.0.1",
    "http://localhost:8080",
    "https://ticketmaster.net",
    "https://registration.ticketmaster.com.evil.example",
    "https://registration.ticketmaster.co",
]


@pytest.fixture(scope="module")
def client() -> Any:
    return app_for(SETTINGS).test_client()


@pytest.mark.parametrize("origin", BAD_ORIGINS, ids=range(len(BAD_ORIGINS)))
def test_look_alike_origins_get_no_grant(client: Any, origin: str) -> None:
    preflight = client.options("/graphql", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 403
    assert "Access-Control-Allow-Origin" not in preflight.headers
    response = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": origin})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert_healthy(client)


@pytest.mark.parametrize("origin", [f"https://{ALLOWED}", f"https://{ALLOWED.upper()}",
                                    "https://registration.ticketmaster.com"])
def test_exact_origins_are_granted(client: Any, origin: str) -> None:
    response = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": origin})
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def multipart() -> dict[str, Any]:
    operations = {"query": "mutation ($f: Upload!) { uploadBlacklist(file: $f, fileSize: 3) { url } }",
                  "variables": {"f": None}}
    return {"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]}),
            "0": (io.BytesIO(b"abc"), "a.csv", "text/csv")}


LOGOUT = json.dumps({"query": "mutation { logout }"})
CSRF_ATTEMPTS: dict[str, dict[str, Any]] = {
    "form-post": {"data": {"query": "mutation { logout }"}, "content_type": "application/x-www-form-urlencoded"},
    "text-plain-json": {"data": LOGOUT, "content_type": "text/plain"},
    "text-plain-charset": {"data": LOGOUT, "content_type": "text/plain; charset=utf-8"},
    "text-plain-upper": {"data": LOGOUT, "content_type": "TEXT/PLAIN"},
    "no-content-type": {"data": LOGOUT},
    "multipart-upload": {"data": multipart(), "content_type": "multipart/form-data"},
    "multipart-json-part": {"data": {"operations": LOGOUT}, "content_type": "multipart/form-data"},
    "get-query": {"method": "GET", "query_string": {"query": "{ viewer { email } }"}},
    "get-mutation": {"method": "GET", "query_string": {"query": "mutation { logout }"}},
    "get-with-cookie": {"method": "GET", "query_string": {"query": "{ viewer { email } }"},
                        "headers": {"Cookie": "monoql_session=x"}},
    "empty-preflight-header": {"data": LOGOUT, "content_type": "text/plain",
                               "headers": {"Apollo-Require-Preflight": ""}},
    "blank-preflight-header": {"data": LOGOUT, "content_type": "text/plain",
                               "headers": {"GraphQL-Require-Preflight": "   "}},
    "unlisted-header": {"data": LOGOUT, "content_type": "text/plain", "headers": {"X-Requested-With": "XMLHttpRequest"}},
    "origin-allowed-still-simple": {"data": LOGOUT, "content_type": "text/plain",
                                    "headers": {"Origin": f"https://{ALLOWED}"}},
    "referer-spoof": {"data": LOGOUT, "content_type": "text/plain", "headers": {"Referer": f"https://{ALLOWED}/"}},
}


@pytest.mark.parametrize("attempt", CSRF_ATTEMPTS.values(), ids=CSRF_ATTEMPTS.keys())
def test_csrf_attempts_are_refused_before_any_work(client: Any, attempt: dict[str, Any]) -> None:
    attempt = dict(attempt)
    method = attempt.pop("method", "POST")
    response = client.open("/graphql", method=method, **attempt)
    assert response.status_code == 400
    body = response.get_json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert body["errors"][0]["extensions"]["reason"] == "CSRF_PREFLIGHT_REQUIRED"
    assert "Set-Cookie" not in response.headers  # the logout never ran
    assert not leaks(response.get_data(as_text=True))
    assert_healthy(client)
