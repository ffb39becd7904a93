"""The shared in-memory state of every stand-in, its settings, and access from a request."""

import copy
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app

from monoql_sandbox.call_log import CallLog
from monoql_sandbox.clock import Clock
from monoql_sandbox.faults import FaultRegistry
from monoql_sandbox.ids import derived_id, new_id

__all__ = ["Sandbox", "Store", "current", "derived_id", "new_id"]

DEFAULT_SETTINGS: dict[str, Any] = {
    "buckets": {
        "scoring": "vf-scoring",
        "files": "sandbox-files",
        "images": "sandbox-images",
        "waves": "sandbox-waves",
    },
    "exports": {"triggerAfterSeconds": 1, "finishAfterSeconds": 3, "timeoutSeconds": 600},
    "maxFileSize": 100 * 1024 * 1024,
    "signingSecret": "sandbox-development-only-export-signing-secret",
    # The phone-confirmation stand-in's client (monoql's local ppc.id and ppc.token): not secrets.
    "ppc": {"id": "sandbox-ppc", "token": "sandbox-ppc-development-only-token"},
    "faults": {},
    "seed": True,
}


def merge_settings(options: dict[str, Any] | None) -> dict[str, Any]:
    """DEFAULT_SETTINGS with ``options`` merged one level deep."""
    settings = copy.deepcopy(DEFAULT_SETTINGS)
    for key, value in (options or {}).items():
        if isinstance(value, dict) and isinstance(settings.get(key), dict):
            settings[key].update(value)
        else:
            settings[key] = value
    return settings


@dataclass
class StoredObject:
    data: bytes
    content_type: str
    modified: datetime


@dataclass
class Store:
    """Every stand-in's data; callers hold ``lock`` (one request at a time touches it)."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    users: dict[Any, Any] = field(default_factory=dict)  # id -> user
    accounts: dict[Any, Any] = field(default_factory=dict)  # account name -> user id
    campaigns: dict[Any, Any] = field(default_factory=dict)  # id -> campaign document (service form)
    markets: dict[Any, Any] = field(default_factory=dict)  # id -> market, in creation order
    promoters: dict[Any, Any] = field(default_factory=dict)
    contacts: dict[Any, Any] = field(default_factory=dict)  # campaign id -> [contact]
    directory: list[Any] = field(default_factory=list)  # contacts directory for search
    artists: list[Any] = field(default_factory=list)
    venues: list[Any] = field(default_factory=list)
    entries: dict[Any, Any] = field(default_factory=dict)  # campaign id -> {user id -> EntryRecord dict}
    stats: dict[Any, Any] = field(default_factory=dict)  # (cid, marketId, dateId, type) -> stat
    codes: dict[Any, Any] = field(default_factory=dict)  # campaign id -> {code -> record}
    objects: dict[Any, Any] = field(default_factory=dict)  # (bucket, key) -> StoredObject
    exports: dict[Any, Any] = field(default_factory=dict)  # id -> export
    triggers: list[Any] = field(default_factory=list)
    invites: dict[Any, Any] = field(default_factory=dict)  # campaign id -> set of identifier values

    def clear(self) -> None:
        for name in (
            "users",
            "accounts",
            "campaigns",
            "markets",
            "promoters",
            "contacts",
            "entries",
            "stats",
            "codes",
            "objects",
            "exports",
            "invites",
        ):
            getattr(self, name).clear()
        for name in ("directory", "artists", "venues", "triggers"):
            getattr(self, name).clear()

    def campaign_markets(self, campaign_id: str) -> list[dict[str, Any]]:
        return [m for m in self.markets.values() if m["campaign_id"] == campaign_id]

    def campaign_entries(self, campaign_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self.entries.setdefault(campaign_id, {})
        return result

    def put_object(self, bucket: str, key: str, data: bytes, content_type: str, when: datetime) -> None:
        self.objects[(bucket, key)] = StoredObject(data, content_type, when)


@dataclass
class Sandbox:
    settings: dict[str, Any]
    clock: Clock
    store: Store
    faults: FaultRegistry
    calls: CallLog = field(default_factory=CallLog)

    def scoring_bucket(self) -> str:
        return str(self.settings["buckets"]["scoring"])

    def now(self) -> datetime:
        return self.clock.now()


def current() -> Sandbox:
    found: Sandbox = current_app.extensions["sandbox"]
    return found
