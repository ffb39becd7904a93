"""Eligibility maths over scoring records (docs/services.md §3), shared by entries and jobs."""

from typing import Any

from flask import request

from monoql_sandbox.envelope import bad


def is_selected(scoring: dict[str, Any]) -> bool:
    return bool(scoring.get("codes"))


def in_range(scoring: dict[str, Any], low: float | None, high: float | None) -> bool:
    score = scoring.get("score")
    if low is not None and (score is None or score < low):
        return False
    return not (high is not None and (score is None or score > high))


def is_eligible(scoring: dict[str, Any], low: float | None, high: float | None, include_prev: bool) -> bool:
    return (
        scoring.get("verdict") is True
        and in_range(scoring, low, high)
        and (include_prev or not is_selected(scoring))
    )


def score_args() -> tuple[float | None, float | None]:
    """(minScore, maxScore) from the query; 400 INVALID_SCORE_RANGE."""
    bounds = []
    for name in ("minScore", "maxScore"):
        raw = request.args.get(name)
        try:
            bounds.append(None if raw in (None, "") else float(raw))
        except ValueError as exc:
            raise bad("INVALID_SCORE_RANGE", f"{name} must be a number.", field=name) from exc
    low, high = bounds
    if low is not None and high is not None and low > high:
        raise bad("INVALID_SCORE_RANGE", "minScore must not exceed maxScore.", field="minScore")
    return low, high


def flag_arg(*names: str) -> bool:
    return any((request.args.get(n) or "").lower() == "true" for n in names)


def rank_counts(records, market_ids: list[str]) -> list[dict[str, Any]]:
    """[{id, counts: [r1..r4]}] over the given scoring records."""
    counts = {m: [0, 0, 0, 0] for m in market_ids}
    for scoring in records:
        for rank, market in enumerate(scoring.get("marketIds") or []):
            if market in counts and rank < 4:
                counts[market][rank] += 1
    return [{"id": m, "counts": counts[m]} for m in market_ids]
