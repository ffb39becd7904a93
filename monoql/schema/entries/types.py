"""GraphQL types of a fan's entry and eligibility; parents are plain dicts keyed by GraphQL field names."""

from __future__ import annotations

import graphene

from monoql.schema.core.scalars import JSON


class CampaignEntry(graphene.ObjectType):
    """The viewer's stored entry."""

    date = JSON()
    attributes = JSON(description="Gate attributes such as linked payment cards.")
    fields = JSON(description="Answers keyed by form field id.")


class Eligibility(graphene.ObjectType):
    isEligible = graphene.Boolean(required=True)
    reason = graphene.ID(description="Code that explains why the viewer is not eligible.")


class EligibleCountsByMarketPreferenceRank(graphene.ObjectType):
    rank = graphene.Int(description="1 for a first choice, 2 for a second choice, and so on.")
    count = graphene.Int()


class EligibleCountsByMarket(graphene.ObjectType):
    marketId = graphene.ID(required=True)
    count = graphene.Int()
    countsByPreferenceRank = graphene.List(EligibleCountsByMarketPreferenceRank)


class EligibleCounts(graphene.ObjectType):
    count = graphene.Int(description="Eligible fans in the selected markets.")
    byMarket = graphene.List(EligibleCountsByMarket)
