"""GraphQL types of uploads: images, stored files, scored files, fan-list uploads and code imports."""

from __future__ import annotations

import graphene


class Image(graphene.ObjectType):
    url = graphene.String()
    name = graphene.String()
    width = graphene.Int()
    height = graphene.Int()
    alt_text = graphene.String(name="alt_text")


class File(graphene.ObjectType):
    """A stored file."""

    url = graphene.String(required=True)
    name = graphene.String()
    contentType = graphene.String()


class Scored(graphene.ObjectType):
    """A scored registrant file."""

    date = graphene.String(required=True, description="Upload time.")
    count = graphene.Int(description="Rows in the file.")
    verifiedCount = graphene.Int(description="Rows marked as verified.")
    path = graphene.String(description="Storage key of the file.")


class FanlistUpload(graphene.ObjectType):
    """One processed fan-list upload."""

    date = graphene.String()
    rows = graphene.Int(description="Rows kept after processing.")
    rowsIn = graphene.Int(description="Rows read from the file.")
    status = graphene.String()


class UploadCodesCount(graphene.ObjectType):
    """Result of a code import."""

    # `in` is a Python keyword: the parent dict carries it as `in_`.
    in_ = graphene.Int(name="in", description="Codes read from the file.")
    inserted = graphene.Int(description="Codes that were new.")
    updated = graphene.Int(description="Codes that already existed.")
