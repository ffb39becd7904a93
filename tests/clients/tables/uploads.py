"""The uploads and waves clients' calls: files, listings, deletes, triggers, images (docs/services.md §5 and §6)."""

from __future__ import annotations

from typing import Any

SCORING = "vf-scoring"
FILE = {"url": "https://files/blacklists/list.csv", "name": "list.csv", "key": "blacklists/list.csv"}


def _cases(service: str) -> list[dict[str, Any]]:
    bucket = [("bucketName", SCORING)] if service == "uploads" else []
    cases: list[dict[str, Any]] = [
        {
            "method": "list_files",
            "args": ("scored/c1.", SCORING),
            "http": "GET",
            "path": f"/{service}/files/list",
            "query": [("prefix", "scored/c1."), *bucket],
            "answer": [{"key": "scored/c1.a.csv", "date": "x"}],
        },
        {
            "id": "list_files-default-bucket",
            "method": "list_files",
            "args": ("smsWaves/",),
            "http": "GET",
            "path": f"/{service}/files/list",
            "query": [("prefix", "smsWaves/")],
            "answer": [],
        },
        {
            "method": "delete_files",
            "args": (["a/1.json", "b/2.csv"], SCORING),
            "http": "DELETE",
            "path": f"/{service}/files",
            "query": [("fileKeys", "a/1.json,b/2.csv"), *bucket],
            "answer": {"deleted": [{"Key": "a/1.json", "VersionId": None}]},
        },
        {
            "method": "trigger",
            "args": ("waveprep", {"campaignId": "c1", "dateKey": "20300101"}),
            "http": "POST",
            "path": f"/{service}/trigger/waveprep",
            "json": {"data": {"campaignId": "c1", "dateKey": "20300101"}},
            "answer": {"success": True},
            "long": True,
        },
    ]
    if service == "uploads":
        cases.append(
            {
                "method": "upload_image",
                "args": ({"base64": "R0lGOD", "contentType": "image/gif"},),
                "http": "POST",
                "path": "/uploads/images",
                "json": {"base64": "R0lGOD", "contentType": "image/gif"},
                "answer": {"url": "https://img/x.gif", "name": "image_1.gif"},
                "long": True,
            }
        )
    for case in cases:
        case["client"] = service
    return cases


CASES = _cases("uploads") + _cases("waves")
