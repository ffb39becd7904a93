"""Persisted queries: Apollo's automatic persisted queries and a trusted-documents manifest.

Modes (`persistedQueries.mode`): `off` ignores hashes; `apq` registers and serves hashed
documents; `safelist` runs only documents of the manifest; `log-unknown` runs anything but logs
documents that are not in the manifest.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from monoql.config import Settings
from monoql.errors import BadRequest, MonoqlError

logger = logging.getLogger(__name__)


class PersistedQueryNotFound(MonoqlError):
    code = "PERSISTED_QUERY_NOT_FOUND"


class PersistedQueryNotAllowed(MonoqlError):
    code = "PERSISTED_QUERY_NOT_ALLOWED"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
        self.manifest = load_manifest(settings.persisted_queries.manifest)
        self._size = settings.persisted_queries.cache_size
        self._registered: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> str:
        """The document to run, or a coded error."""
        requested_hash = _requested_hash(extensions) if self.mode != "off" else None
        if query is None and requested_hash is None:
            raise BadRequest("The request has no 'query'.", reason="MISSING_QUERY")
        if query is None:
            return self._lookup(str(requested_hash))
        if requested_hash is not None and sha256(query) != requested_hash:
            raise BadRequest(
                "The persisted-query hash does not match the query.", reason="PERSISTED_QUERY_HASH_MISMATCH"
            )
        self._check_allowed(query)
        if requested_hash is not None and self.mode == "apq":
            self._remember(requested_hash, query)
        return query

    def _lookup(self, digest: str) -> str:
        text = self.manifest.get(digest)
        if text is None and self.mode == "apq":
            with self._lock:
                text = self._registered.get(digest)
                if text is not None:
                    self._registered.move_to_end(digest)
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

    def _remember(self, digest: str, query: str) -> None:
        if not self._size:
            return
        with self._lock:
            self._registered[digest] = query
            self._registered.move_to_end(digest)
            while len(self._registered) > self._size:
                self._registered.popitem(last=False)


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
