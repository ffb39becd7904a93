"""`upsertCampaign` and `saveCampaignContacts` (docs/normalisation.md §7 and §9)."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.errors import MonoqlError
from monoql.schema.campaigns.body import campaign_body
from monoql.schema.campaigns.inputs import CampaignInput
from monoql.schema.campaigns.loaders import ContactsByCampaignLoader
from monoql.schema.campaigns.normalize import normalize_campaign
from monoql.schema.campaigns.plain import to_plain
from monoql.schema.campaigns.types import Campaign
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.core.report import report_error
from monoql.schema.core.scalars import JSON
from monoql.schema.markets.mutations import save_market
from monoql.schema.markets.normalize import market_body


def _save_markets(info: ResolveInfo, campaign_id: str, markets: list[Any]) -> None:
    """Each input market in order, under the saved campaign; a failure is reported, not fatal."""
    for market in markets:
        try:
            save_market(info.context, market_body({**market, "campaignId": campaign_id}))
        except MonoqlError as exc:
            report_error(info, exc)


class Mutations:
    upsertCampaign = graphene.Field(
        Campaign,
        campaign=graphene.Argument(CampaignInput, required=True),
        description="Create a campaign (no id) or update one (with id).",
    )
    saveCampaignContacts = graphene.List(
        graphene.String,
        contacts=graphene.Argument(graphene.NonNull(graphene.List(JSON))),
        campaignId=graphene.Argument(graphene.ID, required=True),
        description="Replace the contact list of a campaign; returns the contact ids.",
    )

    @staticmethod
    def resolve_upsertCampaign(_: Any, info: ResolveInfo, campaign: Any) -> Any:
        ctx = info.context
        write = campaign_body(to_plain(campaign))
        require_login(ctx)
        campaigns = ctx.clients.campaigns
        if write.campaign_id is None:
            saved = normalize_campaign(campaigns.create_campaign(write.body))
        else:
            saved = normalize_campaign(campaigns.update_campaign(write.campaign_id, write.body))
        if saved is not None and write.markets:
            _save_markets(info, str(saved["id"] or write.campaign_id), write.markets)
        return saved

    @staticmethod
    def resolve_saveCampaignContacts(_: Any, info: ResolveInfo, contacts: list[Any], campaignId: str) -> Any:
        ctx = info.context
        require_login(ctx)
        ids = ctx.clients.campaigns.save_contacts(str(campaignId), list(contacts))
        ctx.loader(ContactsByCampaignLoader).clear(str(campaignId))
        return ids
