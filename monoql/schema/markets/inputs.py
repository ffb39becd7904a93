"""Input types of `upsertMarket` and of the markets of `upsertCampaign`."""

import graphene

from monoql.schema.markets.types import (
    SplitAllocationType,
)


class GeoPointInput(graphene.InputObjectType):
    """Input form of `GeoPoint`."""

    latitude = graphene.Float(description="Latitude in degrees.")
    longitude = graphene.Float(description="Longitude in degrees.")


class MarketVenueInput(graphene.InputObjectType):
    """Input form of `MarketVenue`."""

    name = graphene.String(description="Venue name.")


class SplitAllocationInput(graphene.InputObjectType):
    """Input form of `SplitAllocation`."""

    type = graphene.InputField(SplitAllocationType, required=True, description="How the allocation is split.")
    link = graphene.String(description="Purchase link of the split allocation.")
    isActive = graphene.Boolean(description="The split allocation is in use.")


class MarketEventInput(graphene.InputObjectType):
    """Input form of `MarketEvent`."""

    id = graphene.String(description="Event id.")
    ids = graphene.List(graphene.ID, description="Discovery event ids.")
    name = graphene.String(description="Event name.")
    date = graphene.String(description="Show date.")
    presaleDateTime = graphene.String(description="Start of the presale.")
    ticketer = graphene.String(description="Ticketing company.")
    venue = graphene.InputField(MarketVenueInput, description="The venue of the show.")
    link = graphene.String(description="Ticket purchase link.")
    sharedCode = graphene.String(description="Access code shared by every fan of the market.")
    splitAllocation = graphene.InputField(SplitAllocationInput, description="Split inventory allocation.")


class MarketInput(graphene.InputObjectType):
    """Market fields to create or update."""

    id = graphene.String(description="Present to update an existing market; absent to create one.")
    name = graphene.String(description="Market name shown to fans.")
    campaignId = graphene.String(required=True, description="Campaign the market belongs to.")
    city = graphene.String(description="City.")
    state = graphene.String(description="State or province.")
    timezone = graphene.String(description="IANA time zone of the market.")
    population = graphene.Int(description="Population of the area.")
    point = graphene.InputField(
        GeoPointInput, description="Location of the market; both coordinates are required."
    )
    event = graphene.InputField(MarketEventInput, description="The show this market maps to.")
    isAddedShow = graphene.Boolean(description="The show was added after the campaign opened.")
    promoterIds = graphene.List(graphene.String, description="Promoters of the market's show.")
