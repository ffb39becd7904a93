"""Seeded objects (scoring bucket, wave storage) and exports in every status (docs/sandbox.md §3)."""

import json
import random
from datetime import datetime, timedelta
from typing import Any

from monoql_sandbox import seed_ids as ids
from monoql_sandbox.clock import iso
from monoql_sandbox.state import Sandbox
from monoql_sandbox.zipfiles import prepped_zip

CSV = "text/csv"
JSON = "application/json"


def _put(sb: Sandbox, bucket: str, key: str, data: str | bytes, kind: str, when: datetime) -> None:
    sb.store.put_object(bucket, key, data.encode() if isinstance(data, str) else data, kind, when)


def seed_objects(sb: Sandbox, rng: random.Random, now: datetime) -> None:
    _scoring_bucket(sb, rng, now)
    _wave_prep(sb, now)
    _waves(sb, now)


def _scoring_bucket(sb: Sandbox, rng: random.Random, now: datetime) -> None:
    bucket, cid = sb.scoring_bucket(), ids.OPEN_CAMPAIGN_ID
    codes = "".join(f"SEEDFILE{i:03d}\n" for i in range(20))
    _put(sb, bucket, f"codes/{cid}/tm/seed-codes.csv", codes, CSV, now - timedelta(days=9))
    _put(
        sb,
        bucket,
        "blacklists/seed-blacklist.csv",
        "email\nblocked@example.com\n",
        CSV,
        now - timedelta(days=8),
    )
    for n, stamp in enumerate(("202912010900", "202912150930")):
        rows = ["email,memberId,score,verified"]
        rows += [
            f"scored{n}{i}@fans.example.com,M-{i:06d},{rng.random():.3f},{'true' if i % 3 else 'false'}"
            for i in range(30 + n * 10)
        ]
        _put(
            sb,
            bucket,
            f"scored/{cid}.NovaLane2030Presale.{stamp}.uploaded.csv",
            "\n".join(rows) + "\n",
            CSV,
            now - timedelta(days=6 - n),
        )
    for fanlist_id in (ids.FANLIST_CAMPAIGN_ID, ids.FANLIST_CAMPAIGN_2_ID):
        folder = f"fanlist/uploaded/{fanlist_id}"
        lines = "".join(f"fan{i}@fans.example.com\n" for i in range(12))
        _put(sb, bucket, f"{folder}/seed-fans.csv", lines, CSV, now - timedelta(days=4))
        manifest = [
            {
                "date": iso(now - timedelta(days=4)),
                "rows": 12,
                "rowsIn": 12,
                "status": "FINISHED",
                "fileKey": f"{folder}/seed-fans.csv",
            }
        ]
        _put(sb, bucket, f"{folder}/manifest.json", json.dumps(manifest), JSON, now - timedelta(days=4))


def _wave_prep(sb: Sandbox, now: datetime) -> None:
    bucket, cid = sb.scoring_bucket(), ids.OPEN_CAMPAIGN_ID
    markets = ids.OPEN_CAMPAIGN_MARKET_IDS
    sheet = "marketId,name,limit\n" + "".join(
        f"{m},Market {i},{50 + 10 * i}\n" for i, m in enumerate(markets)
    )
    for key in (
        ids.WAVE_PREP_DATE_KEY_FINISHED,
        ids.WAVE_PREP_DATE_KEY_FAILED,
        ids.WAVE_PREP_DATE_KEY_UPLOADED,
    ):
        _put(sb, bucket, f"wavePrep/{cid}/data/{key}.csv", sheet, CSV, now - timedelta(days=5))
        _put(
            sb,
            bucket,
            f"wavePrep/{cid}/tmCodes/{key}.csv",
            "code\nTMPREP0001\n",
            CSV,
            now - timedelta(days=5),
        )
        _put(
            sb,
            bucket,
            f"wavePrep/{cid}/nonTmCodes/{key}.csv",
            "code\nEXPREP0001\n",
            CSV,
            now - timedelta(days=5),
        )
    finished, failed = ids.WAVE_PREP_DATE_KEY_FINISHED, ids.WAVE_PREP_DATE_KEY_FAILED
    path = f"wavePrep/{cid}/prepped/prepped.{finished}.zip"
    _put(sb, bucket, path, prepped_zip(["Market 0", "Market 1"]), "application/zip", now - timedelta(days=5))
    options = {
        "reassign": False,
        "orderByPreference": True,
        "singleMarket": False,
        "randomSelection": False,
        "minScore": 0,
    }
    started = iso(now - timedelta(days=5))
    statuses: dict[str, dict[str, Any]] = {
        finished: {
            "status": "FINISHED",
            "error": None,
            "path": path,
            "count": {
                "name": "total",
                "eligible": 120,
                "selected": 100,
                "waitlisted": 20,
                "markets": [
                    {"name": "Market 0", "eligible": 70, "selected": 50, "waitlisted": 20},
                    {"name": "Market 1", "eligible": 50, "selected": 50, "waitlisted": 0},
                ],
            },
        },
        failed: {
            "status": "FAILED",
            "error": {"message": "Seeded failure: market file unreadable"},
            "path": None,
            "count": None,
        },
    }
    for key, extra in statuses.items():
        body = {
            "campaignId": cid,
            "dateKey": key,
            "attempts": 1,
            "options": options,
            "date": {"started": started, "finished": started},
            **extra,
        }
        _put(sb, bucket, f"wavePrep/{cid}/status/{key}.json", json.dumps(body), JSON, now - timedelta(days=5))


def wave_config(name: str, folder: str, campaign_id: str, notify: datetime, now: datetime) -> dict[str, Any]:
    return {
        "waveName": name,
        "key": f"smsWaves/{folder}/{name}_csv.json",
        "fileKey": f"smsWaves/csv/{name}.csv",
        "campaignId": campaign_id,
        "categoryId": 10001,
        "totalLimit": 500,
        "generateOfferCode": True,
        "tiedToAccount": False,
        "notifyDate": iso(notify),
        "dateScheduled": iso(now - timedelta(days=2)),
        "dateTriggered": None,
        "result": None,
        "error": None,
    }


def _waves(sb: Sandbox, now: datetime) -> None:
    bucket, cid = sb.settings["buckets"]["waves"], ids.OPEN_CAMPAIGN_ID
    header = "email,firstName,lastName,globalUserId,mobileNumber,doNotText,code\n"
    for folder, name in ids.SEEDED_WAVE_NAMES.items():
        rows = "".join(
            f"w{i}@fans.example.com,Fan,{i},G-{i:06d},+1555300{i:04d},"
            f"{'true' if i % 4 == 0 else 'false'},{'' if folder == 'uploaded' else f'WV{i:05d}'}\n"
            for i in range(8)
        )
        _put(sb, bucket, f"smsWaves/csv/{name}.csv", header + rows, CSV, now - timedelta(days=2))
        config = wave_config(name, folder, cid, now + timedelta(days=3 if folder != "triggered" else -1), now)
        if folder != "uploaded":
            config.update(beginDate=iso(now + timedelta(days=2)), endDate=iso(now + timedelta(days=368)))
            _put(
                sb,
                bucket,
                f"smsWaves/configs/{name}.normalized.json",
                json.dumps(config),
                JSON,
                now - timedelta(days=2),
            )
        if folder == "triggered":
            config.update(
                dateTriggered=iso(now - timedelta(days=1)),
                dateCompleted=iso(now - timedelta(days=1)),
                result={"count": {"total": 8, "ok": 6, "failed": 0}},
            )
        if folder == "failed":
            config["error"] = {"message": "Seeded failure: offer-code service unavailable"}
        _put(sb, bucket, config["key"], json.dumps(config), JSON, now - timedelta(days=2))


def seed_exports(sb: Sandbox, now: datetime) -> None:
    campaign = sb.store.campaigns[ids.OPEN_CAMPAIGN_ID]
    for n, (status, export_id) in enumerate(ids.SEEDED_EXPORT_IDS.items()):
        created = now - timedelta(days=10 - n)
        dates = {"created": iso(created), "pending": iso(created)}
        if status != "PENDING":
            dates["triggered"] = iso(created + timedelta(seconds=5))
        if status in ("FINISHED", "FAILED", "EXPIRED"):
            dates[status.lower()] = iso(created + timedelta(minutes=15 if status == "EXPIRED" else 1))
        sb.store.exports[export_id] = {
            "id": export_id,
            "campaignId": campaign["id"],
            "campaignName": campaign["name"],
            "exportType": ["codeWaves", "codeWaves", "entries", "scoring", "codes"][n],
            "status": status,
            "requesterUserId": ids.SUPREME_USER_ID,
            "date": dates,
            "count": 42 if status == "FINISHED" else None,
            "path": None,
            "key": None,
            # in-progress seeds carry an old date key so new exports are never deduplicated onto them
            "dateKey": "19990101" if status in ("PENDING", "TRIGGERED") else None,
            "includeAllMarkets": False,
            "error": {"message": "Seeded failure", "payload": None, "stack": None}
            if status == "FAILED"
            else None,
            "_seeded": True,
            "_file": "id,email\n" + "".join(f"{i},seed{i}@fans.example.com\n" for i in range(42)),
        }
