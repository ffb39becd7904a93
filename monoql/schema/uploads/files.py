"""Per-field upload rules shared by every upload mutation (docs/uploads.md §1) and the `File` result."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from typing import IO, Any

from monoql.errors import BadUserInput

DEFAULT_CONTENT_TYPE = "application/octet-stream"
MAX_FILE_NAME = 200
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_SPOOL_BYTES = 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    """A file part that passed the size rules, rewound and ready to stream to a backend."""

    stream: IO[bytes]
    size: int
    name: str
    content_type: str


def sanitize_file_name(raw: str | None) -> str:
    """Client file name → storage-safe name: no directories, `A-Za-z0-9._-` only, no leading dots."""
    base = re.split(r"[/\\]", raw or "")[-1]
    cleaned = _UNSAFE.sub("_", base).lstrip(".")[:MAX_FILE_NAME]
    return cleaned or "upload"


def _measure(stream: Any) -> tuple[IO[bytes], int]:
    """Size of a part without reading it into memory; non-seekable streams are spooled first."""
    try:
        stream.seek(0, io.SEEK_END)
        size = int(stream.tell())
        stream.seek(0)
        return stream, size
    except (AttributeError, OSError, ValueError):
        spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 - lives with the request
        shutil.copyfileobj(stream, spool)
        size = spool.tell()
        spool.seek(0)
        return spool, size  # type: ignore[return-value]


def check_file(file: Any, file_size: Any, max_file_size: int) -> CheckedFile:
    """Apply the size rules before any backend call: positive, within the limit, equal to what came."""
    if isinstance(file_size, bool) or not isinstance(file_size, int) or file_size <= 0:
        raise BadUserInput(
            "fileSize must be a positive integer.", reason="INVALID_FILE_SIZE", field="fileSize"
        )
    if file_size > max_file_size:
        raise BadUserInput(
            f"The file is larger than the limit of {max_file_size} bytes.",
            reason="FILE_TOO_LARGE",
            field="file",
        )
    stream, received = _measure(file.stream)
    if received == 0:
        raise BadUserInput("The file is empty.", reason="INVALID_FILE_SIZE", field="file")
    if received != file_size:
        raise BadUserInput(
            f"fileSize is {file_size} but {received} bytes were received.",
            reason="FILE_SIZE_MISMATCH",
            field="fileSize",
        )
    content_type = file.content_type or DEFAULT_CONTENT_TYPE
    return CheckedFile(
        stream=stream, size=received, name=sanitize_file_name(file.filename), content_type=content_type
    )


def to_file(answer: Any, stored_name: str, content_type: str) -> dict[str, Any]:
    """`File {url, name, contentType}`: the backend's URL, the name the gateway stored the file under."""
    doc = answer if isinstance(answer, dict) else {}
    return {"url": doc.get("url"), "name": stored_name, "contentType": content_type}
