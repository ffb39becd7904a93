"""Per-request loaders of the viewer's entry and registration eligibility, keyed by (user, campaign)."""

from __future__ import annotations

from typing import Any

from monoql.errors import Forbidden, MonoqlError, NotFound
from monoql.schema.core.loaders import Loader

EntryKey = tuple[str | None, str]

# 403 codes of entries registrationEligibility/POST entries that mean "a gate is not passed".
GATE_REASONS = frozenset(
    {
        "NO_PAST_PARTICIPATION",
        "NO_LINKED_CAMPAIGN_ENTRY",
        "NOT_INVITED",
        "CARD_REQUIRED",
        "LINKED_ACCOUNT_REQUIRED",
        "IDV_REQUIRED",
    }
)


def entry_key(ctx: Any, campaign_id: str) -> EntryKey:
    """The loader key: the user matters because a login inside the request changes the caller."""
    user_id: str | None = ctx.user_id
    return (user_id, campaign_id)


def to_eligibility(answer: Any) -> dict[str, Any]:
    """Map a registrationEligibility answer onto `Eligibility` (isEligible, falling back to eligible)."""
    doc = answer if isinstance(answer, dict) else {}
    is_eligible = doc.get("isEligible")
    if is_eligible is None:
        is_eligible = doc.get("eligible")
    return {"isEligible": bool(is_eligible), "reason": doc.get("reason")}


class EntryByCampaignLoader(Loader[EntryKey, "dict[str, Any] | None"]):
    """The caller's entry in a campaign; None when the service has none (404 ENTRY_NOT_FOUND)."""

    per_key = True

    def batch_load(self, keys: list[EntryKey]) -> list[dict[str, Any] | Exception | None]:
        results: list[dict[str, Any] | Exception | None] = []
        for _user_id, campaign_id in keys:
            try:
                results.append(self.ctx.clients.entries.get_entry(campaign_id))
            except NotFound as exc:
                results.append(None if exc.reason == "ENTRY_NOT_FOUND" else exc)
            except MonoqlError as exc:
                results.append(exc)
        return results


class EligibilityByCampaignLoader(Loader[EntryKey, "dict[str, Any]"]):
    """Whether the caller may register; a gate 403 is an answer, not an error."""

    per_key = True

    def batch_load(self, keys: list[EntryKey]) -> list[dict[str, Any] | Exception]:
        results: list[dict[str, Any] | Exception] = []
        for _user_id, campaign_id in keys:
            try:
                answer = self.ctx.clients.entries.get_registration_eligibility(campaign_id)
                results.append(to_eligibility(answer))
            except Forbidden as exc:
                if exc.reason in GATE_REASONS:
                    results.append({"isEligible": False, "reason": exc.reason})
                else:
                    results.append(exc)
            except MonoqlError as exc:
                results.append(exc)
        return results
