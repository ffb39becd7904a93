"""The media type a `/graphql` answer is written in, from the `Accept` header (GraphQL-over-HTTP), and the
same answer for a header seen before."""

from __future__ import annotations

from typing import Any

import pytest

from monoql.web.request_guard import answer_media
from tests.support.gateway import app_for

QUERY = {"query": "query Probe { __typename }"}


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("", "application/json"),
        ("   ", "application/json"),
        ("application/json", "application/json"),
        ("application/graphql-response+json", "application/graphql-response+json"),
        ("application/graphql-response+json, application/json;q=0.9", "application/graphql-response+json"),
        ("application/graphql-response+json;q=0.5, application/json", "application/json"),
        ("application/json; charset=utf-8", "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
        ("text/html", None),
        ("application/json;q=0, application/graphql-response+json;q=0", None),
    ],
)
def test_answer_media(accept: str, media: str | None) -> None:
    assert answer_media(accept) == media
    assert answer_media(accept) == media  # the remembered answer is the same


@pytest.mark.parametrize(
    ("accept", "status", "content_type"),
    [
        ("application/graphql-response+json", 200, "application/graphql-response+json; charset=utf-8"),
        ("application/json", 200, "application/json; charset=utf-8"),
        ("text/csv", 406, "application/json; charset=utf-8"),
    ],
)
def test_the_answer_is_written_in_it_every_time(accept: str, status: int, content_type: str) -> None:
    client: Any = app_for().test_client()
    for _ in range(2):
        response = client.post("/graphql", json=QUERY, headers={"Accept": accept})
        assert (response.status_code, response.headers["Content-Type"]) == (status, content_type)
    if status == 406:
        assert response.get_json()["errors"][0]["extensions"]["reason"] == "NOT_ACCEPTABLE"
