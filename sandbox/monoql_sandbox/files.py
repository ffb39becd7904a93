"""uploads and waves stand-ins (docs/services.md §5 and §6): images, files, listings, deletes and triggers."""

import base64
import binascii
import re
import uuid

from flask import Blueprint, request

from monoql_sandbox import objects
from monoql_sandbox.auth import caller, require_supreme
from monoql_sandbox.clock import iso
from monoql_sandbox.envelope import bad, json_body, reply
from monoql_sandbox.jobs import JOBS, run_job
from monoql_sandbox.state import current

IMAGE_TYPES = {"image/gif": "gif", "image/png": "png", "image/jpeg": "jpg"}


def _bucket(default_key: str, value: str | None = None) -> str:
    chosen = value if value is not None else request.values.get("bucketName")
    return chosen or current().settings["buckets"][default_key]


def _heartbeat():
    return {"status": "ok"}


def _upload_image():
    require_supreme()
    body = json_body()
    raw = body.get("base64")
    if not isinstance(raw, str) or not raw:
        raise bad("MISSING_BASE64_FIELD", "base64 is required.", field="base64")
    if body.get("contentType") not in IMAGE_TYPES:
        raise bad(
            "CONTENT_NOT_ACCEPTED",
            "contentType must be image/gif, image/png or image/jpeg.",
            field="contentType",
        )
    try:
        data = base64.b64decode(raw.split(",", 1)[-1] if raw.startswith("data:") else raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise bad("INVALID_BASE64", "base64 does not decode.", field="base64") from exc
    if len(data) > current().settings["maxFileSize"]:
        raise bad("FILE_TOO_LARGE", "The image is too large.", field="base64")
    stem = str(body.get("fileName") or "image").rsplit(".", 1)[0] if body.get("fileName") else "image"
    name = (
        f"{re.sub(r'[^A-Za-z0-9_-]', '-', stem) or 'image'}_{uuid.uuid4()}.{IMAGE_TYPES[body['contentType']]}"
    )
    bucket = _bucket("images", body.get("bucketName"))
    sb = current()
    sb.store.put_object(bucket, name, data, body["contentType"], sb.now())
    return reply({"url": objects.object_url(bucket, name), "name": name})


def _upload_file(default_bucket: str):
    require_supreme()
    part = request.files.get("file")
    if part is None:
        raise bad("MISSING_FILE", "A file part is required.", field="file")
    data = part.read()
    if not data:
        raise bad("EMPTY_FILE", "The file is empty.", field="file")
    if len(data) > current().settings["maxFileSize"]:
        raise bad("FILE_TOO_LARGE", "The file is too large.", field="file")
    name = (part.filename or "upload").rsplit("/", 1)[-1]
    prefix = (request.form.get("prefix") or "").strip("/")
    key = f"{prefix}/{name}" if prefix else name
    bucket = _bucket(default_bucket)
    sb = current()
    sb.store.put_object(bucket, key, data, part.mimetype or "application/octet-stream", sb.now())
    objects.on_stored(sb, bucket, key, data)
    return reply({"url": objects.object_url(bucket, key), "name": name, "key": key})


def _list(default_bucket: str):
    require_supreme()
    found = objects.listed(current(), _bucket(default_bucket), request.args.get("prefix") or "")
    return reply([{"key": key, "date": iso(obj.modified)} for key, obj in found])


def _int(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    if not raw.isdigit():
        raise bad("INVALID_PAGINATION", f"{name} must be a non-negative integer.", field=name)
    return int(raw)


def _list_data(default_bucket: str):
    require_supreme()
    skip, limit = _int("skip", 0), _int("limit", 100)
    if not 1 <= limit <= 1000:
        raise bad("INVALID_PAGINATION", "limit must be within 1..1000.", field="limit")
    found = objects.listed(current(), _bucket(default_bucket), request.args.get("prefix") or "")
    return reply([objects.data_item(key, obj) for key, obj in found[skip : skip + limit]])


def _delete(default_bucket: str):
    require_supreme()
    keys = [k for k in (request.args.get("fileKeys") or "").split(",") if k]
    if not keys:
        raise bad("MISSING_FILE_KEYS", "fileKeys is required.", field="fileKeys")
    store, bucket = current().store, _bucket(default_bucket)
    deleted = []
    for key in dict.fromkeys(keys):
        if store.objects.pop((bucket, key), None) is not None:
            deleted.append({"Key": key, "VersionId": None})
    return reply({"deleted": deleted})


def _trigger(service: str, function: str):
    if function not in JOBS:
        raise bad("INVALID_TRIGGER_FUNCTION", f"Unknown function {function}.", field="function")
    who = caller() if function == "ccpa" else require_supreme()
    body = request.get_json(silent=True)
    data = body.get("data") if isinstance(body, dict) and set(body) <= {"data"} and "data" in body else body
    required = JOBS[function]
    if not isinstance(data, dict) or any(key not in data for key in required):
        raise bad(
            "INVALID_TRIGGER_DATA",
            f"data must be an object with {', '.join(required) or 'any keys'}.",
            field="data",
        )
    sb = current()
    sb.store.triggers.append(
        {
            "service": service,
            "function": function,
            "data": data,
            "userId": who.user_id if who else None,
            "at": iso(sb.now()),
        }
    )
    return reply({"success": run_job(sb, function, data)})


def make_blueprint(service: str, default_bucket: str, images: bool) -> Blueprint:
    bp = Blueprint(service, __name__)
    bp.add_url_rule("/heartbeat", "heartbeat", _heartbeat)
    if images:
        bp.add_url_rule("/images", "images", _upload_image, methods=["POST"])
    bp.add_url_rule("/files", "upload", lambda: _upload_file(default_bucket), methods=["POST"])
    bp.add_url_rule("/files", "delete", lambda: _delete(default_bucket), methods=["DELETE"])
    bp.add_url_rule("/files/list", "list", lambda: _list(default_bucket))
    bp.add_url_rule("/files/list/data", "list_data", lambda: _list_data(default_bucket))
    bp.add_url_rule(
        "/trigger/<function>", "trigger", lambda function: _trigger(service, function), methods=["POST"]
    )
    return bp


uploads_bp = make_blueprint("uploads", "files", images=True)
waves_bp = make_blueprint("waves", "waves", images=False)
