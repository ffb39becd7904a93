"""GraphQL types of the Discovery artist and venue search results."""

import graphene

from monoql.schema.markets.types import GeoPoint


class DiscoveryArtist(graphene.ObjectType):
    """An artist from the Discovery catalogue."""

    id = graphene.String(description="Artist id.")
    discovery_id = graphene.String(name="discovery_id", description="Discovery attraction id.")
    name = graphene.String(description="Artist name.")
    image_url = graphene.String(name="image_url", description="Artist image URL.")
    needs_id = graphene.Boolean(name="needs_id", description="The artist still lacks a Discovery id.")


class DiscoveryVenue(graphene.ObjectType):
    """A venue from the Discovery catalogue."""

    id = graphene.String(description="Venue id.")
    discovery_id = graphene.String(name="discovery_id", description="Discovery venue id.")
    name = graphene.String(description="Venue name.")
    image_url = graphene.String(name="image_url", description="Venue image URL.")
    needs_id = graphene.Boolean(name="needs_id", description="The venue still lacks a Discovery id.")
    locale = graphene.String(description="Locale of the venue.")
    city = graphene.String(description="City.")
    state = graphene.String(description="State or province.")
    country = graphene.String(description="Country.")
    zip = graphene.String(description="Postal code.")
    timezone = graphene.String(description="IANA time zone of the venue.")
    point = graphene.Field(GeoPoint, description="Location of the venue.")
