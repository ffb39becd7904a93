"""GraphQL types of the access-code inventory: the `Codes` namespace and `CodeCount`."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login


class CodeCount(graphene.ObjectType):
    available = graphene.Int()
    assigned = graphene.Int()
    reserved = graphene.Int(description="Reserved within the last 24 hours and not assigned.")


def to_code_count(answer: Any) -> dict[str, Any]:
    """Passed through; keys not in the answer (another status was asked for) are null."""
    doc = answer if isinstance(answer, dict) else {}
    return {key: doc.get(key) for key in ("available", "assigned", "reserved")}


class Codes(graphene.ObjectType):
    count = graphene.Field(
        CodeCount,
        campaignId=graphene.ID(required=True),
        type=graphene.String(required=True),
        status=graphene.String(),
        description=(
            "Code counts of a campaign; `type` is tm or external, `status` limits the answer to one state."
        ),
    )

    @staticmethod
    def resolve_count(
        root: Any, info: ResolveInfo, campaignId: str, type: str, status: str | None = None
    ) -> Any:
        ctx = info.context
        require_login(ctx)
        return then(ctx.fetch(ctx.clients.codes.count_codes, campaignId, type, status=status), to_code_count)
