"""Backend clients: one per service, reached per GraphQL request through the ``Clients`` container.

``Clients(settings, call)`` is built per request and creates each service client on first use; the
clients share the worker's HTTP session, circuit breakers and retry budget.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from monoql.clients.base import BackendClient, CallContext
from monoql.clients.campaigns import CampaignsClient
from monoql.clients.codes import CodesClient
from monoql.clients.entries import EntriesClient
from monoql.clients.exports import ExportsClient
from monoql.clients.paging import Page
from monoql.clients.resilience import breaker_states
from monoql.clients.uploads import FilesClient, UploadsClient
from monoql.clients.users import UsersClient
from monoql.clients.waves import WavesClient


class Clients:
    """The backend clients of one request: ``.users .campaigns .entries .codes .uploads .waves .exports``."""

    def __init__(self, settings: Any, call: CallContext) -> None:
        self.settings = settings
        self.call = call

    @cached_property
    def users(self) -> UsersClient:
        return UsersClient(self.settings, self.call)

    @cached_property
    def campaigns(self) -> CampaignsClient:
        return CampaignsClient(self.settings, self.call)

    @cached_property
    def entries(self) -> EntriesClient:
        return EntriesClient(self.settings, self.call)

    @cached_property
    def codes(self) -> CodesClient:
        return CodesClient(self.settings, self.call)

    @cached_property
    def uploads(self) -> UploadsClient:
        return UploadsClient(self.settings, self.call)

    @cached_property
    def waves(self) -> WavesClient:
        return WavesClient(self.settings, self.call)

    @cached_property
    def exports(self) -> ExportsClient:
        return ExportsClient(self.settings, self.call)


__all__ = [
    "BackendClient",
    "CallContext",
    "CampaignsClient",
    "Clients",
    "CodesClient",
    "EntriesClient",
    "ExportsClient",
    "FilesClient",
    "Page",
    "UploadsClient",
    "UsersClient",
    "WavesClient",
    "breaker_states",
]
