"""`searchArtists`, `searchVenues`, `searchContacts`: directory search with `limit`/`skip` (behaviour 16)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import graphene

from monoql.clients import CampaignsClient, Page
from monoql.schema.core.info import ResolveInfo
from monoql.schema.core.login import require_login
from monoql.schema.core.scalars import JSON
from monoql.schema.markets.normalize import venue_point
from monoql.schema.search.paging import paged_call
from monoql.schema.search.types import DiscoveryArtist, DiscoveryVenue

ARTISTS_LIMIT = 20
VENUES_LIMIT = 20
CONTACTS_LIMIT = 10


def to_venue(doc: Any) -> Any:
    """Venue points arrive as GeoJSON `[longitude, latitude]`."""
    if not isinstance(doc, dict):
        return doc
    return {**doc, "point": venue_point(doc.get("point"))}


def _search(
    info: ResolveInfo,
    read_page: Callable[[CampaignsClient], Callable[..., Page]],
    query: str,
    limit: int | None,
    skip: int | None,
    default: int,
    convert: Any = None,
) -> Any:
    ctx = info.context
    require_login(ctx)
    extra = {"convert": convert} if convert else {}
    return paged_call(
        ctx, read_page(ctx.clients.campaigns), skip=skip, limit=limit, default_limit=default, q=query, **extra
    )


class Queries:
    searchArtists = graphene.List(
        DiscoveryArtist,
        query=graphene.Argument(graphene.String, required=True),
        limit=graphene.Argument(graphene.Int, default_value=ARTISTS_LIMIT),
        skip=graphene.Argument(graphene.Int, default_value=0),
        description="Search Discovery artists by name.",
    )
    searchContacts = graphene.List(
        JSON,
        query=graphene.Argument(graphene.String, required=True),
        limit=graphene.Argument(graphene.Int, default_value=CONTACTS_LIMIT),
        skip=graphene.Argument(graphene.Int, default_value=0),
        description="Search the contact directory by name or email.",
    )
    searchVenues = graphene.List(
        DiscoveryVenue,
        query=graphene.Argument(graphene.String, required=True),
        limit=graphene.Argument(graphene.Int, default_value=VENUES_LIMIT),
        skip=graphene.Argument(graphene.Int, default_value=0),
        description="Search Discovery venues by name or city.",
    )

    @staticmethod
    def resolve_searchArtists(
        _: Any, info: ResolveInfo, query: str, limit: int | None = None, skip: int | None = None
    ) -> Any:
        return _search(info, lambda campaigns: campaigns.search_artists, query, limit, skip, ARTISTS_LIMIT)

    @staticmethod
    def resolve_searchContacts(
        _: Any, info: ResolveInfo, query: str, limit: int | None = None, skip: int | None = None
    ) -> Any:
        return _search(info, lambda campaigns: campaigns.search_contacts, query, limit, skip, CONTACTS_LIMIT)

    @staticmethod
    def resolve_searchVenues(
        _: Any, info: ResolveInfo, query: str, limit: int | None = None, skip: int | None = None
    ) -> Any:
        return _search(
            info, lambda campaigns: campaigns.search_venues, query, limit, skip, VENUES_LIMIT, to_venue
        )
