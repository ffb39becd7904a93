"""Query fields of the waves domain: `waveList` and `wavePrepList`."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.core.futures import gather, then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.waves import prep, rules
from monoql.schema.waves.types import Wave, WavePrep


class Queries:
    wavePrepList = graphene.List(
        WavePrep,
        campaignId=graphene.ID(required=True),
        description="Wave-preparation runs of a campaign, one per date key.",
    )
    waveList = graphene.List(
        Wave,
        campaignId=graphene.ID(),
        description="SMS notification waves, optionally only those of one campaign.",
    )

    @staticmethod
    def resolve_waveList(root: Any, info: ResolveInfo, campaignId: str | None = None) -> Any:
        ctx = info.context
        require_login(ctx)
        read = ctx.clients.waves.list_files_data
        calls = [ctx.fetch(read, f"{rules.ROOT}{folder}/") for folder in rules.CONFIG_FOLDERS]
        return then(
            gather(calls),
            lambda results: rules.to_waves(list(zip(rules.CONFIG_FOLDERS, results, strict=True)), campaignId),
        )

    @staticmethod
    def resolve_wavePrepList(root: Any, info: ResolveInfo, campaignId: str) -> Any:
        ctx = info.context
        require_login(ctx)
        bucket = ctx.settings.buckets.scoring
        status, data, prepped = prep.prefixes(campaignId)
        calls = [
            ctx.fetch(ctx.clients.uploads.list_files_data, status, bucket_name=bucket),
            ctx.fetch(ctx.clients.uploads.list_files, data, bucket_name=bucket),
            ctx.fetch(ctx.clients.uploads.list_files, prepped, bucket_name=bucket),
        ]
        return then(gather(calls), lambda results: prep.to_wave_preps(campaignId, *results))
