"""The runner of the viewer, campaign, market, content, promoter and search schema tests."""

from __future__ import annotations

from typing import Any

from tests.support.gateway import gateway_settings, run_graphql

CID = "64b7f0c2a1e4d3b2c1a0aa01"
CID2 = "64b7f0c2a1e4d3b2c1a0aa02"

# Anonymous campaign reads are cached per worker (docs/backends.md §6); these tests count every call.
UNCACHED = gateway_settings(services={"campaigns": {"cacheTtl": 0}})


def run(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> tuple[dict[str, Any], Any]:
    """`run_graphql` with the uncached settings: (JSON body, response)."""
    kwargs.setdefault("settings", UNCACHED)
    body, response = run_graphql(query, variables, **kwargs)
    assert isinstance(body, dict)
    return body, response


def gql(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    return run(query, variables, **kwargs)[0]


def errors_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Each error as `{code, reason, path}`."""
    return [
        {
            "code": (error.get("extensions") or {}).get("code"),
            "reason": (error.get("extensions") or {}).get("reason"),
            "path": error.get("path"),
        }
        for error in body.get("errors") or []
    ]
