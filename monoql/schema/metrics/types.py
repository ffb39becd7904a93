"""GraphQL types of the `Metrics` namespace: per-market entry and eligibility counts."""

from __future__ import annotations

import graphene


class MarketPreferenceCounts(graphene.ObjectType):
    id = graphene.ID(description="Market id.")
    counts = graphene.List(
        graphene.Int, description="Element i counts the fans who ranked the market in position i + 1."
    )


class MarketEligibilityCount(graphene.ObjectType):
    id = graphene.ID(description="Market id.")
    count = graphene.Int()
