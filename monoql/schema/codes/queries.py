"""Query field of the codes domain: the `codes` namespace and `Codes.count`."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.codes.types import Codes
from monoql.schema.core.info import ResolveInfo


class Queries:
    codes = graphene.Field(Codes, description="Access-code inventory.")

    @staticmethod
    def resolve_codes(root: Any, info: ResolveInfo) -> Any:
        return {}
