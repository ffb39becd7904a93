"""Reads a GraphQL multipart request: `operations` and `map` are checked before any file part is read.

werkzeug's form parser reads a whole body before anything can look at it, so a malformed `map`
or one file too many was only noticed after every file had been spooled to disk. This reader
drives werkzeug's own multipart decoder part by part instead (docs/uploads.md §1): the parts are
counted as they start (more than `uploads.maxFiles` + 2 is TOO_MANY_FILES), `operations` and
`map` are decoded and checked when the first file part starts (or at the end when there is
none), each file is measured while it streams (FILE_TOO_LARGE), and the files land in
`request.files`, which werkzeug closes, and so deletes, when the request ends. graphql-server then
puts the files where the map says (`replace_placeholders_with_files`); the checks here make sure
that every path it follows exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import orjson
from flask import Request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import default_stream_factory
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from monoql.config import Settings
from monoql.config.settings import Uploads
from monoql.errors import BadRequest, BadUserInput
from monoql.web.request_data import batch_items, request_data

CHUNK = 64 * 1024
#: `operations` and `map` besides the files.
OTHER_PARTS = 2
#: Longest list index a map path may use (longer digit strings are not indexes of a bounded body).
MAX_INDEX_DIGITS = 6


class UploadRefused(BadRequest):
    """A multipart request over the file limits: HTTP 413 with a BAD_USER_INPUT error (docs/uploads.md §1)."""

    code = BadUserInput.code


def too_many_files(uploads: Uploads) -> UploadRefused:
    message = f"At most {uploads.max_files} files may be sent at once."
    return UploadRefused(message, reason="TOO_MANY_FILES", http_status=413)


def file_too_large(uploads: Uploads) -> UploadRefused:
    message = f"Each file may be at most {uploads.max_file_size} bytes."
    return UploadRefused(message, reason="FILE_TOO_LARGE", http_status=413)


def invalid_map(message: str) -> BadRequest:
    return BadRequest(message, reason="INVALID_MAP")


@dataclass
class MultipartRequest:
    """The decoded `operations` (shape checked) and `map` (paths checked), and the file parts."""

    operations: Any
    file_map: dict[str, list[str]]
    files: MultiDict[str, FileStorage]


def read_multipart(request: Request, settings: Settings) -> MultipartRequest:
    """Read the body of `request` part by part; a coded refusal as soon as something is wrong."""
    boundary = request.mimetype_params.get("boundary", "").encode("latin-1", "replace")
    if not boundary:
        raise BadRequest("The multipart body has no boundary.", reason="MALFORMED_MULTIPART")
    reader = _Reader(boundary, settings)
    try:
        reader.feed(_chunks(request.stream))
    except RequestEntityTooLarge:
        raise file_too_large(settings.uploads) from None
    except ValueError:
        raise BadRequest("The multipart body is malformed.", reason="MALFORMED_MULTIPART") from None
    finally:
        # Whatever was spooled is deleted with the request, read to the end or not.
        request.__dict__["files"] = reader.files
    return reader.result()


def _chunks(stream: IO[bytes]) -> Iterator[bytes | None]:
    while chunk := stream.read(CHUNK):
        yield chunk
    yield None


class _Reader:
    def __init__(self, boundary: bytes, settings: Settings) -> None:
        self.settings = settings
        self.uploads = settings.uploads
        self.field_limit = settings.limits.max_body_bytes
        self.decoder = MultipartDecoder(boundary, max_form_memory_size=self.field_limit + CHUNK)
        self.fields: dict[str, str] = {}
        self.files: MultiDict[str, FileStorage] = MultiDict()
        self.head: MultipartRequest | None = None
        self.parts = 0

    def feed(self, chunks: Iterator[bytes | None]) -> None:
        part: Field | File | None = None
        buffer: list[bytes] = []
        container: IO[bytes] | None = None
        size = 0
        for chunk in chunks:
            self.decoder.receive_data(chunk)
            event = self.decoder.next_event()
            while not isinstance(event, (Epilogue, NeedData)):
                if isinstance(event, (Field, File)):
                    part, size, buffer = event, 0, []
                    container = self._start_file(event) if isinstance(event, File) else None
                elif isinstance(event, Data) and part is not None:
                    size += len(event.data)
                    self._check_size(part, size)
                    if container is not None:
                        container.write(event.data)
                    else:
                        buffer.append(event.data)
                    if not event.more_data:
                        self._end_part(part, buffer, container)
                event = self.decoder.next_event()

    def _start_file(self, event: File) -> IO[bytes]:
        self._count_part()
        self._checked_head()
        return default_stream_factory(
            total_content_length=None, filename=event.filename, content_type=event.headers.get("content-type")
        )

    def _count_part(self) -> None:
        self.parts += 1
        if self.parts > self.uploads.max_files + OTHER_PARTS:
            raise too_many_files(self.uploads)

    def _check_size(self, part: Field | File, size: int) -> None:
        if isinstance(part, File) and size > self.uploads.max_file_size:
            raise file_too_large(self.uploads)
        if isinstance(part, Field) and size > self.field_limit:
            raise BadRequest(
                f"A multipart field is larger than {self.field_limit} bytes.", reason="BODY_TOO_LARGE",
                http_status=413,
            )

    def _end_part(self, part: Field | File, buffer: list[bytes], container: IO[bytes] | None) -> None:
        if isinstance(part, File) and container is not None:
            container.seek(0)
            self.files.add(part.name, FileStorage(container, part.filename, part.name, headers=part.headers))
            return
        if self.head is None and part.name in ("operations", "map"):
            self.fields.setdefault(part.name, b"".join(buffer).decode("utf-8", "replace"))
        self._count_part()

    def _checked_head(self) -> MultipartRequest:
        if self.head is None:
            operations = _operations(self.fields.get("operations"), self.settings)
            file_map = _file_map(self.fields.get("map"), operations)
            self.head = MultipartRequest(operations, file_map, self.files)
        return self.head

    def result(self) -> MultipartRequest:
        head = self._checked_head()
        for name in self.files:
            if name not in head.file_map:
                raise invalid_map(f"The file part {str(name)[:100]!r} is not named by the map.")
        for name in head.file_map:
            if name not in self.files:
                raise invalid_map(f"The map names a file part {name[:100]!r} that was not sent.")
        return head


def _operations(raw: str | None, settings: Settings) -> Any:
    if raw is None:
        raise BadRequest("A multipart request needs an 'operations' part.", reason="MISSING_OPERATIONS")
    try:
        operations = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BadRequest("The 'operations' part is not valid JSON.", reason="INVALID_OPERATIONS") from None
    if operations is None:
        raise BadRequest("A multipart request needs an 'operations' part.", reason="MISSING_OPERATIONS")
    items = batch_items(operations, settings.limits) if isinstance(operations, list) else [operations]
    for item in items:
        request_data(item, settings.limits, "http")
    return operations


def _file_map(raw: str | None, operations: Any) -> dict[str, list[str]]:
    if raw is None:
        return {}
    try:
        file_map = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise invalid_map("The 'map' part is not valid JSON.") from None
    if not isinstance(file_map, dict):
        raise invalid_map("The 'map' part must be a JSON object.")
    for name, paths in file_map.items():
        if not isinstance(paths, list):
            raise invalid_map(f"The map entry {name!r} must be a list of paths.")
        for path in paths:
            if not isinstance(path, str) or not _names_a_slot(operations, path):
                raise invalid_map(f"Invalid map path {str(path)[:100]!r}.")
    return file_map


def _names_a_slot(operations: Any, path: str) -> bool:
    """Whether `path` (`variables.file`, `variables.files.1`, `0.variables.file` in a batch)
    leads through existing objects and lists of the operations to an existing placeholder (the
    `null` a client leaves where the file goes)."""
    segments = path.split(".")
    node: Any = operations
    if isinstance(operations, list):
        node = _child(operations, segments[0])
        segments = segments[1:]
    if not isinstance(node, dict) or len(segments) < 2 or segments[0] != "variables":
        return False
    for segment in segments[:-1]:
        node = _child(node, segment)
        if not isinstance(node, (dict, list)):
            return False
    if isinstance(node, dict):
        return segments[-1] in node
    return _index(segments[-1], len(node)) is not None


def _child(node: Any, segment: str) -> Any:
    if isinstance(node, dict):
        return node.get(segment)
    if isinstance(node, list):
        index = _index(segment, len(node))
        return node[index] if index is not None else None
    return None


def _index(segment: str, length: int) -> int | None:
    """`segment` as a list index below `length`: ASCII digits only (`int` also reads `²` or `+1`)."""
    if not segment or len(segment) > MAX_INDEX_DIGITS or not (segment.isascii() and segment.isdigit()):
        return None
    index = int(segment)
    return index if index < length else None
