"""Fan mutations on the viewer's entry: upsertViewerEntry, submitConfirm, refreshEntryAttribute."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.errors import Unauthenticated
from monoql.schema.campaigns.enums import LinkableAttributeType
from monoql.schema.campaigns.queries import unlocked_for_caller
from monoql.schema.content.locales import to_backend
from monoql.schema.core.context import RequestContext
from monoql.schema.core.futures import then
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import guard_token_mismatch
from monoql.schema.core.scalars import JSON
from monoql.schema.entries.body import build_entry_body, check_entry
from monoql.schema.entries.loaders import EligibilityByCampaignLoader, EntryByCampaignLoader, entry_key
from monoql.schema.viewer.queries import viewer_root

VIEWER_TYPE = "monoql.schema.viewer.types.Viewer"


def _enum_value(value: Any) -> Any:
    return getattr(value, "value", value)


def _password_required() -> Any:
    raise Unauthenticated(
        "This campaign needs its password before it takes an entry.", reason="CAMPAIGN_PASSWORD_REQUIRED"
    )


def _upsert(ctx: RequestContext, campaign_id: str, body: dict[str, Any]) -> Any:
    """Send the entry, keep the stored one for the rest of the request, answer the Viewer."""
    stored = ctx.clients.entries.upsert_entry(campaign_id, body)
    key = entry_key(ctx.caller, campaign_id)
    ctx.loader(EntryByCampaignLoader).prime(key, stored if isinstance(stored, dict) else None)
    ctx.loader(EligibilityByCampaignLoader).clear(key)
    return viewer_root(ctx)


class Mutations:
    upsertViewerEntry = graphene.Field(
        VIEWER_TYPE,
        entry=JSON(required=True),
        campaignId=graphene.String(required=True),
        locale=graphene.String(required=True),
        description="Create or update the viewer's entry in a campaign.",
    )
    submitConfirm = JSON(
        campaignId=graphene.String(required=True),
        phoneJwt=graphene.String(required=True),
        description="Confirm the phone number of the viewer's entry with a phone-verification token.",
    )
    refreshEntryAttribute = JSON(
        campaignId=graphene.ID(required=True),
        attribute=LinkableAttributeType(required=True),
        description="Re-check one linkable attribute, such as a payment card, on the viewer's entry.",
    )

    @staticmethod
    def resolve_upsertViewerEntry(
        root: Any, info: ResolveInfo, entry: Any, campaignId: str, locale: str
    ) -> Any:
        ctx = info.context
        answers = check_entry(entry)
        guard_token_mismatch(ctx)
        body = build_entry_body(answers, locale, ctx.http.headers, ctx.http.client_ip,
                                trust_country_header=ctx.settings.proxy.trust_country_header)
        unlocked = unlocked_for_caller(ctx, campaignId, to_backend(locale))
        return then(unlocked, lambda ok: _upsert(ctx, campaignId, body) if ok else _password_required())

    @staticmethod
    def resolve_submitConfirm(root: Any, info: ResolveInfo, campaignId: str, phoneJwt: str) -> Any:
        ctx = info.context
        guard_token_mismatch(ctx)
        return ctx.clients.entries.confirm_phone(campaignId, phoneJwt)

    @staticmethod
    def resolve_refreshEntryAttribute(root: Any, info: ResolveInfo, campaignId: str, attribute: Any) -> Any:
        ctx = info.context
        guard_token_mismatch(ctx)
        return ctx.clients.entries.refresh_attribute(campaignId, _enum_value(attribute))
