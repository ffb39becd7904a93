"""Mutations of the stats domain: upsertStat, addTags and flipVerdicts."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.core.scalars import JSON
from monoql.schema.stats.normalize import flatten_stat, flatten_stats, is_stat_doc, pick_stat
from monoql.schema.stats.queries import enum_value
from monoql.schema.stats.types import FilterType, Stat, StatsType, UpdatedCount


def to_updated_count(answer: Any) -> dict[str, Any]:
    return {"count": answer.get("count") if isinstance(answer, dict) else None}


def stat_body(args: dict[str, Any]) -> dict[str, Any]:
    """entries `POST /{cid}/stats/{type}` body: `{marketId, dateId, status, meta, count}` without nulls."""
    keys = ("marketId", "dateId", "status", "meta", "count")
    return {key: args[key] for key in keys if args.get(key) is not None}


class Mutations:
    addTags = graphene.Field(
        UpdatedCount,
        campaignId=graphene.String(required=True),
        fileRecords=graphene.List(graphene.String, required=True),
        targetField=graphene.String(required=True),
        tagName=graphene.String(required=True),
        description="Tag the scoring records whose `targetField` equals one of `fileRecords`.",
    )
    flipVerdicts = graphene.Field(
        UpdatedCount,
        campaignId=graphene.String(required=True),
        tagName=graphene.String(required=True),
        filterType=FilterType(required=True),
        description="Allow or block every scoring record that carries a tag.",
    )
    upsertStat = graphene.Field(
        Stat,
        campaignId=graphene.ID(required=True),
        marketId=graphene.ID(),
        dateId=graphene.String(required=True),
        type=StatsType(required=True),
        status=graphene.String(),
        meta=JSON(),
        count=JSON(),
        description="Create or update a stats record.",
    )

    @staticmethod
    def resolve_addTags(
        root: Any,
        info: ResolveInfo,
        campaignId: str,
        fileRecords: list[str | None],
        targetField: str,
        tagName: str,
    ) -> Any:
        ctx = info.context
        require_login(ctx)
        records = [r for r in fileRecords if r is not None]
        return to_updated_count(ctx.clients.entries.add_tags(campaignId, records, targetField, tagName))

    @staticmethod
    def resolve_flipVerdicts(
        root: Any, info: ResolveInfo, campaignId: str, tagName: str, filterType: Any
    ) -> Any:
        ctx = info.context
        require_login(ctx)
        return to_updated_count(
            ctx.clients.entries.flip_verdicts(campaignId, tagName, enum_value(filterType))
        )

    @staticmethod
    def resolve_upsertStat(
        root: Any, info: ResolveInfo, campaignId: str, dateId: str, type: Any, **args: Any
    ) -> Any:
        ctx = info.context
        require_login(ctx)
        stats_type = enum_value(type)
        entries = ctx.clients.entries
        answer = entries.upsert_stat(campaignId, stats_type, stat_body({**args, "dateId": dateId}))
        if is_stat_doc(answer):
            return flatten_stat(answer, stats_type)
        market_id = args.get("marketId")
        stored = entries.list_stats(campaignId, stats_type, market_id=market_id, date_id=dateId)
        return pick_stat(flatten_stats(stored, stats_type), market_id, dateId)
