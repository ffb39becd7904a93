"""Query field of the metrics domain: the `metrics` namespace and its four per-market counts."""

from __future__ import annotations

from typing import Any

import graphene

from monoql.schema.core.info import ResolveInfo
from monoql.schema.metrics.types import Metrics


class Queries:
    metrics = graphene.Field(Metrics, description="Entry and eligibility metrics per market.")

    @staticmethod
    def resolve_metrics(root: Any, info: ResolveInfo) -> Any:
        return {}
