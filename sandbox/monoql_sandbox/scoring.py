"""entries stand-in: transfer, counts, eligibility figures, tags, verdicts, bulk scoring (4.3, 4.4)."""

from typing import Any

from flask import request

from monoql_sandbox import eligibility as elig
from monoql_sandbox.auth import require_supreme
from monoql_sandbox.entries import bp
from monoql_sandbox.entry_store import pref_ids
from monoql_sandbox.envelope import bad, json_body, not_found, reply
from monoql_sandbox.lifecycle import load_campaign
from monoql_sandbox.state import current

TARGET_FIELDS = ("email", "phone", "memberId", "globalUserId", "user_id")


def _admin_campaign(campaign_id: str) -> tuple[dict[str, Any], list[str], list[dict[str, Any]]]:
    require_supreme()
    sb = current()
    campaign = load_campaign(sb, campaign_id)
    market_ids = [m["id"] for m in sb.store.campaign_markets(campaign_id)]
    records = list(sb.store.entries.get(campaign_id, {}).values())
    return campaign, market_ids, records


@bp.post("/<campaign_id>/entries/transfer")
def transfer(campaign_id: str):
    campaign, market_ids, records = _admin_campaign(campaign_id)
    body = json_body()
    source, target = body.get("fromMarketId"), body.get("toMarketId")
    if source not in market_ids or target not in market_ids:
        raise not_found(
            "MARKET_NOT_FOUND",
            "Market not found.",
            "fromMarketId" if source not in market_ids else "toMarketId",
        )
    if source == target:
        raise bad("INVALID_TRANSFER", "fromMarketId and toMarketId must differ.", field="toMarketId")
    first_ids, extra_ids = (
        pref_ids(campaign, "market_select"),
        pref_ids(campaign, "additional_markets_select"),
    )
    changed = 0
    for record in records:
        ranking = record["scoring"]["marketIds"]
        if source not in ranking:
            continue
        moved = list(dict.fromkeys(target if m == source else m for m in ranking))
        record["scoring"]["marketIds"] = moved
        fields = record["entry"]["fields"]
        for pid in first_ids[:1]:
            fields[pid] = moved[0] if moved else None
        for pid in extra_ids[:1]:
            fields[pid] = moved[1:]
        changed += 1
    return reply({"fromMarketId": source, "toMarketId": target, "transferred": changed})


@bp.get("/<campaign_id>/entries/counts")
def counts(campaign_id: str):
    _campaign, market_ids, records = _admin_campaign(campaign_id)
    return reply(elig.rank_counts((r["scoring"] for r in records), market_ids))


@bp.get("/<campaign_id>/entries/eligibility")
def eligibility(campaign_id: str):
    _campaign, market_ids, records = _admin_campaign(campaign_id)
    low, high = elig.score_args()
    include_prev = elig.flag_arg("reassign", "includePrevSelected")
    wanted = [m for m in (request.args.get("marketIds") or "").split(",") if m] or market_ids
    eligible = [r["scoring"] for r in records if elig.is_eligible(r["scoring"], low, high, include_prev)]
    by_market = []
    for market, counts_ in zip(wanted, elig.rank_counts(eligible, wanted), strict=True):
        ranks = counts_["counts"]
        by_market.append(
            {
                "marketId": market,
                "count": sum(ranks),
                "countsByPreferenceRank": [{"rank": i + 1, "count": c} for i, c in enumerate(ranks)],
            }
        )
    total = sum(1 for s in eligible if set(s.get("marketIds") or []) & set(wanted))
    return reply({"count": total, "byMarket": by_market})


@bp.get("/<campaign_id>/entries/eligibility/breakdown")
def breakdown(campaign_id: str):
    _campaign, market_ids, records = _admin_campaign(campaign_id)
    low, high = elig.score_args()
    include_prev = elig.flag_arg("includePrevSelected", "reassign")
    eligible = (r["scoring"] for r in records if elig.is_eligible(r["scoring"], low, high, include_prev))
    return reply(elig.rank_counts(eligible, market_ids))


@bp.get("/<campaign_id>/entries/eligibility/verifiedCount")
def verified_count(campaign_id: str):
    _campaign, market_ids, records = _admin_campaign(campaign_id)
    low, high = elig.score_args()
    counts_ = dict.fromkeys(market_ids, 0)
    for record in records:
        scoring = record["scoring"]
        ranking = scoring.get("marketIds") or []
        if (
            scoring.get("verdict") is True
            and elig.in_range(scoring, low, high)
            and ranking
            and ranking[0] in counts_
        ):
            counts_[ranking[0]] += 1
    return reply([{"id": m, "count": c} for m, c in counts_.items()])


@bp.get("/<campaign_id>/entries/eligibility/totalSelected")
def total_selected(campaign_id: str):
    _campaign, market_ids, records = _admin_campaign(campaign_id)
    counts_ = dict.fromkeys(market_ids, 0)
    for record in records:
        for market in {c.get("marketId") for c in record["scoring"].get("codes") or []}:
            if market in counts_:
                counts_[market] += 1
    return reply([{"id": m, "count": c} for m, c in counts_.items()])


def _norm(field: str, value: object) -> object:
    return value.lower() if field == "email" and isinstance(value, str) else value


@bp.post("/<campaign_id>/scoring/tags")
def add_tags(campaign_id: str):
    _campaign, _markets, records = _admin_campaign(campaign_id)
    body = json_body()
    wanted, field, tag = body.get("records"), body.get("targetField"), body.get("tagName")
    if not isinstance(wanted, list) or not wanted:
        raise bad("MISSING_RECORDS", "records must be a non-empty list.", field="records")
    if field not in TARGET_FIELDS:
        raise bad("INVALID_TARGET_FIELD", "Unknown targetField.", field="targetField")
    if not isinstance(tag, str) or not tag:
        raise bad("MISSING_TAG_NAME", "tagName is required.", field="tagName")
    values = {_norm(field, v) for v in wanted}
    tagged = 0
    for record in records:
        scoring = record["scoring"]
        if _norm(field, scoring.get(field)) in values and not scoring["tags"].get(tag):
            scoring["tags"][tag] = True
            tagged += 1
    return reply({"count": tagged})


@bp.post("/<campaign_id>/scoring/flipVerdicts")
def flip_verdicts(campaign_id: str):
    _campaign, _markets, records = _admin_campaign(campaign_id)
    body = json_body()
    tag, kind = body.get("tagName"), body.get("filterType")
    if not isinstance(tag, str) or not tag:
        raise bad("MISSING_TAG_NAME", "tagName is required.", field="tagName")
    if kind not in ("allow", "block"):
        raise bad("INVALID_FILTER_TYPE", "filterType is allow or block.", field="filterType")
    verdict, changed = kind == "allow", 0
    for record in records:
        scoring = record["scoring"]
        if scoring["tags"].get(tag) and scoring.get("verdict") is not verdict:
            scoring["verdict"] = verdict
            changed += 1
    return reply({"count": changed})


@bp.post("/<campaign_id>/entries/scoring")
def bulk_scoring(campaign_id: str):
    _campaign, _markets, records = _admin_campaign(campaign_id)
    incoming = json_body().get("records")
    if not isinstance(incoming, list):
        raise bad("MISSING_RECORDS", "records must be a list.", field="records")
    found = updated = 0
    for item in incoming:
        if not isinstance(item, dict):
            continue
        key = next((k for k in ("phone", "email", "memberId", "globalUserId") if item.get(k)), None)
        match = next(
            (
                r["scoring"]
                for r in records
                if key and _norm(key, r["scoring"].get(key)) == _norm(key, item[key])
            ),
            None,
        )
        if match is None:
            continue
        found += 1
        changes = {k: item[k] for k in ("score", "verdict") if k in item and match.get(k) != item[k]}
        match.update(changes)
        updated += bool(changes)
    return reply({"in": len(incoming), "found": found, "updated": updated})
