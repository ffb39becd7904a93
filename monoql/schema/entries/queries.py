"""Resolvers of the entry-related fields of `RegistrationCampaign` (used by the campaigns domain)."""

from __future__ import annotations

from typing import Any

from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.entries.loaders import (
    EligibilityByCampaignLoader,
    EntryByCampaignLoader,
    entry_key,
)
from monoql.schema.entries.normalize import to_eligible_counts, to_entry


def _campaign_id(campaign: Any) -> str:
    return str(campaign["id"])


def resolve_entry(campaign: Any, info: ResolveInfo) -> Any:
    """The viewer's own entry; null for anonymous viewers (no call) and when there is none."""
    ctx = info.context
    if not ctx.caller.jwt:
        return None
    future = ctx.loader(EntryByCampaignLoader).load(entry_key(ctx.caller, _campaign_id(campaign)))
    return then(future, to_entry)


def resolve_eligibility(campaign: Any, info: ResolveInfo) -> Any:
    """Whether the viewer may register; open to anonymous viewers."""
    ctx = info.context
    return ctx.loader(EligibilityByCampaignLoader).load(entry_key(ctx.caller, _campaign_id(campaign)))


def resolve_eligible_counts(
    campaign: Any,
    info: ResolveInfo,
    *,
    marketIds: list[str | None] | None = None,
    includePrevSelected: bool | None = None,
    minScore: float | None = None,
    maxScore: float | None = None,
) -> Any:
    """Eligible fans overall and per market (entries GET /{id}/entries/eligibility)."""
    ctx = info.context
    require_login(ctx)
    market_ids = tuple(str(m) for m in marketIds or () if m is not None) or None
    future = ctx.fetch(
        ctx.clients.entries.get_eligibility,
        _campaign_id(campaign),
        market_ids=market_ids,
        min_score=minScore,
        max_score=maxScore,
        reassign=includePrevSelected,
    )
    return then(future, to_eligible_counts)
