"""The default limits admit every operation the admin tool and the fan site send, with margin.

Run with `-s` to print what each operation uses of each limit (the maxima are documented next to
the defaults in monoql/config/limits.py).
"""

from __future__ import annotations

import pytest
from graphql import parse
from graphql.language import Lexer, Source, TokenKind

from monoql.schema.root import build_schema
from monoql.web.documents import DocumentCache
from monoql.web.limits import Tally, measure
from tests.hardening.client_operations import ClientOperation, client_operations
from tests.support.production import PROD

OPERATIONS = client_operations()
LIMITS = PROD.limits
SCHEMA = build_schema().graphql_schema
# Every client operation must stay under this share of each limit.
MARGIN = 0.65


def tokens(text: str) -> int:
    lexer = Lexer(Source(text))
    count = 0
    while lexer.advance().kind != TokenKind.EOF:
        count += 1
    return count


def usage(operation: ClientOperation) -> tuple[Tally, int]:
    (tally,) = measure(SCHEMA, parse(operation.text), LIMITS.list_multiplier)
    return tally, tokens(operation.text)


def test_every_kind_of_client_operation_is_covered() -> None:
    names = {op.name for op in OPERATIONS}
    for expected in ("FanLanding", "FanSubmitEntry", "AdminCampaignEditor", "AdminCampaignList",
                     "AdminMetricsDashboard", "AdminUploadCodes", "AdminUpsertCampaign"):
        assert expected in names
    assert {op.kind for op in OPERATIONS} == {"query", "mutation"}
    assert len(OPERATIONS) >= 30


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_operation_is_valid_under_production_rules(operation: ClientOperation) -> None:
    parsed = DocumentCache(SCHEMA, PROD).get(operation.text)
    assert not parsed.parse_errors and not parsed.validation_errors, [
        e.message for e in (*parsed.parse_errors, *parsed.validation_errors)
    ]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.name for op in OPERATIONS])
def test_operation_stays_well_under_each_limit(operation: ClientOperation) -> None:
    tally, token_count = usage(operation)
    used = {
        "max_query_chars": len(operation.text),
        "max_tokens": token_count,
        "max_depth": tally.depth,
        "max_aliases": tally.aliases,
        "max_directives": tally.directives,
        "max_root_fields": tally.root_fields,
        "max_duplicate_fields": tally.duplicates,
        "max_cost": tally.cost,
    }
    for limit, value in used.items():
        assert value <= getattr(LIMITS, limit) * MARGIN, f"{operation.name}: {limit} {value}"


def test_report_measured_maxima(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [(op, *usage(op)) for op in OPERATIONS]
    header = f"{'operation':26} {'chars':>6} {'tokens':>6} {'depth':>5} {'alias':>5} {'roots':>5} {'dups':>4} {'cost':>7}"
    lines = [header]
    for op, tally, token_count in rows:
        lines.append(
            f"{op.name:26} {len(op.text):6} {token_count:6} {tally.depth:5} {tally.aliases:5} "
            f"{tally.root_fields:5} {tally.duplicates:4} {tally.cost:7}"
        )
    maxima = {
        "chars": max(len(op.text) for op, _, _ in rows),
        "tokens": max(t for _, _, t in rows),
        "depth": max(t.depth for _, t, _ in rows),
        "aliases": max(t.aliases for _, t, _ in rows),
        "root_fields": max(t.root_fields for _, t, _ in rows),
        "duplicates": max(t.duplicates for _, t, _ in rows),
        "cost": max(t.cost for _, t, _ in rows),
    }
    lines.append(f"maxima: {maxima}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    # The defaults must leave room over the largest operation the clients send.
    assert maxima["cost"] * 2 < LIMITS.max_cost
    assert maxima["depth"] < LIMITS.max_depth
