"""Per-request loaders of the viewer's entry and registration eligibility, keyed by (user, campaign)."""

from __future__ import annotations

from typing import Any

from monoql.errors import Forbidden, NotFound
from monoql.schema.core.caller import Caller
from monoql.schema.core.loaders import KeyLoader
from monoql.schema.entries.normalize import to_eligibility

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


def entry_key(caller: Caller, campaign_id: str) -> EntryKey:
    """The loader key: the user matters because a login inside the request changes the caller."""
    return (caller.user_id, campaign_id)


class EntryByCampaignLoader(KeyLoader[EntryKey, "dict[str, Any] | None"]):
    """The caller's entry in a campaign; None when the service has none (404 ENTRY_NOT_FOUND)."""

    def load_key(self, key: EntryKey) -> dict[str, Any] | None:
        _user_id, campaign_id = key
        try:
            return self.clients.entries.get_entry(campaign_id)
        except NotFound as exc:
            if exc.reason == "ENTRY_NOT_FOUND":
                return None
            raise


class EligibilityByCampaignLoader(KeyLoader[EntryKey, "dict[str, Any]"]):
    """Whether the caller may register; a gate 403 is an answer, not an error."""

    def load_key(self, key: EntryKey) -> dict[str, Any]:
        _user_id, campaign_id = key
        try:
            return to_eligibility(self.clients.entries.get_registration_eligibility(campaign_id))
        except Forbidden as exc:
            if exc.reason in GATE_REASONS:
                return {"isEligible": False, "reason": exc.reason}
            raise
