"""`upsertPromoter` and `deletePromoter` (docs/normalisation.md §9)."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.campaigns.plain import to_plain
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.core.scalars import JSON
from monoql.schema.promoters.queries import to_promoter
from monoql.schema.promoters.types import Promoter, PromoterInput


class Mutations:
    upsertPromoter = graphene.Field(
        Promoter,
        promoter=graphene.Argument(PromoterInput, required=True),
        description="Create a promoter (no id) or update one (with id).",
    )
    deletePromoter = graphene.Field(
        JSON, promoterId=graphene.Argument(graphene.String, required=True), description="Delete a promoter."
    )

    @staticmethod
    def resolve_upsertPromoter(_: Any, info: ResolveInfo, promoter: Any) -> Any:
        ctx = info.context
        require_login(ctx)
        body = to_plain(promoter)
        promoter_id = body.pop("id", None)
        campaigns = ctx.clients.campaigns
        saved = (
            campaigns.update_promoter(str(promoter_id), body)
            if promoter_id
            else campaigns.create_promoter(body)
        )
        return to_promoter(saved)

    @staticmethod
    def resolve_deletePromoter(_: Any, info: ResolveInfo, promoterId: str) -> Any:
        ctx = info.context
        require_login(ctx)
        return ctx.clients.campaigns.delete_promoter(promoterId)
