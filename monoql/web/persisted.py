"""Persisted queries: Apollo's automatic persisted queries and a trusted-documents manifest.

Modes (`persistedQueries.mode`): `off` ignores hashes; `apq` registers and serves hashed
documents; `safelist` runs only documents of the manifest; `log-unknown` runs anything but logs
documents that are not in the manifest.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from monoql.bounded_cache import BoundedCache
from monoql.config import Settings
from monoql.errors import BadRequest, PersistedQueryNotAllowed, PersistedQueryNotFound

logger = logging.getLogger(__name__)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_manifests(paths: str | list[str] | None) -> dict[str, str]:
    """Hash → document text of every client's manifest (one file per client, e.g. admin and fan)."""
    if not paths:
        return {}
    merged: dict[str, str] = {}
    for path in [paths] if isinstance(paths, str) else paths:
        merged.update(load_manifest(path))
    return merged


def load_manifest(path: str | None) -> dict[str, str]:
    """Hash → document text from an Apollo persisted-query manifest (or a plain {hash: text} object)."""
    if not path:
        return {}
    content = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(content, dict) and isinstance(content.get("operations"), list):
        return {sha256(op["body"]): op["body"] for op in content["operations"]}
    if isinstance(content, dict):
        return {str(key): str(value) for key, value in content.items()}
    raise ValueError("a persisted-query manifest is an object")


class PersistedQueries:
    """Resolves the document text of a request; one instance per worker."""

    def __init__(self, settings: Settings) -> None:
        self.mode = settings.persisted_queries.mode
        self.manifest = load_manifests(settings.persisted_queries.manifest)
        # Registered APQ documents: `persistedQueries.cacheSize` of them, `.cacheBytes` characters.
        self._registered: BoundedCache[str, str] = BoundedCache(
            max_entries=settings.persisted_queries.cache_size,
            max_bytes=settings.persisted_queries.cache_bytes, size_of=_document_size,
        )

    def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> tuple[str, str | None]:
        """The document to run and the hash to register once it has validated, or a coded error."""
        requested_hash = _requested_hash(extensions) if self.mode != "off" else None
        if query is None and requested_hash is None:
            raise BadRequest("The request has no 'query'.", reason="MISSING_QUERY")
        if query is None:
            return self._lookup(str(requested_hash)), None
        if requested_hash is not None and sha256(query) != requested_hash:
            raise BadRequest(
                "The persisted-query hash does not match the query.", reason="PERSISTED_QUERY_HASH_MISMATCH"
            )
        self._check_allowed(query)
        register = requested_hash if self.mode == "apq" and requested_hash not in self.manifest else None
        return query, register

    def _lookup(self, digest: str) -> str:
        text = self.manifest.get(digest)
        if text is None and self.mode == "apq":
            text = self._registered.get(digest)
        if text is None:
            raise PersistedQueryNotFound("PersistedQueryNotFound")
        return text

    def _check_allowed(self, query: str) -> None:
        if self.mode not in ("safelist", "log-unknown") or sha256(query) in self.manifest:
            return
        if self.mode == "safelist":
            raise PersistedQueryNotAllowed("This operation is not in the list of trusted documents.")
        logger.warning(
            "document not in the trusted-documents manifest", extra={"document_hash": sha256(query)}
        )

    def register(self, digest: str, query: str) -> None:
        """Remember a document that parsed and validated (never garbage), within the cache's bounds."""
        self._registered.put(digest, query)


def _document_size(digest: str, query: str) -> int:
    return len(query)


def _requested_hash(extensions: dict[str, Any] | None) -> str | None:
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise BadRequest("Unsupported persisted-query version.", reason="PERSISTED_QUERY_VERSION")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or len(digest) != 64:
        raise BadRequest("'sha256Hash' must be a 64-character hex digest.", reason="INVALID_PERSISTED_QUERY")
    return digest.lower()
