"""Resolver of `FanlistCampaign.uploads` (used by the campaigns domain)."""

from __future__ import annotations

from functools import partial
from typing import Any

from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.uploads.normalize import manifest_key, to_fanlist_uploads


def resolve_fanlist_uploads(campaign: Any, info: ResolveInfo) -> Any:
    """Processed fan-list uploads from the campaign's manifest, newest first; [] when none."""
    ctx = info.context
    require_login(ctx)
    campaign_id = str(campaign["id"])
    future = ctx.fetch(
        ctx.clients.uploads.list_files_data,
        manifest_key(campaign_id),
        bucket_name=ctx.settings.buckets.scoring,
    )
    return then(future, partial(to_fanlist_uploads, campaign_id=campaign_id))
