"""The HTTP and document corpora again, over real sockets against gunicorn in production-like mode:
the same exact answers, no 5xx, no leak, and no worker killed or restarted along the way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.e2e.conftest import Stack, start_stack, stop_stack
from tests.hardening import test_corpus_documents, test_corpus_http
from tests.hardening.cases import Case
from tests.support.log_lines import error_lines
from tests.support.production import leaks

pytestmark = pytest.mark.e2e

PRODUCTION_LIKE = {
    "MONOQL_SHOW_DEVELOPER_MESSAGE": "false",
    "MONOQL_INTROSPECTION": "false",
    "MONOQL_GRAPHIQL": "false",
}
CORPUS = [case for case in test_corpus_http.CORPUS + test_corpus_documents.CORPUS if case.method != "CONNECT"]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("live-corpus"), env_overrides=PRODUCTION_LIKE, workers=2)
    try:
        yield running
    finally:
        stop_stack(running)


def send(stack: Stack, case: Case) -> requests.Response:
    headers = dict(case.headers)
    kwargs: dict[str, Any] = {}
    if case.json is not None:
        kwargs["json"] = case.json
    if case.data is not None:
        kwargs["data"] = case.data.encode() if isinstance(case.data, str) else case.data
    if case.content_type is not None:
        headers["Content-Type"] = case.content_type
    elif case.data is not None:
        headers["Content-Type"] = ""  # requests would otherwise leave it out or guess
    if case.query_string is not None:
        kwargs["params"] = case.query_string
    return requests.request(case.method, f"{stack.gateway}/graphql", headers=headers, timeout=30, **kwargs)


def test_live_corpus(stack: Stack) -> None:
    mismatches = []
    for case in CORPUS:
        try:
            response = send(stack, case)
        except requests.exceptions.InvalidHeader:
            continue  # a header value requests itself refuses to send (leading blanks)
        assert response.status_code < 500, (case.id, response.text[:300])
        assert not leaks(response.text), (case.id, leaks(response.text))
        if response.status_code != case.status:
            mismatches.append((case.id, case.status, response.status_code, response.text[:120]))
        elif case.code is not None and case.method != "HEAD":
            assert response.json()["errors"][0]["extensions"]["code"] == case.code, case.id
    assert not mismatches, mismatches
    health = requests.post(f"{stack.gateway}/graphql", json={"query": "{ __typename }"}, timeout=10)
    assert health.json() == {"data": {"__typename": "Query"}}


def test_no_worker_was_killed_or_restarted(stack: Stack) -> None:
    log = (stack.log_file.parent.parent / "gunicorn.out").read_text()
    assert "WORKER TIMEOUT" not in log
    assert log.count("Booting worker") == 2
    assert not error_lines(log)
