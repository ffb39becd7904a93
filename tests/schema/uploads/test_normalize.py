"""Pure listings built from stored objects: scored files (CSV counting rules) and fan-list manifests."""

from __future__ import annotations

from monoql.schema.uploads.normalize import count_rows, to_fanlist_uploads, to_scored


def test_count_rows_uses_verified_or_verdict_columns_in_any_case() -> None:
    rows = [
        {"email": "a", "Verified": "TRUE"},
        {"email": "b", "Verified": "1"},
        {"email": "c", "Verified": "yes"},
        {"email": "d", "Verified": "Y"},
        {"email": "e", "Verified": "false"},
        {"email": "f", "Verified": ""},
        {"email": "g", "Verified": None},
    ]
    assert count_rows(rows) == (7, 4)
    assert count_rows([{" VERDICT ": "true"}, {" VERDICT ": "no"}]) == (2, 1)
    assert count_rows([{"email": "a"}, {"email": "b"}]) == (2, 0)
    assert count_rows([]) == (0, 0)


def test_to_scored_keeps_uploaded_csv_objects_newest_first() -> None:
    objects = [
        {
            "key": "scored/c1.A.203001010000.uploaded.csv",
            "lastModifiedDate": "2030-01-01T00:00:00.000Z",
            "content": [{"verdict": "true"}, {"verdict": "false"}],
        },
        {
            "key": "scored/c1.A.203001020000.uploaded.csv",
            "lastModifiedDate": "2030-01-02T00:00:00.000Z",
            "error": {"message": "Object larger than 1 MB"},
        },
        {
            "key": "scored/c1.A.203001030000.processed.csv",
            "lastModifiedDate": "2030-01-03T00:00:00.000Z",
            "content": [],
        },
    ]
    assert to_scored(objects) == [
        {
            "date": "2030-01-02T00:00:00.000Z",
            "count": None,
            "verifiedCount": None,
            "path": "scored/c1.A.203001020000.uploaded.csv",
        },
        {
            "date": "2030-01-01T00:00:00.000Z",
            "count": 2,
            "verifiedCount": 1,
            "path": "scored/c1.A.203001010000.uploaded.csv",
        },
    ]


def test_to_fanlist_uploads_reads_the_manifest_newest_first() -> None:
    manifest = {
        "key": "fanlist/uploaded/c1/manifest.json",
        "content": [
            {
                "date": "2030-01-01T00:00:00.000Z",
                "rows": 3,
                "rowsIn": 4,
                "status": "FINISHED",
                "fileKey": "k1",
            },
            {
                "date": "2030-01-02T00:00:00.000Z",
                "rows": 5,
                "rowsIn": 5,
                "status": "FINISHED",
                "fileKey": "k2",
            },
        ],
    }
    assert to_fanlist_uploads([manifest], "c1") == [
        {"date": "2030-01-02T00:00:00.000Z", "rows": 5, "rowsIn": 5, "status": "FINISHED"},
        {"date": "2030-01-01T00:00:00.000Z", "rows": 3, "rowsIn": 4, "status": "FINISHED"},
    ]


def test_to_fanlist_uploads_is_empty_without_a_readable_manifest() -> None:
    assert to_fanlist_uploads([], "c1") == []
    assert (
        to_fanlist_uploads([{"key": "fanlist/uploaded/c1/manifest.json", "error": {"message": "x"}}], "c1")
        == []
    )
    assert to_fanlist_uploads([{"key": "fanlist/uploaded/c2/manifest.json", "content": [{}]}], "c1") == []
