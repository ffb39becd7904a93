"""`promoters`: every promoter (campaigns `GET /promoters`)."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.promoters.types import Promoter


def to_promoter(doc: Any) -> Any:
    """`id` from `id` or `_id`; everything else (privacy URL locales included) as stored."""
    if not isinstance(doc, dict):
        return doc
    return {**doc, "id": doc.get("id") if doc.get("id") is not None else doc.get("_id")}


class Queries:
    promoters = graphene.List(Promoter, description="Every promoter.")

    @staticmethod
    def resolve_promoters(_: Any, info: ResolveInfo) -> Any:
        ctx = info.context
        require_login(ctx)
        future = ctx.fetch(ctx.clients.campaigns.list_promoters)
        return then(future, lambda docs: [to_promoter(d) for d in docs])
