"""A ``multipart/form-data`` request body that streams its file part instead of loading it in memory.

``requests`` builds multipart bodies in memory (the whole file, then a copy); uploads may be 100 MiB
each. This body is a file-like object with a known length, so it is sent with ``Content-Length`` in
blocks read straight from the spooled upload.
"""

from __future__ import annotations

import io
import os
import uuid
from typing import IO


def _quote(value: str) -> str:
    # Header parameter values: no line breaks, and quotes escaped as browsers do.
    return value.replace("\r", "").replace("\n", "").replace('"', "%22")


class MultipartBody:
    """Text fields first, then one file part; ``len()`` is the exact body size."""

    def __init__(self, fields: list[tuple[str, str]], *, file_field: str, file_name: str,
                 stream: IO[bytes], content_type: str, boundary: str | None = None) -> None:
        self.boundary = boundary or uuid.uuid4().hex
        head = b"".join(self._field(name, value) for name, value in fields)
        head += (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{_quote(file_field)}"; filename="{_quote(file_name)}"\r\n'
            f"Content-Type: {_quote(content_type)}\r\n\r\n"
        ).encode()
        tail = f"\r\n--{self.boundary}--\r\n".encode()
        self._stream, self._size = self._measure(stream)
        self._length = len(head) + self._size + len(tail)
        self._index = 0
        self._readers: list[IO[bytes]] = [io.BytesIO(head), self._stream, io.BytesIO(tail)]

    def _field(self, name: str, value: str) -> bytes:
        return (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{_quote(name)}"\r\n\r\n'
            f"{value}\r\n"
        ).encode()

    @staticmethod
    def _measure(stream: IO[bytes]) -> tuple[IO[bytes], int]:
        """The stream rewound to its start and its size; unseekable streams are read into memory."""
        try:
            stream.seek(0, os.SEEK_END)
            size = stream.tell()
            stream.seek(0)
        except (AttributeError, OSError, ValueError):
            data = stream.read()
            return io.BytesIO(data), len(data)
        return stream, size

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return self._length

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (everything left when negative), crossing part boundaries as needed."""
        chunks: list[bytes] = []
        wanted = size
        while self._index < len(self._readers) and (wanted < 0 or wanted > 0):
            chunk = self._readers[self._index].read(wanted if wanted > 0 else -1)
            if not chunk:
                self._index += 1
                continue
            chunks.append(chunk)
            if wanted > 0:
                wanted -= len(chunk)
        return b"".join(chunks)
