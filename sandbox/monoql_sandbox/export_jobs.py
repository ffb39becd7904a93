"""Export progression with the sandbox clock, generated files and signed download links (8, 10.5)."""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import request

from monoql_sandbox.clock import iso, parse_iso
from monoql_sandbox.envelope import not_found
from monoql_sandbox.state import Sandbox

LINK_TTL_SECONDS = 3600


def _file_for(sb: Sandbox, export: dict[str, Any]) -> str:
    """The generated CSV; entries-like types list the campaign's entries, others are header-only."""
    kind, cid = export["exportType"], export["campaignId"]
    records = list(sb.store.entries.get(cid, {}).values())
    if kind == "verifiedEntries":
        records = [r for r in records if r["scoring"].get("verdict") is True]
    if kind in ("entries", "verifiedEntries"):
        lines = ["user_id,email,phone,market,created"]
        lines += [
            ",".join(
                str(x or "")
                for x in (
                    r["entry"]["user_id"],
                    r["scoring"].get("email"),
                    r["scoring"].get("phone"),
                    (r["scoring"]["marketIds"] or [""])[0],
                    r["entry"]["date"]["created"],
                )
            )
            for r in records
        ]
        return "\n".join(lines) + "\n"
    if kind == "codes":
        codes = sb.store.codes.get(cid, {}).values()
        return "code,type\n" + "".join(f"{c['code']},{c['type']}\n" for c in codes)
    return "id\n"


def advance(sb: Sandbox, export: dict[str, Any]) -> dict[str, Any]:
    """Move an API-created export along PENDING -> TRIGGERED -> FINISHED/EXPIRED by the clock."""
    if export.get("_seeded") or export.get("_fixed"):
        return export
    timing = sb.settings["exports"]
    created = created_at(export)
    elapsed = (sb.now() - created).total_seconds()
    trigger, finish, timeout = (
        float(timing[k]) for k in ("triggerAfterSeconds", "finishAfterSeconds", "timeoutSeconds")
    )
    if elapsed >= trigger and export["status"] == "PENDING":
        export["status"] = "TRIGGERED"
        export["date"]["triggered"] = iso(created + timedelta(seconds=trigger))
    if export["status"] != "TRIGGERED":
        return export
    if finish - trigger > timeout and elapsed >= trigger + timeout:
        export["status"] = "EXPIRED"
        export["date"]["expired"] = iso(created + timedelta(seconds=trigger + timeout))
    elif elapsed >= finish:
        export["status"] = "FINISHED"
        export["date"]["finished"] = iso(created + timedelta(seconds=finish))
        export["_file"] = _file_for(sb, export)
        kind = export["exportType"]
        export["count"] = (
            export["_file"].count("\n") - 1 if kind in ("entries", "verifiedEntries", "codes") else 0
        )
    return export


def _signature(sb: Sandbox, export_id: str, expires: str) -> str:
    secret = sb.settings["signingSecret"].encode()
    return hmac.new(secret, f"{export_id}:{expires}".encode(), hashlib.sha256).hexdigest()


def signed_path(sb: Sandbox, export_id: str) -> str:
    expires = str(int(sb.now().timestamp()) + LINK_TTL_SECONDS)
    root = request.host_url.rstrip("/")
    return (
        f"{root}/_sandbox/exports/{export_id}/download?expires={expires}"
        f"&signature={_signature(sb, export_id, expires)}"
    )


def check_signature(sb: Sandbox, export_id: str, expires: str | None, signature: str | None) -> bool:
    if not expires or not signature or not expires.isdigit():
        return False
    if int(expires) < sb.now().timestamp():
        return False
    return hmac.compare_digest(_signature(sb, export_id, expires), signature)


def present(sb: Sandbox, export: dict[str, Any]) -> dict[str, Any]:
    advance(sb, export)
    out = {k: v for k, v in export.items() if not k.startswith("_")}
    out["date"] = dict(export["date"])
    if export["status"] == "FINISHED":
        out["path"] = signed_path(sb, export["id"])
    return out


def find(sb: Sandbox, export_id: str) -> dict[str, Any]:
    export = sb.store.exports.get(export_id)
    if export is None:
        raise not_found("EXPORT_NOT_FOUND", "Export not found.", "exportId")
    result: dict[str, Any] = export
    return result


def force_fail(sb: Sandbox, export_id: str, message: str) -> dict[str, Any]:
    export = advance(sb, find(sb, export_id))
    export.update(status="FAILED", _fixed=True, error={"message": message, "payload": None, "stack": None})
    export["date"]["failed"] = iso(sb.now())
    return present(sb, export)


def export_file(sb: Sandbox, export_id: str) -> str:
    export = advance(sb, find(sb, export_id))
    return export.get("_file") or "id\n"


def created_at(export: dict[str, Any]) -> datetime:
    return parse_iso(export["date"]["created"]) or datetime.min.replace(tzinfo=UTC)
