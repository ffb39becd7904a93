"""Accept-header matching (RFC 9110 12.5.1): the quality a client gives a media type.

werkzeug's matcher ignores an `Accept` entry that carries parameters other than `q`
(`application/json; charset=utf-8`), which the GraphQL-over-HTTP spec recommends clients send.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=256)
def _ranges(header: str) -> tuple[tuple[str, str, float], ...]:
    """(type, subtype, q) of each media range; unreadable entries are skipped."""
    ranges: list[tuple[str, str, float]] = []
    for entry in header.split(",")[:64]:
        media, *params = entry.split(";")
        kind, slash, subtype = media.strip().lower().partition("/")
        if not slash or not kind or not subtype:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append((kind, subtype, quality))
    return tuple(ranges)


def quality(header: str, media: str, *, explicit: bool = False) -> float:
    """The q the `Accept` header gives `media`: the most specific matching range wins.

    With `explicit`, only a range naming `media` itself counts (not `*/*` or `type/*`).
    """
    kind, _, subtype = media.lower().partition("/")
    best: tuple[int, float] = (-1, 0.0)
    for range_kind, range_subtype, q in _ranges(header):
        if (range_kind, range_subtype) == (kind, subtype):
            specificity = 2
        elif explicit:
            continue
        elif range_kind == kind and range_subtype == "*":
            specificity = 1
        elif (range_kind, range_subtype) == ("*", "*"):
            specificity = 0
        else:
            continue
        if specificity > best[0]:
            best = (specificity, q)
    return best[1]
