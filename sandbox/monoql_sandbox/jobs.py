"""Background jobs behind POST /trigger/:function, run synchronously (docs/sandbox.md §5)."""

import csv
import io
import secrets
from datetime import timedelta
from typing import Any

from monoql_sandbox import eligibility as elig
from monoql_sandbox.clock import iso, parse_iso
from monoql_sandbox.objects import read_json, write_json
from monoql_sandbox.state import Sandbox
from monoql_sandbox.stats import upsert
from monoql_sandbox.zipfiles import prepped_zip

# function -> keys its payload must carry
JOBS: dict[str, tuple[str, ...]] = {
    "waveprep": ("campaignId", "dateKey"),
    "selection": ("campaignId", "marketIds"),
    "gen-sms-wave-codes": ("waveFilePrefix", "config"),
    "process-scheduled": (),
    "ccpa": (),
}


def run_job(sb: Sandbox, function: str, data: dict[str, Any]) -> bool:
    """Run a job to completion; False when it could not be started."""
    if function == "waveprep":
        return _waveprep(sb, data)
    if function == "selection":
        return _selection(sb, data)
    if function == "gen-sms-wave-codes":
        return _gen_codes(sb, data)
    if function == "process-scheduled":
        return _process_scheduled(sb, data)
    return True  # ccpa: recorded only


def _read_csv(sb: Sandbox, bucket: str, key: str) -> list[dict[str, Any]] | None:
    found = sb.store.objects.get((bucket, key))
    if found is None:
        return None
    return list(csv.DictReader(io.StringIO(found.data.decode("utf-8-sig", "replace"))))


def _write_csv(sb: Sandbox, bucket: str, key: str, rows: list[dict[str, Any]], fields: list[str]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    sb.store.put_object(bucket, key, out.getvalue().encode(), "text/csv", sb.now())


def _prep_counts(sb: Sandbox, cid: str, rows: list[dict[str, Any]], data: dict[str, Any]) -> dict[str, Any]:
    low = data.get("minScore")
    low = float(low) if isinstance(low, int | float) and not isinstance(low, bool) else None
    reassign, single = bool(data.get("reassign")), bool(data.get("singleMarket"))
    file_markets = [r.get("marketId") for r in rows]
    names = {m["id"]: m["name"] for m in sb.store.campaign_markets(cid)}
    eligible = dict.fromkeys(file_markets, 0)
    for record in sb.store.entries.get(cid, {}).values():
        scoring = record["scoring"]
        if not elig.is_eligible(scoring, low, None, reassign):
            continue
        ranked = [m for m in scoring.get("marketIds") or [] if m in eligible]
        for market in ranked[:1] if single else ranked:
            eligible[market] += 1
    markets: list[dict[str, Any]] = []
    for row in rows:
        market = row.get("marketId")
        limit = row.get("limit")
        count = eligible.get(market, 0)
        selected = min(count, int(limit)) if limit not in (None, "") and str(limit).isdigit() else count
        markets.append(
            {
                "name": row.get("name") or names.get(market) or market,
                "eligible": count,
                "selected": selected,
                "waitlisted": count - selected,
            }
        )
    totals = {k: sum(m[k] for m in markets) for k in ("eligible", "selected", "waitlisted")}
    return {"name": "total", **totals, "markets": markets}


def _waveprep(sb: Sandbox, data: dict[str, Any]) -> bool:
    cid, date_key, bucket = str(data["campaignId"]), str(data["dateKey"]), sb.scoring_bucket()
    status_key = f"wavePrep/{cid}/status/{date_key}.json"
    previous = read_json(sb, bucket, status_key, {})
    options = {
        k: bool(data.get(k)) for k in ("reassign", "orderByPreference", "singleMarket", "randomSelection")
    }
    options["minScore"] = data.get("minScore", 0)
    status: dict[str, Any] = {
        "campaignId": cid,
        "dateKey": date_key,
        "status": "TRIGGERED",
        "attempts": int((previous or {}).get("attempts") or 0) + 1,
        "date": {"started": iso(sb.now()), "finished": None},
        "error": None,
        "path": None,
        "options": options,
        "count": None,
    }
    write_json(sb, bucket, status_key, status)
    data_key = f"wavePrep/{cid}/data/{date_key}.csv"
    rows = _read_csv(sb, bucket, data_key)
    if rows is None:
        status.update(status="FAILED", error={"message": f"Markets file {data_key} not found."})
    elif not rows or "marketId" not in rows[0]:
        status.update(status="FAILED", error={"message": "Markets file has no marketId column."})
    else:
        status["count"] = _prep_counts(sb, cid, rows, data)
        path = f"wavePrep/{cid}/prepped/prepped.{date_key}.zip"
        zipped = prepped_zip([m["name"] for m in status["count"]["markets"]])
        sb.store.put_object(bucket, path, zipped, "application/zip", sb.now())
        status.update(status="FINISHED", path=path)
    status["date"]["finished"] = iso(sb.now())
    write_json(sb, bucket, status_key, status)
    return True


def _selection(sb: Sandbox, data: dict[str, Any]) -> bool:
    cid, market_ids = str(data["campaignId"]), data["marketIds"]
    if cid not in sb.store.campaigns or not isinstance(market_ids, list):
        return False
    date_id = sb.now().strftime("%Y%m%d")
    for market in market_ids:
        selected = 0
        for record in sb.store.entries.get(cid, {}).values():
            scoring = record["scoring"]
            ranked = scoring.get("marketIds") or []
            if ranked and ranked[0] == market and elig.is_eligible(scoring, None, None, False):
                scoring["codes"].append({"id": "SEL-" + secrets.token_hex(4).upper(), "marketId": market})
                selected += 1
        upsert(
            sb,
            cid,
            "selection",
            {"marketId": market, "dateId": date_id, "status": "FINISHED", "count": {"selected": selected}},
        )
    return True


def _gen_codes(sb: Sandbox, data: dict[str, Any]) -> bool:
    bucket, prefix = sb.settings["buckets"]["waves"], str(data["waveFilePrefix"])
    config = data["config"] if isinstance(data["config"], dict) else {}
    name = config.get("waveName") or prefix.rsplit("/", 1)[-1]
    uploaded_key = f"smsWaves/uploaded/{name}_csv.json"
    config = read_json(sb, bucket, uploaded_key, None) or dict(config)
    rows = _read_csv(sb, bucket, f"{prefix}.csv")
    sb.store.objects.pop((bucket, uploaded_key), None)
    if rows is None:
        config.update(
            key=f"smsWaves/failed/{name}_csv.json", error={"message": f"Wave file {prefix}.csv not found."}
        )
        write_json(sb, bucket, config["key"], config)
        return True
    fields = list(rows[0].keys()) if rows else ["email", "mobileNumber"]
    fields += [] if "code" in fields else ["code"]
    used = {r.get("code") for r in rows if r.get("code")}
    for row in rows:
        while not row.get("code"):
            candidate = "WV" + secrets.token_hex(4).upper()
            row["code"] = candidate if candidate not in used else ""
        used.add(row["code"])
    _write_csv(sb, bucket, f"{prefix}.csv", rows, fields)
    notify = parse_iso(config.get("notifyDate")) or sb.now()
    config.update(
        beginDate=iso(notify - timedelta(days=1)),
        endDate=iso(notify + timedelta(days=365)),
        key=f"smsWaves/scheduled/{name}_csv.json",
        error=None,
    )
    write_json(sb, bucket, f"smsWaves/configs/{name}.normalized.json", config)
    write_json(sb, bucket, config["key"], config)
    return True


def _process_scheduled(sb: Sandbox, data: dict[str, Any]) -> bool:
    bucket = sb.settings["buckets"]["waves"]
    now = parse_iso(data.get("now")) or sb.now()
    keys = [k for (b, k) in list(sb.store.objects) if b == bucket and k.startswith("smsWaves/scheduled/")]
    for key in sorted(keys):
        config = read_json(sb, bucket, key, None)
        notify = parse_iso(config.get("notifyDate")) if isinstance(config, dict) else None
        if notify is None or notify > now:
            continue
        name = key.rsplit("/", 1)[-1]
        rows = _read_csv(sb, bucket, config.get("fileKey") or "") or []
        ok = sum(1 for r in rows if str(r.get("doNotText") or "").strip().lower() != "true")
        config.update(
            key=f"smsWaves/triggered/{name}",
            dateTriggered=iso(now),
            dateCompleted=iso(now),
            result={"count": {"total": len(rows), "ok": ok, "failed": 0}},
        )
        sb.store.objects.pop((bucket, key), None)
        write_json(sb, bucket, config["key"], config)
    return True
