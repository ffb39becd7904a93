"""GraphQL types of exports; parents are plain dicts built by `exports.mapping.to_export`."""

from __future__ import annotations

import graphene


class ExportDate(graphene.ObjectType):
    created = graphene.String(required=True)
    started = graphene.String()
    triggered = graphene.String()
    pending = graphene.String()
    finished = graphene.String()
    failed = graphene.String()
    expired = graphene.String()


class ExportError(graphene.ObjectType):
    message = graphene.String()
    payload = graphene.String()
    stack = graphene.String()


class Export(graphene.ObjectType):
    """An asynchronous data export."""

    id = graphene.String(required=True)
    campaignId = graphene.String(required=True)
    exportType = graphene.String(description="Export kind, such as entries, codes or codeWaves.")
    date = graphene.Field(ExportDate, required=True)
    status = graphene.String(required=True, description="PENDING, TRIGGERED, FINISHED, FAILED or EXPIRED.")
    count = graphene.Int(description="Rows written.")
    requesterUserId = graphene.String(required=True)
    error = graphene.Field(ExportError)
    path = graphene.String(description="Download URL once the export has finished.")
    dateKey = graphene.String(description="Wave-preparation date key of a codeWaves export.")
