"""Who may upload, decided from a request's headers alone (docs/uploads.md §1, docs/hostile-traffic.md §1).

One rule for the two places that apply it before a multipart body is read: `/graphql` itself (when
the gateway runs without its buffering proxy) and `/_upload-check`, which the proxy asks before it
reads the body. The caller comes from `Authorization` or the session cookie; the size from the
declared `Content-Length`. Every upload mutation needs an administrator, so an anonymous or
non-admin caller is refused without a byte of the body being read.
"""

from __future__ import annotations

from dataclasses import dataclass

from monoql.config import Settings
from monoql.config.settings import Uploads
from monoql.schema.core.caller import Caller

#: Room for the `operations` and `map` parts and the multipart framing around the files.
MULTIPART_OVERHEAD = 1_048_576


@dataclass(frozen=True)
class UploadRefusal:
    """Why an upload is refused: the HTTP status, the error's code and reason, a sentence."""

    status: int
    code: str
    reason: str
    message: str


NOT_LOGGED_IN = UploadRefusal(401, "UNAUTHENTICATED", "NOT_LOGGED_IN", "Uploads need a login.")
FORBIDDEN = UploadRefusal(403, "FORBIDDEN", "FORBIDDEN", "Uploads need an administrator.")


def max_upload_bytes(uploads: Uploads) -> int:
    """The largest multipart body accepted: every file at its limit, plus the other parts."""
    return uploads.max_files * uploads.max_file_size + MULTIPART_OVERHEAD


def too_large(uploads: Uploads) -> UploadRefusal:
    return UploadRefusal(
        413,
        "BAD_USER_INPUT",
        "FILE_TOO_LARGE",
        f"An upload may hold at most {uploads.max_files} files of {uploads.max_file_size} bytes each.",
    )


def upload_refusal(caller: Caller, declared_length: int | None, settings: Settings) -> UploadRefusal | None:
    """The refusal for a caller (verified from the headers) and a declared body length, or None when
    the upload may go on to be read."""
    if caller.claims is None:
        return NOT_LOGGED_IN
    if not caller.is_admin:
        return FORBIDDEN
    if declared_length is not None and declared_length > max_upload_bytes(settings.uploads):
        return too_large(settings.uploads)
    return None
