"""A remembered answer is byte for byte the answer an execution gives, for every client query.

Every query of tests/hardening/operations runs in process against the sandbox's stand-in backends
(seeded data, seeded ids as variables), as each kind of caller that sends it: once with the answer
memo off, then twice with it on. The second run must be served from the memo (its calls made again
and answering the same) and its body and headers must equal the first's.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import pytest
import responses
from prometheus_client import REGISTRY

from monoql.config import Settings
from tests.hardening.client_operations import ClientOperation, client_operations
from tests.hardening.test_backend_budget import JWTS, VARIABLES, fresh_process, kinds_of
from tests.hardening.test_backend_budget import backends as forwarding_backends
from tests.hardening.test_backend_budget import token as signed_in
from tests.support.gateway import gateway_settings, post_graphql

QUERIES = [op for op in client_operations() if op.kind == "query"]
#: A signed-in fan's landing page reads `GET /me`, whose answer slides the session to a fresh token
#: (remembered only when the token comes back unchanged, within the second it was made in): whether
#: it is remembered, and the token's expiry in the answer, depend on the clock. Left out here.
CASES = [(op, kind) for op in QUERIES for kind in kinds_of(op) if (op.name, kind) != ("FanLanding", "fan")]
#: Answers never remembered, whose second run is executed again: a query that signs in (`viewer(auth: …)`
#: sets the session cookie).
NOT_REMEMBERED = frozenset({("FanViewer", "anonymous"), ("FanViewer", "fan")})
MEMO_OFF: Settings = gateway_settings(performance={"answerMemoSize": 0})

backends = forwarding_backends


@pytest.fixture(autouse=True)
def resolving() -> Iterator[None]:
    fresh_process()
    yield


@cache
def token(account: str) -> str:
    """One token per account for the whole module: a token is part of what an answer is remembered by."""
    return signed_in(account)


def hits() -> float:
    return REGISTRY.get_sample_value("monoql_answer_memo_total", {"result": "hit"}) or 0.0


def answer(operation: ClientOperation, kind: str, settings: Settings) -> tuple[bytes, dict[str, str]]:
    account = JWTS[kind]
    response = post_graphql(
        operation.text, VARIABLES.get(operation.name, {}), jwt=token(account) if account else None,
        operation_name=operation.name, settings=settings, headers={"X-Request-ID": "same-request"},
    )
    headers = {name: response.headers.get(name, "") for name in ("Content-Type", "Cache-Control", "Vary")}
    return response.get_data(), {**headers, "status": str(response.status_code)}


def test_every_client_query_is_compared() -> None:
    names = {op.name for op in QUERIES}
    assert {"FanLanding", "AdminCampaignEditor", "AdminCampaignList", "AdminMetricsDashboard"} <= names
    assert len(CASES) >= 12


@pytest.mark.parametrize(("operation", "kind"), CASES, ids=[f"{op.name}-{kind}" for op, kind in CASES])
def test_a_remembered_answer_equals_the_executed_one(
    operation: ClientOperation, kind: str, backends: responses.RequestsMock
) -> None:
    executed = answer(operation, kind, MEMO_OFF)
    memo_on = gateway_settings()
    answer(operation, kind, memo_on)
    before = hits()
    remembered = answer(operation, kind, memo_on)
    if (operation.name, kind) in NOT_REMEMBERED:
        assert hits() == before
        return  # a sign-in's token carries the second it was made in: two executions may differ
    assert hits() == before + 1
    assert remembered == executed
    assert executed[1]["status"] == "200" and b'"data"' in executed[0]


def test_the_comparison_covers_answers_with_data(backends: responses.RequestsMock) -> None:
    """The comparison above is worth something only if the landing page resolves real data."""
    (landing,) = [op for op in QUERIES if op.name == "FanLanding"]
    body, _ = answer(landing, "anonymous", MEMO_OFF)
    assert b'"markets":[{' in body and not body.startswith(b'{"errors"')


