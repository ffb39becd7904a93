"""GraphQL types of stats records and scoring-record updates; parents are dicts keyed by GraphQL names."""

from __future__ import annotations

import graphene

from monoql.schema.core.scalars import JSON


class StatsType(graphene.Enum):
    filterList = "filterList"
    selection = "selection"


class StatsStatus(graphene.Enum):
    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    FINISHED = "FINISHED"
    FAILED = "FAILED"


_FILTER_TYPE_DESCRIPTIONS = {
    "allow": "Mark tagged records as allowed.",
    "block": "Mark tagged records as blocked.",
}


class FilterType(graphene.Enum):
    """What flipVerdicts does to tagged records."""

    allow = "allow"
    block = "block"

    @property
    def description(self) -> str:
        return _FILTER_TYPE_DESCRIPTIONS[str(self.name)]


class StatsDate(graphene.ObjectType):
    created = graphene.String(required=True)
    updated = graphene.String()


class StatsError(graphene.ObjectType):
    message = graphene.String()


class Stat(graphene.ObjectType):
    """Progress record of a background job for a campaign, market and date."""

    campaignId = graphene.ID(required=True)
    marketId = graphene.ID()
    dateId = graphene.String(required=True)
    date = graphene.Field(StatsDate)
    type = graphene.Field(StatsType, required=True)
    meta = JSON()
    count = JSON()
    errors = graphene.List(StatsError)
    status = graphene.Field(StatsStatus)


class UpdatedCount(graphene.ObjectType):
    count = graphene.Int(description="Records changed.")
