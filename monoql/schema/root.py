"""Assembles the served schema from every domain's `Queries` and `Mutations`, listed here by name.

A domain joins the schema by being imported below: a misnamed module or class fails at import
instead of silently dropping its fields. The order of the lists is the order of the root fields.
"""

from __future__ import annotations

from functools import cache

import graphene

from monoql.schema.campaigns import mutations as campaigns_mutations
from monoql.schema.campaigns.types import FanlistCampaign, RegistrationCampaign
from monoql.schema.codes import queries as codes_queries
from monoql.schema.core.scalars import JSON, Upload
from monoql.schema.entries import mutations as entries_mutations
from monoql.schema.exports import mutations as exports_mutations
from monoql.schema.exports import queries as exports_queries
from monoql.schema.identity import queries as identity_queries
from monoql.schema.markets import mutations as markets_mutations
from monoql.schema.metrics import queries as metrics_queries
from monoql.schema.promoters import mutations as promoters_mutations
from monoql.schema.promoters import queries as promoters_queries
from monoql.schema.search import queries as search_queries
from monoql.schema.stats import mutations as stats_mutations
from monoql.schema.stats import queries as stats_queries
from monoql.schema.uploads import mutations as uploads_mutations
from monoql.schema.uploads import queries as uploads_queries
from monoql.schema.viewer import mutations as viewer_mutations
from monoql.schema.viewer import queries as viewer_queries
from monoql.schema.waves import mutations as waves_mutations
from monoql.schema.waves import queries as waves_queries

QUERIES: tuple[type, ...] = (
    viewer_queries.Queries,
    identity_queries.Queries,
    promoters_queries.Queries,
    search_queries.Queries,
    codes_queries.Queries,
    uploads_queries.Queries,
    waves_queries.Queries,
    exports_queries.Queries,
    metrics_queries.Queries,
    stats_queries.Queries,
)

MUTATIONS: tuple[type, ...] = (
    viewer_mutations.Mutations,
    campaigns_mutations.Mutations,
    markets_mutations.Mutations,
    promoters_mutations.Mutations,
    entries_mutations.Mutations,
    uploads_mutations.Mutations,
    waves_mutations.Mutations,
    exports_mutations.Mutations,
    stats_mutations.Mutations,
)

#: Concrete types reachable only through an interface must be listed explicitly.
INTERFACE_IMPLEMENTATIONS: tuple[type, ...] = (RegistrationCampaign, FanlistCampaign)


@cache
def build_schema() -> graphene.Schema:
    query = type("Query", (*QUERIES, graphene.ObjectType), {})
    mutation = type("Mutation", (*MUTATIONS, graphene.ObjectType), {})
    return graphene.Schema(query=query, mutation=mutation, types=[*INTERFACE_IMPLEMENTATIONS, JSON, Upload])
