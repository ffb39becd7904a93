"""Control endpoints under /_sandbox (docs/sandbox.md §4): bare JSON, no token."""

import copy

from flask import Blueprint, Response, request

from monoql_sandbox import accounts
from monoql_sandbox.auth import mint
from monoql_sandbox.clock import epoch_ms, parse_iso
from monoql_sandbox.envelope import ApiError, bad, json_body, not_found
from monoql_sandbox.export_jobs import check_signature, export_file, force_fail
from monoql_sandbox.faults import FaultError
from monoql_sandbox.keys import public_key_pem
from monoql_sandbox.seed import seed
from monoql_sandbox.state import current

bp = Blueprint("control", __name__)
ACCOUNT_KEYS = (
    "firstName",
    "lastName",
    "email",
    "phone",
    "zip",
    "doNotSell",
    "isSupreme",
    "permissions",
    "cards",
    "linkedAccounts",
    "idv",
)


@bp.post("/reset")
def reset():
    seed(current())
    return {"reset": True}


@bp.route("/clock", methods=["GET", "PUT", "DELETE"])
def clock():
    sb = current()
    if request.method == "PUT":
        body = json_body()
        if "now" in body:
            when = parse_iso(body["now"])
            if when is None:
                raise bad("INVALID_CLOCK", "now must be an ISO 8601 time.", field="now")
            sb.clock.freeze(when)
        elif isinstance(body.get("offsetSeconds"), int | float):
            sb.clock.shift(body["offsetSeconds"])
        else:
            raise bad("INVALID_CLOCK", "Send now or offsetSeconds.")
    elif request.method == "DELETE":
        sb.clock.real()
    return sb.clock.state()


@bp.route("/faults/<service>", methods=["GET", "PUT", "DELETE"])
def faults(service: str):
    registry = current().faults
    try:
        if request.method == "PUT":
            return registry.set(service, json_body())
        registry.set(service, {}) if request.method == "DELETE" else None
        return registry.get(service)
    except FaultError as exc:
        raise bad("INVALID_FAULT", str(exc)) from exc


@bp.route("/calls", methods=["GET", "DELETE"])
def calls():
    log = current().calls
    if request.method == "DELETE":
        log.clear()
        return {"calls": []}
    return {"calls": log.find(request.args.get("service"), request.args.get("correlationId"))}


@bp.put("/accounts/<account>")
def put_account(account: str):
    sb = current()
    if not accounts.is_account_name(account):
        raise bad(
            "INVALID_ACCOUNT", "Sandbox accounts are sandbox-supreme, sandbox-manager, sandbox-fan[-x]."
        )
    user = accounts.find_account(sb, account)
    assert user is not None  # every sandbox account name can be created
    body = json_body()
    now_ms = epoch_ms(sb.now())
    for key in ACCOUNT_KEYS:
        if key not in body:
            continue
        if key == "email":
            accounts.set_email(user, body[key], now_ms)
        elif key == "phone":
            accounts.set_phone(user, body[key], now_ms)
        elif key == "permissions":
            user["permissions"] = {cid: list(a) for cid, a in (body[key] or {}).items()}
            user["permDates"] = dict.fromkeys(user["permissions"], now_ms)
        else:
            user[key] = copy.deepcopy(body[key])
    return {
        "account": account,
        **{k: user.get(k) for k in ("id", "memberId", "globalUserId", "tmId", *ACCOUNT_KEYS)},
    }


@bp.put("/campaigns/<campaign_id>/invites")
def put_invites(campaign_id: str):
    values = json_body().get("values")
    if not isinstance(values, list) or any(not isinstance(v, str) for v in values):
        raise bad("INVALID_INVITES", "values must be a list of strings.", field="values")
    if campaign_id not in current().store.campaigns:
        raise not_found("CAMPAIGN_NOT_FOUND", "Campaign not found.", "campaignId")
    current().store.invites[campaign_id] = set(values)
    return {"campaignId": campaign_id, "values": sorted(values)}


@bp.get("/entries/<campaign_id>/<user_id>")
def get_entry(campaign_id: str, user_id: str):
    record = current().store.entries.get(campaign_id, {}).get(user_id)
    if record is None:
        raise not_found("ENTRY_NOT_FOUND", "Entry not found.")
    return {
        **copy.deepcopy(record["entry"]),
        **copy.deepcopy(record["context"]),
        **copy.deepcopy(record.get("refs") or {}),
        "context": copy.deepcopy(record["context"]),
        "scoring": copy.deepcopy(record["scoring"]),
    }


@bp.post("/token")
def token():
    body = json_body()
    claims, ttl = body.get("claims") or {}, body.get("ttlSeconds", 1800)
    if not isinstance(claims, dict) or not isinstance(ttl, int | float):
        raise bad("INVALID_TOKEN_REQUEST", "claims must be an object and ttlSeconds a number.")
    return {"token": mint(claims, int(ttl))}


@bp.get("/public-key")
def public_key():
    return Response(public_key_pem(), mimetype="application/x-pem-file")


@bp.get("/triggers")
def triggers():
    return copy.deepcopy(current().store.triggers)


@bp.get("/objects/<bucket>/<path:key>")
def get_object(bucket: str, key: str):
    found = current().store.objects.get((bucket, key))
    if found is None:
        raise not_found("FILE_NOT_FOUND", "Object not found.", key)
    return Response(found.data, mimetype=found.content_type)


@bp.post("/exports/<export_id>/fail")
def fail_export(export_id: str):
    message = json_body().get("message") or "Export failed."
    return force_fail(current(), export_id, str(message))


@bp.get("/exports/<export_id>/download")
def download_export(export_id: str):
    sb = current()
    if not check_signature(sb, export_id, request.args.get("expires"), request.args.get("signature")):
        raise ApiError(403, "INVALID_SIGNATURE", "The download link is invalid or expired.")
    return Response(
        export_file(sb, export_id),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={export_id}.csv"},
    )
