"""The contract every client keeps, checked on every call of every client's table (`tables/`).

Each call sends exactly the method, path, query and body its backend expects, with the caller's JWT
(none for an anonymous caller or a call that must not carry it), the correlation id, the User-Agent
and the timeouts; reads the answer in both envelope forms; and turns the backend's error answers into
the gateway's error classes, with the service, status, reason and message kept.
"""

from __future__ import annotations

from typing import Any

import pytest

from monoql.errors import BadUserInput, Forbidden, MonoqlError, NotFound
from tests.clients.tables import campaigns, codes, entries, exports, uploads, users

CASES: list[dict[str, Any]] = [
    *campaigns.CASES,
    *codes.CASES,
    *entries.CASES,
    *exports.CASES,
    *uploads.CASES,
    *users.CASES,
]
IDS = [f"{case['client']}-{case.get('id', case['method'])}" for case in CASES]

#: What a backend's HTTP error status becomes, whatever the call.
ERRORS: list[tuple[int, type[MonoqlError]]] = [
    (400, BadUserInput),
    (403, Forbidden),
    (404, NotFound),
    (413, BadUserInput),
]


def test_every_client_has_a_table() -> None:
    assert sorted({case["client"] for case in CASES}) == [
        "campaigns", "codes", "entries", "exports", "uploads", "users", "waves"
    ]


@pytest.mark.parametrize("form", ["wrapped", "bare"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_calls(case: dict[str, Any], form: str, verify: Any) -> None:
    verify(case, form=form)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_anonymous_calls_send_no_authorization(case: dict[str, Any], verify: Any) -> None:
    verify(case, jwt=None)


@pytest.mark.parametrize("form", ["wrapped", "bare"])
@pytest.mark.parametrize(("status", "error"), ERRORS, ids=[str(status) for status, _ in ERRORS])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_errors_are_translated(
    case: dict[str, Any], status: int, error: type[MonoqlError], form: str, fail: Any
) -> None:
    err = fail(case, status, form=form)
    assert type(err) is error
    assert (err.service, err.status, err.reason, err.message) == (
        case["client"],
        status,
        "SOME_REASON",
        "It went wrong.",
    )
