"""Client of the waves service: the files/trigger API over the SMS-wave storage (docs/services.md §6)."""

from __future__ import annotations

from monoql.clients.uploads import FilesClient


class WavesClient(FilesClient):
    """waves: same API as uploads without ``/images``; its default bucket is the only one, so
    ``bucketName`` is never sent (any ``bucket_name`` argument is ignored)."""

    service = "waves"
    sends_bucket_name = False
