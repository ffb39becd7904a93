"""Pure stats flattening and the upsertStat body."""

from __future__ import annotations

from monoql.schema.stats.mutations import stat_body
from monoql.schema.stats.normalize import flatten_stat, is_stat_doc, pick_stat

DOC = {
    "_id": {"campaignId": "c1", "marketId": "m1", "dateId": "20300101", "type": "selection"},
    "count": {"selected": 120},
    "status": "FINISHED",
    "meta": None,
    "errors": [{"message": "one"}, "two"],
    "date": {"created": "C", "updated": "U"},
}


def test_flatten_stat_reads_identity_from_id() -> None:
    assert flatten_stat(DOC) == {
        "campaignId": "c1",
        "marketId": "m1",
        "dateId": "20300101",
        "type": "selection",
        "date": {"created": "C", "updated": "U"},
        "meta": None,
        "count": {"selected": 120},
        "errors": [{"message": "one"}, {"message": "two"}],
        "status": "FINISHED",
    }


def test_flatten_stat_without_id_and_with_unknown_status() -> None:
    doc = {"campaignId": "c1", "dateId": "d", "status": "WEIRD", "count": {"in": 1}}
    flat = flatten_stat(doc, "filterList")
    assert flat is not None
    assert (flat["marketId"], flat["type"], flat["status"], flat["date"], flat["errors"]) == (
        None,
        "filterList",
        None,
        None,
        None,
    )


def test_is_stat_doc() -> None:
    assert is_stat_doc(DOC)
    assert is_stat_doc({"campaignId": "c1", "dateId": "d"})
    assert not is_stat_doc({"ok": True})
    assert not is_stat_doc(None)
    assert not is_stat_doc([DOC])


def test_pick_stat_matches_market_and_date() -> None:
    stats = [
        {"marketId": "m1", "dateId": "d"},
        {"marketId": None, "dateId": "d", "status": "PENDING"},
        None,
    ]
    assert pick_stat(stats, None, "d") == stats[1]
    assert pick_stat(stats, "m1", "d") == stats[0]
    assert pick_stat(stats, "m2", "d") is None


def test_stat_body_leaves_out_nulls() -> None:
    args = {"marketId": None, "dateId": "d", "status": "PENDING", "meta": None, "count": {"in": 0}}
    assert stat_body(args) == {"dateId": "d", "status": "PENDING", "count": {"in": 0}}
