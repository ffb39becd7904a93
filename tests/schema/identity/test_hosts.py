"""Identity settings by request host (docs/identity.md)."""

from __future__ import annotations

import pytest

from monoql.config.settings import Identity
from monoql.schema.identity.hosts import bare_host, identity_for_host

IDENTITY = Identity.model_validate(
    {
        "default": {
            "url": "https://identity.ticketmaster.com",
            "version": "2",
            "integratorId": "prd1541.verifiedFan",
            "placementId": "verifiedFan",
        },
        "hosts": {
            "ticketmaster.com": "https://identity.ticketmaster.com",
            "ticketmaster.ca": "https://identity.ticketmaster.ca",
            "ticketmaster.com.mx": "https://identity.ticketmaster.com.mx",
            "livenation.com": {"url": "https://identity.livenation.com", "integratorId": "ln.verifiedFan"},
            "eu.ticketmaster.com": "https://identity.ticketmaster.eu",
        },
    }
)


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("registration.ticketmaster.com", "https://identity.ticketmaster.com"),
        ("verifiedfan.ticketmaster.ca", "https://identity.ticketmaster.ca"),
        ("registration.ticketmaster.com.mx", "https://identity.ticketmaster.com.mx"),
        ("verifiedfan.livenation.com", "https://identity.livenation.com"),
        ("localhost:8080", "https://identity.ticketmaster.com"),
        ("fake-ticketmaster.com", "https://identity.ticketmaster.com"),
        ("TICKETMASTER.CA:443", "https://identity.ticketmaster.ca"),
        ("a.eu.ticketmaster.com", "https://identity.ticketmaster.eu"),
    ],
)
def test_url_by_host(host: str, url: str) -> None:
    assert identity_for_host(IDENTITY, host)["url"] == url


def test_default_fills_what_an_entry_leaves_out() -> None:
    assert identity_for_host(IDENTITY, "x.livenation.com") == {
        "url": "https://identity.livenation.com",
        "version": "2",
        "integratorId": "ln.verifiedFan",
        "placementId": "verifiedFan",
    }
    assert identity_for_host(IDENTITY, "fake-ticketmaster.com") == {
        "url": "https://identity.ticketmaster.com",
        "version": "2",
        "integratorId": "prd1541.verifiedFan",
        "placementId": "verifiedFan",
    }


def test_bare_host() -> None:
    assert bare_host("Example.COM:8080") == "example.com"
    assert bare_host("[::1]:8080") == "[::1]"
    assert bare_host(None) == ""
