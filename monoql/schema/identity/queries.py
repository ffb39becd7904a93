"""`identity` and `ppc`: client settings answered from configuration (docs/identity.md)."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.core.info import ResolveInfo
from monoql.schema.identity.hosts import identity_for_host
from monoql.schema.identity.types import Identity, Ppc


class Queries:
    identity = graphene.Field(
        Identity, description="Ticketmaster Identity client settings for the host the request was sent to."
    )
    ppc = graphene.Field(Ppc, description="Phone-confirmation (PPC) widget settings.")

    @staticmethod
    def resolve_identity(_: Any, info: ResolveInfo) -> dict[str, Any]:
        ctx = info.context
        return identity_for_host(ctx.settings.identity, ctx.http.host)

    @staticmethod
    def resolve_ppc(_: Any, info: ResolveInfo) -> dict[str, Any]:
        ppc = info.context.settings.ppc
        return {"url": ppc.url, "id": ppc.id, "token": ppc.token}
