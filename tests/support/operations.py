"""The runner of the entry, upload, wave, export, metrics, stats and codes schema tests."""

from __future__ import annotations

from typing import Any

from tests.support.gateway import gateway_settings, run_graphql

CID = "64b7f0c2a1e4d3b2c1a0aa01"
# The worker cache keeps anonymous campaign reads; other test modules mock the same ids differently.
UNCACHED = gateway_settings(performance={"caches": False})


def gql(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("settings", UNCACHED)
    body, _ = run_graphql(query, variables, **kwargs)
    assert isinstance(body, dict)
    return body


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    """The single error of a response, as `{code, reason, message, path}`."""
    errors = body.get("errors") or []
    assert len(errors) == 1, errors
    ext = errors[0].get("extensions") or {}
    return {
        "code": ext.get("code"),
        "reason": ext.get("reason"),
        "message": errors[0]["message"],
        "path": errors[0].get("path"),
    }
