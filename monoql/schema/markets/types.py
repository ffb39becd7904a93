"""Object types of markets; parents are the dicts built by `markets.normalize.normalize_market`."""

import graphene


class SplitAllocationType(graphene.Enum):
    """How a split allocation divides inventory."""

    concurrent = "concurrent"
    sequential = "sequential"


class GeoPoint(graphene.ObjectType):
    """A geographic point."""

    latitude = graphene.Float(description="Latitude in degrees.")
    longitude = graphene.Float(description="Longitude in degrees.")


class MarketVenue(graphene.ObjectType):
    """The venue of a market's show."""

    name = graphene.String(description="Venue name.")


class SplitAllocation(graphene.ObjectType):
    """Split inventory allocation of a market."""

    link = graphene.String(description="Purchase link of the split allocation.")
    type = graphene.Field(SplitAllocationType, description="How the allocation is split.")
    isActive = graphene.Boolean(description="The split allocation is in use.")


class MarketEvent(graphene.ObjectType):
    """The show a market maps to."""

    id = graphene.ID(description="Event id.")
    ids = graphene.List(graphene.ID, description="Discovery event ids.")
    name = graphene.String(description="Event name.")
    date = graphene.String(description="Show date.")
    presaleDateTime = graphene.String(description="Start of the presale.")
    ticketer = graphene.String(description="Ticketing company.")
    venue = graphene.Field(MarketVenue, description="The venue of the show.")
    link = graphene.String(description="Ticket purchase link.")
    sharedCode = graphene.String(description="Access code shared by every fan of the market.")
    splitAllocation = graphene.Field(SplitAllocation, description="Split inventory allocation.")


class Market(graphene.ObjectType):
    """A city or venue fans can choose."""

    id = graphene.String(description="Market id.")
    city = graphene.String(description="City.")
    state = graphene.String(description="State or province.")
    population = graphene.Int(description="Population of the area.")
    timezone = graphene.String(description="IANA time zone of the market.")
    point = graphene.Field(GeoPoint, description="Location of the market.")
    event = graphene.Field(MarketEvent, description="The show this market maps to.")
    name = graphene.String(description="Market name shown to fans.")
    isAddedShow = graphene.Boolean(description="The show was added after the campaign opened.")
    promoterIds = graphene.List(graphene.String, description="Promoters of the market's show.")
