"""FAQ conversion (docs/normalisation.md §4): client arrays ⇄ backend maps keyed by FAQ id."""

from __future__ import annotations

import uuid
from typing import Any


def faqs_to_map(faqs: Any) -> Any:
    """`[{id, question, …}]` → `{"<id>": {question, …}}` in array order.

    An item without an id gets a new UUID4; of two items with the same id the later one wins.
    Anything that is not a list (null included) is passed through.
    """
    if not isinstance(faqs, list):
        return faqs
    result: dict[str, Any] = {}
    for item in faqs:
        if not isinstance(item, dict):
            continue
        faq_id = item.get("id")
        key = str(faq_id) if faq_id not in (None, "") else str(uuid.uuid4())
        result[key] = {name: value for name, value in item.items() if name != "id"}
    return result


def faqs_to_list(faqs: Any) -> Any:
    """`{"<id>": {…}}` → `[{id: <key>, …}]` in key order; an `id` inside a value yields to the key.

    Lists (already client form) and null are passed through.
    """
    if not isinstance(faqs, dict):
        return faqs
    result: list[dict[str, Any]] = []
    for key, value in faqs.items():
        fields = value if isinstance(value, dict) else {}
        result.append({"id": key, **{name: item for name, item in fields.items() if name != "id"}})
    return result
