"""codes client: the import counts it flattens (its calls are in `tables/codes.py`)."""

from __future__ import annotations

from monoql.clients.codes import flatten_import_count


def test_flatten_missing_numbers_are_none() -> None:
    assert flatten_import_count({"count": {"in": 1}}) == {"in": 1, "inserted": None, "updated": None}
