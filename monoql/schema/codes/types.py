"""GraphQL types of the access-code inventory: `CodeCount`."""

from __future__ import annotations

import graphene


class CodeCount(graphene.ObjectType):
    available = graphene.Int()
    assigned = graphene.Int()
    reserved = graphene.Int(description="Reserved within the last 24 hours and not assigned.")
