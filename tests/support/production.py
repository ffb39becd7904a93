"""Production-like settings, what a production answer must never show, and a health probe."""

from __future__ import annotations

import re
from typing import Any

from monoql.config import Settings
from tests.support.gateway import app_for, gateway_settings

#: What preprod and prod run: no developer detail, no introspection, no GraphiQL.
PROD: Settings = gateway_settings(
    showDeveloperMessage=False, introspection=False, graphiql=False, heartbeat={"dependencies": False}
)
#: `local`/`dev`: developer detail on.
DEV: Settings = gateway_settings(showDeveloperMessage=True)

GRAPHQL_RESPONSE = "application/graphql-response+json"

# Anything a production answer must never show: stack traces, backend URLs, source paths, Python
# class or module names, schema hints.
LEAK_PATTERNS = [
    re.compile(pattern)
    for pattern in (
        r"Traceback",
        r"File \"",
        r"line \d+, in ",
        r"\.py\b",
        r"site-packages",
        r"backend\.test",
        r"https?://(?!identity\.ticketmaster)[a-z0-9.-]+\.(test|internal|local|io)",
        r"localhost:\d+",
        r"\b[A-Z][A-Za-z]*(Error|Exception)\b",
        r"<[A-Za-z_]+ (instance|object)",
        r"\bmonoql\.[a-z]",
        r"\bgraphql\.[a-z]",
        r"Did you mean",
        r"stacktrace",
        r"developerMessage",
    )
]


def leaks(text: str) -> list[str]:
    """The leak patterns found in an answer (empty when it is clean)."""
    return [pattern.pattern for pattern in LEAK_PATTERNS if pattern.search(text)]


def client_for(settings: Settings = PROD) -> Any:
    return app_for(settings).test_client()


def assert_healthy(client: Any) -> None:
    """The worker still serves a normal request after the hostile one."""
    response = client.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.get_json() == {"data": {"__typename": "Query"}}
