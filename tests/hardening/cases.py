"""The hardening corpus's case: one request and the exact answer it must get, and its checker."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.test import TestResponse

from tests.support.production import leaks


@dataclass(frozen=True)
class Case:
    """One request of the corpus and the exact answer it must get."""

    id: str
    status: int
    code: str | None  # extensions.code of the first error; None: no errors expected
    reason: str | None = None
    method: str = "POST"
    json: Any = None
    data: bytes | str | None = None
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    query_string: Mapping[str, str] | str | None = None

    def send(self, client: Any) -> TestResponse:
        kwargs: dict[str, Any] = {"headers": dict(self.headers)}
        if self.json is not None:
            kwargs["json"] = self.json
        if self.data is not None:
            kwargs["data"] = self.data
        if self.content_type is not None:
            kwargs["content_type"] = self.content_type
        if self.query_string is not None:
            kwargs["query_string"] = self.query_string
        response: TestResponse = client.open("/graphql", method=self.method, **kwargs)
        return response


def check(case: Case, response: TestResponse) -> dict[str, Any] | None:
    """Assert the exact status, code and reason, a JSON body without leaks, and a request id."""
    text = response.get_data(as_text=True)
    assert response.status_code == case.status, f"{case.id}: {response.status_code} {text[:300]}"
    assert response.status_code < 500
    assert not leaks(text), f"{case.id}: leaks {leaks(text)} in {text[:300]}"
    if case.method == "HEAD" or response.status_code == 204:
        return None
    body = response.get_json(silent=True)
    assert body is not None, f"{case.id}: not JSON: {text[:200]}"
    if case.code is None:
        assert "errors" not in body, f"{case.id}: {text[:300]}"
        return dict(body)
    first = body["errors"][0]["extensions"]
    assert first["code"] == case.code, f"{case.id}: {text[:300]}"
    if case.reason is not None:
        assert first.get("reason") == case.reason, f"{case.id}: {text[:300]}"
    assert first["requestId"] == response.headers["X-Request-ID"]
    return dict(body)
