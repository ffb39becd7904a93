"""Clients of the object-storage services: the shared files/trigger API and uploads (docs/services.md §5).

``FilesClient`` is the API uploads and waves share (``/files``, ``/files/list``, ``/files/list/data``,
``/trigger/:function``); ``UploadsClient`` adds ``/images``. Scoring-bucket calls pass ``bucket_name``.
"""

from __future__ import annotations

from typing import IO, Any, ClassVar

from monoql.clients.base import BackendClient, query
from monoql.clients.multipart import MultipartBody
from monoql.errors import BadResponse

FILES = "/files"
FILES_LIST = "/files/list"
FILES_LIST_DATA = "/files/list/data"
TRIGGER = "/trigger/:function"
IMAGES = "/images"

DATA_PAGE_SIZE = 1000
# A service that ignored `skip` would answer full pages forever; 100 pages = 100 000 objects.
MAX_DATA_PAGES = 100
DEFAULT_CONTENT_TYPE = "application/octet-stream"


class FilesClient(BackendClient):
    """Files and triggers; ``sends_bucket_name`` is False for services that own a single bucket."""

    sends_bucket_name: ClassVar[bool] = True

    def _bucket(self, bucket_name: str | None) -> str | None:
        return bucket_name if self.sends_bucket_name else None

    def upload_file(self, *, prefix: str | None, file_name: str, stream: IO[bytes], content_type: str | None,
                    bucket_name: str | None = None) -> dict[str, Any]:
        """Store ``stream`` at ``<prefix>/<file_name>``; streamed as ``multipart/form-data`` (60 s read)."""
        named = (("prefix", prefix), ("bucketName", self._bucket(bucket_name)))
        fields = [(name, value) for name, value in named if value is not None]
        body = MultipartBody(fields, file_field="file", file_name=file_name, stream=stream,
                             content_type=content_type or DEFAULT_CONTENT_TYPE)
        return self.send_dict("POST", FILES, data=body, content_type=body.content_type, long_read=True)

    def list_files(self, prefix: str, bucket_name: str | None = None) -> list[Any]:
        """``[{key, date}]`` under ``prefix``, newest first."""
        return self.get_list(FILES_LIST, params=query(prefix=prefix, bucketName=self._bucket(bucket_name)))

    def list_files_data(self, prefix: str, bucket_name: str | None = None) -> list[Any]:
        """Every object under ``prefix`` with its content: pages of 1000 until a short page."""
        objects: list[Any] = []
        for number in range(MAX_DATA_PAGES):
            params = query(prefix=prefix, bucketName=self._bucket(bucket_name), skip=number * DATA_PAGE_SIZE,
                           limit=DATA_PAGE_SIZE)
            page = self.get_list(FILES_LIST_DATA, params=params)
            objects.extend(page)
            if len(page) < DATA_PAGE_SIZE:
                return objects
        raise BadResponse(f"The {self.service} service kept answering full pages.", service=self.service,
                          developer_message=f"GET {FILES_LIST_DATA}: more than {MAX_DATA_PAGES} pages")

    def delete_files(self, keys: list[str], bucket_name: str | None = None) -> dict[str, Any]:
        """Delete ``keys`` (comma-joined ``fileKeys``); keys that do not exist are ignored."""
        params = query(fileKeys=list(keys), bucketName=self._bucket(bucket_name))
        return self.send_dict("DELETE", FILES, params=params)

    def trigger(self, function: str, data: dict[str, Any]) -> dict[str, Any]:
        """Start background job ``function`` with ``{"data": data}`` (60 s read)."""
        return self.send_dict("POST", TRIGGER, path={"function": function}, json={"data": data},
                              long_read=True)


class UploadsClient(FilesClient):
    """uploads: wrapped envelope, supreme only; images bucket, default files bucket, scoring bucket."""

    service = "uploads"

    def upload_image(self, body: dict[str, Any]) -> dict[str, Any]:
        """Store a base64 image ``{base64, contentType, fileName?, cacheControl?}`` → ``{url, name}``."""
        return self.send_dict("POST", IMAGES, json=body, long_read=True)

