"""The client address and host the gateway records come from our own proxies, never from the client."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from monoql.web.caller import client_host, client_ip
from tests.support.gateway import gateway_settings

APP = Flask(__name__)
PEER = "192.0.2.50"


def address(headers: list[tuple[str, str]], **proxy: Any) -> str | None:
    settings = gateway_settings(proxy={"trust": True, **proxy})
    with APP.test_request_context("/graphql", headers=headers, environ_base={"REMOTE_ADDR": PEER}) as ctx:
        return client_ip(ctx.request, settings)


def host(headers: dict[str, str], **proxy: Any) -> str:
    settings = gateway_settings(proxy={"trust": True, **proxy})
    with APP.test_request_context("/graphql", headers=headers) as ctx:
        return client_host(ctx.request, settings)


@pytest.mark.parametrize(("forwarded", "hops", "expected"), [
    ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),  # the client wrote 6.6.6.6; the ALB appended what it saw
    ("203.0.113.9", 1, "203.0.113.9"),
    ("6.6.6.6, 203.0.113.9, 10.0.0.7", 2, "203.0.113.9"),  # ALB + the pod's own proxy
    ("203.0.113.9", 2, PEER),  # fewer entries than our proxies add: not through them
    ("6.6.6.6, not-an-address", 1, PEER),
    ("2001:db8::1", 1, "2001:db8::1"),
    ("", 1, PEER),
])
def test_the_address_is_counted_from_the_right(forwarded: str, hops: int, expected: str) -> None:
    assert address([("X-Forwarded-For", forwarded)], trustedHops=hops) == expected


def test_repeated_forwarded_headers_read_as_one_list() -> None:
    headers = [("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-For", "203.0.113.9")]
    assert address(headers) == "203.0.113.9"


def test_without_a_trusted_proxy_the_peer_is_the_client() -> None:
    settings = gateway_settings(proxy={"trust": False})
    with APP.test_request_context("/graphql", headers={"X-Forwarded-For": "6.6.6.6"},
                                  environ_base={"REMOTE_ADDR": PEER}) as ctx:
        assert client_ip(ctx.request, settings) == PEER


def test_the_forwarded_host_is_ignored_unless_a_proxy_is_known_to_set_it() -> None:
    headers = {"Host": "verifiedfan.ticketmaster.com", "X-Forwarded-Host": "evil.example"}
    assert host(headers) == "verifiedfan.ticketmaster.com"
    assert host(headers, trustForwardedHost=True) == "evil.example"


def test_production_defaults_trust_one_hop_and_no_host_or_country_header() -> None:
    from monoql.config import load_settings

    proxy = load_settings("prod", overrides={"session": {"secret": "x" * 32},
                                             "jwt": {"publicKey": gateway_settings().jwt.public_key}}).proxy
    assert (proxy.trust, proxy.trusted_hops, proxy.trust_forwarded_host, proxy.trust_country_header) == (
        True, 1, False, False)
