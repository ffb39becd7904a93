"""Mutation of the exports domain: `scheduleExport`."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.exports.normalize import to_export
from monoql.schema.exports.types import Export


class Mutations:
    scheduleExport = graphene.Field(
        Export,
        campaignId=graphene.String(required=True),
        type=graphene.String(required=True),
        dateKey=graphene.String(),
        description=(
            "Request an export; an identical export still in progress is returned instead of a new one."
        ),
    )

    @staticmethod
    def resolve_scheduleExport(
        root: Any, info: ResolveInfo, campaignId: str, type: str, dateKey: str | None = None
    ) -> Any:
        ctx = info.context
        require_login(ctx)
        return to_export(ctx.clients.exports.schedule_export(campaignId, type, date_key=dateKey))
