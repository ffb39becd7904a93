"""Identity by request host, and ppc from settings (docs/identity.md)."""

from __future__ import annotations

import pytest
import responses

from tests.support.campaigns import gql
from tests.support.gateway import gateway_settings


@pytest.mark.parametrize(
    ("host", "url_"),
    [
        ("registration.ticketmaster.com", "https://identity.ticketmaster.com"),
        ("verifiedfan.ticketmaster.ca", "https://identity.ticketmaster.ca"),
        ("verifiedfan.livenation.com", "https://identity.livenation.com"),
        ("localhost:8080", "https://identity.ticketmaster.com"),
        ("fake-ticketmaster.com", "https://identity.ticketmaster.com"),
    ],
)
@responses.activate
def test_identity_by_request_host(host: str, url_: str) -> None:
    body = gql("{ identity { url version integratorId placementId } }", headers={"Host": host})
    assert body == {
        "data": {
            "identity": {
                "url": url_,
                "version": "2",
                "integratorId": "prd1541.verifiedFan",
                "placementId": "verifiedFan",
            }
        }
    }
    assert len(responses.calls) == 0


def test_identity_uses_the_forwarded_host_only_behind_a_proxy_that_sets_it() -> None:
    # The client prepended its own value; the proxy in front appended the host it was asked for.
    headers = {"Host": "verifiedfan.livenation.com",
               "X-Forwarded-Host": "evil.example, verifiedfan.ticketmaster.ca"}
    trusting = gateway_settings(proxy={"trust": True, "trustForwardedHost": True})
    body = gql("{ identity { url } }", headers=headers, settings=trusting)
    assert body == {"data": {"identity": {"url": "https://identity.ticketmaster.ca"}}}
    behind_the_alb = gateway_settings(proxy={"trust": True})
    body = gql("{ identity { url } }", headers=headers, settings=behind_the_alb)
    assert body == {"data": {"identity": {"url": "https://identity.livenation.com"}}}


def test_ppc_from_settings() -> None:
    settings = gateway_settings(
        ppc={"url": "https://ppc.example/widget.js", "id": "client-1", "token": "tok"}
    )
    assert gql("{ ppc { url id token } }", settings=settings) == {
        "data": {"ppc": {"url": "https://ppc.example/widget.js", "id": "client-1", "token": "tok"}}
    }
    assert gql("{ ppc { url id token } }") == {"data": {"ppc": {"url": None, "id": None, "token": None}}}
