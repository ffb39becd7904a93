"""GraphQL types of SMS waves and wave preparation; parents are dicts keyed by GraphQL names."""

from __future__ import annotations

import graphene


class WaveStatus(graphene.Enum):
    scheduled = "scheduled"
    triggered = "triggered"
    completed = "completed"
    processing = "processing"
    failed = "failed"


_PREP_FILE_DESCRIPTIONS = {
    "markets": "Market details for the date key.",
    "tmCodes": "Ticketmaster codes.",
    "nonTmCodes": "Codes from another ticketing system.",
}


class WavePrepFileType(graphene.Enum):
    """Kind of wave-preparation input file."""

    markets = "markets"
    tmCodes = "tmCodes"
    nonTmCodes = "nonTmCodes"

    @property
    def description(self) -> str:
        return _PREP_FILE_DESCRIPTIONS[str(self.name)]


class WaveDate(graphene.ObjectType):
    scheduled = graphene.String(description="When the wave was scheduled.")
    notify = graphene.String(description="When fans are notified.")
    begin = graphene.String(description="Start of code validity.")
    end = graphene.String(description="End of code validity.")


class Wave(graphene.ObjectType):
    """An SMS notification wave."""

    name = graphene.String()
    status = graphene.Field(WaveStatus)
    date = graphene.Field(WaveDate)
    totalLimit = graphene.Int(description="Maximum number of fans notified.")
    generateOfferCode = graphene.Boolean(description="An offer code is generated for each fan.")
    tiedToAccount = graphene.Boolean(description="Codes only work for the fan's own account.")
    singleUse = graphene.Boolean()
    categoryId = graphene.ID(description="Discovery category the codes unlock.")
    campaignId = graphene.ID()


class WavePrepDate(graphene.ObjectType):
    started = graphene.String()
    finished = graphene.String()


class WavePrepError(graphene.ObjectType):
    message = graphene.String()


class WavePrepCount(graphene.ObjectType):
    """Fan counts of a wave-preparation run, with a per-market breakdown."""

    name = graphene.String()
    eligible = graphene.Int()
    selected = graphene.Int()
    waitlisted = graphene.Int()
    markets = graphene.List(lambda: WavePrepCount)


class WavePrep(graphene.ObjectType):
    """Outcome of one wave-preparation run."""

    date = graphene.Field(WavePrepDate)
    status = graphene.String(required=True)
    dateKey = graphene.String(required=True)
    error = graphene.Field(WavePrepError)
    path = graphene.String(description="Storage key of the prepared archive.")
    count = graphene.Field(WavePrepCount)


class WaveConfigInput(graphene.InputObjectType):
    """Settings of an SMS wave."""

    categoryId = graphene.Int()
    campaignId = graphene.ID()
    totalLimit = graphene.Int(description="Maximum number of fans notified.")
    generateOfferCode = graphene.Boolean(required=True)
    tiedToAccount = graphene.Boolean()
    notifyDate = graphene.String(
        required=True, description="ISO 8601 time at which fans are notified; must not be in the past."
    )
