"""Resolver of `FanlistCampaign.exports` (used by the campaigns domain)."""

from __future__ import annotations

from typing import Any

from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.exports.normalize import to_exports


def resolve_campaign_exports(campaign: Any, info: ResolveInfo) -> Any:
    """The newest exports of the campaign up to the service's default limit."""
    ctx = info.context
    require_login(ctx)
    return then(ctx.fetch(ctx.clients.exports.list_exports, str(campaign["id"])), to_exports)
