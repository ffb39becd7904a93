"""The `Campaign` interface, its two concrete types, and the `Campaigns` listing namespace.

Parents are the dicts built by `campaigns.normalize.normalize_campaign`; plain fields resolve by name.
"""

from __future__ import annotations

import builtins
from typing import Any

import graphene

from monoql.schema.campaigns import queries
from monoql.schema.campaigns.enums import CampaignSubtype, CampaignType, FanIdentifier, FanlistScoring
from monoql.schema.campaigns.normalize import campaign_type
from monoql.schema.campaigns.parts import (
    CampaignArtist,
    CampaignDate,
    CampaignDomain,
    CampaignImages,
    CampaignOptions,
    CampaignPageFAQ,
    CampaignSchema,
    CampaignSlackOptions,
    CampaignTour,
    Field,
    Locale,
    Tracker,
)
from monoql.schema.content.types import CampaignContent
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.scalars import JSON
from monoql.schema.entries.queries import resolve_eligibility, resolve_eligible_counts, resolve_entry
from monoql.schema.entries.types import CampaignEntry, Eligibility, EligibleCounts
from monoql.schema.exports.queries import resolve_campaign_exports
from monoql.schema.exports.types import Export
from monoql.schema.markets.types import Market
from monoql.schema.uploads.queries import resolve_fanlist_uploads
from monoql.schema.uploads.types import FanlistUpload


class Campaign(graphene.Interface):
    """A Verified Fan presale campaign; the concrete type follows `type`."""

    id = graphene.ID(description="Campaign id.")
    # The resolver is given with the field: `resolve_type` is graphene's name for the type resolver.
    type = graphene.Field(
        CampaignType, resolver=queries.resolve_campaign_type, description="Kind of campaign."
    )
    name = graphene.String(description="Campaign name.")
    artist = graphene.Field(CampaignArtist, description="The artist of the presale.")
    categoryId = graphene.ID(description="Discovery category id of the presale.")
    referenceTimezone = graphene.String(description="IANA time zone used to present the campaign's dates.")
    date = graphene.Field(CampaignDate, description="Scheduled and actual dates.")
    contacts = graphene.List(JSON, description="Contacts attached to the campaign.")
    identifier = graphene.Field(FanIdentifier, description="Fan identifier used to match fans.")
    schema = graphene.Field(CampaignSchema, description="Content schema version.")
    subType = graphene.Field(CampaignSubtype, description="Campaign sub-type, such as fanclub.")

    resolve_contacts = queries.resolve_contacts  # graphene finds a field's resolver on the interface too

    @classmethod
    def resolve_type(cls, instance: Any, info: ResolveInfo) -> builtins.type[graphene.ObjectType]:
        """`fanlist` → FanlistCampaign; anything else → RegistrationCampaign (docs/normalisation.md §6)."""
        return FanlistCampaign if campaign_type(instance) == "fanlist" else RegistrationCampaign


class RegistrationCampaign(graphene.ObjectType):
    """A campaign fans register for, choosing markets in order of preference."""

    class Meta:
        interfaces = (Campaign,)  # and with it every field the interface declares

    tour = graphene.Field(CampaignTour, description="The tour of the presale.")
    status = graphene.String(description="DRAFT, PREVIEW, OPEN, CLOSED or INACTIVE.")
    domain = graphene.Field(CampaignDomain, description="Domains of the fan site.")
    trackers = graphene.List(Tracker, description="Analytics trackers placed on the fan pages.")
    style = JSON(description="Theme colours of the fan pages.")
    content = graphene.Field(CampaignContent, description="Page copy per locale.")
    image = graphene.Field(CampaignImages, description="Campaign images.")
    preferences = graphene.List(Field, description="Fields of the registration form.")
    faqs = graphene.Field(
        CampaignPageFAQ, description="Which FAQ ids appear on each page in each campaign state."
    )
    market = graphene.Field(
        Market,
        marketId=graphene.Argument(graphene.String, required=True),
        description="One market of the campaign.",
    )
    markets = graphene.List(Market, description="Every market of the campaign.")
    currentLocale = graphene.Field(Locale, description="The locale the content was resolved to.")
    locales = graphene.List(Locale, description="Locales the campaign supports.")
    entry = graphene.Field(CampaignEntry, description="The viewer's own entry; null when there is none.")
    eligibility = graphene.Field(Eligibility, description="Whether the viewer may register.")
    eligibileCounts = graphene.Field(
        EligibleCounts,
        marketIds=graphene.Argument(graphene.List(graphene.ID)),
        includePrevSelected=graphene.Argument(graphene.Boolean),
        minScore=graphene.Argument(graphene.Float),
        maxScore=graphene.Argument(graphene.Float),
        description="Eligible fans overall and per market (the field name is part of the published API).",
    )
    login_types = graphene.List(
        graphene.String, name="login_types", description="Sign-in methods offered to fans."
    )
    slack = graphene.Field(CampaignSlackOptions, description="Slack alerting options.")
    options = graphene.Field(CampaignOptions, description="Registration and display options.")

    resolve_markets = queries.resolve_markets
    resolve_market = queries.resolve_market
    resolve_entry = resolve_entry
    resolve_eligibility = resolve_eligibility
    resolve_eligibileCounts = resolve_eligible_counts


class FanlistCampaign(graphene.ObjectType):
    """A campaign built from an uploaded list of fans."""

    class Meta:
        interfaces = (Campaign,)  # and with it every field the interface declares

    eventIds = graphene.List(graphene.ID, description="Discovery event ids the list applies to.")
    scoring = graphene.Field(FanlistScoring, description="How list values are turned into scores.")
    uploads = graphene.List(FanlistUpload, description="Processed fan-list uploads, newest first.")
    exports = graphene.List(Export, description="Exports of the campaign, newest first.")

    resolve_uploads = resolve_fanlist_uploads
    resolve_exports = resolve_campaign_exports


class Campaigns(graphene.ObjectType):
    """Campaign listings."""

    list = graphene.Field(
        graphene.List(Campaign),
        limit=graphene.Argument(graphene.Int),
        skip=graphene.Argument(graphene.Int),
        sort=graphene.Argument(graphene.String),
        query=graphene.Argument(graphene.String),
        type=graphene.Argument(CampaignType),
        artistId=graphene.Argument(graphene.ID),
        version=graphene.Argument(graphene.String),
        description="Campaigns the viewer may administer.",
    )
    categoryIds = graphene.Field(
        graphene.List(graphene.ID),
        presaleQueryStartDate=graphene.Argument(graphene.String, required=True),
        presaleQueryEndDate=graphene.Argument(graphene.String, required=True),
        description="Discovery category ids of campaigns whose presale window overlaps the given range.",
    )

    resolve_list = queries.resolve_list
    resolve_categoryIds = queries.resolve_category_ids
