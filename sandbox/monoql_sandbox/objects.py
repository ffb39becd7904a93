"""Object-store helpers: listing, content parsing for list/data, URLs and upload hooks."""

import csv
import io
import json
from typing import Any

from flask import request

from monoql_sandbox.clock import iso
from monoql_sandbox.state import Sandbox, StoredObject

MAX_DATA_BYTES = 1024 * 1024


def object_url(bucket: str, key: str) -> str:
    return f"{request.host_url.rstrip('/')}/_sandbox/objects/{bucket}/{key}"


def listed(sb: Sandbox, bucket: str, prefix: str) -> list[tuple[str, StoredObject]]:
    """(key, StoredObject) under a prefix, newest first (ties by key)."""
    found = [
        (key, obj) for (b, key), obj in sb.store.objects.items() if b == bucket and key.startswith(prefix)
    ]
    found.sort(key=lambda item: item[0])
    found.sort(key=lambda item: item[1].modified, reverse=True)
    return found


def parse_content(key: str, data: bytes) -> tuple[object, str | None]:
    """(content, error message) of an object for files/list/data."""
    if len(data) > MAX_DATA_BYTES:
        return None, "Object is larger than 1 MB."
    lower = key.lower()
    try:
        text = data.decode("utf-8-sig")
        if lower.endswith(".json"):
            return json.loads(text), None
        if lower.endswith(".csv"):
            return list(csv.DictReader(io.StringIO(text))), None
    except (UnicodeDecodeError, ValueError, csv.Error) as exc:
        return None, f"Object could not be parsed: {exc.__class__.__name__}."
    return None, "Object type not supported."


def data_item(key: str, obj) -> dict[str, Any]:
    item = {"key": key, "size": len(obj.data), "lastModifiedDate": iso(obj.modified)}
    content, error = parse_content(key, obj.data)
    if error is None:
        item["content"] = content
    else:
        item["error"] = {"message": error}
    return item


def read_json(sb: Sandbox, bucket: str, key: str, default: Any = None) -> Any:
    found = sb.store.objects.get((bucket, key))
    if found is None:
        return default
    try:
        return json.loads(found.data.decode("utf-8"))
    except ValueError:
        return default


def write_json(sb: Sandbox, bucket: str, key: str, value: object) -> None:
    sb.store.put_object(bucket, key, json.dumps(value).encode(), "application/json", sb.now())


def on_stored(sb: Sandbox, bucket: str, key: str, data: bytes) -> None:
    """Fan-list processing (docs/sandbox.md §5): a file under fanlist/uploaded/<cid>/ appends to the
    manifest."""
    if bucket != sb.scoring_bucket() or not key.startswith("fanlist/uploaded/"):
        return
    folder, _, name = key.rpartition("/")
    if name == "manifest.json" or folder.count("/") != 2:
        return
    lines = [line for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    rows = [line for line in lines if line.split(",")[0].strip()]
    manifest_key = f"{folder}/manifest.json"
    manifest = read_json(sb, bucket, manifest_key, [])
    manifest = manifest if isinstance(manifest, list) else []
    manifest.append(
        {"date": iso(sb.now()), "rows": len(rows), "rowsIn": len(lines), "status": "FINISHED", "fileKey": key}
    )
    write_json(sb, bucket, manifest_key, manifest)
