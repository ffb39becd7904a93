"""`uploadImage` input rules (docs/uploads.md §3): data-URL prefix, base64 validity, decoded size."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from monoql.errors import BadUserInput

_DATA_URL_PREFIX = re.compile(r"^data:[^,;]*(;[^,;]*)*;base64,", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


def check_image(raw: str, max_file_size: int) -> str:
    """The base64 payload without any data-URL prefix, once it decodes within the size limit."""
    payload = _DATA_URL_PREFIX.sub("", raw.strip(), count=1)
    compact = _WHITESPACE.sub("", payload)
    # Decoded size is known from the text length: refuse oversized images without decoding them.
    if len(compact) // 4 * 3 - compact[-2:].count("=") > max_file_size:
        message = f"The image is larger than the limit of {max_file_size} bytes."
        raise BadUserInput(message, reason="FILE_TOO_LARGE", field="base64")
    try:
        decoded = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadUserInput(
            "base64 is not valid base64 data.", reason="INVALID_IMAGE", field="base64"
        ) from exc
    if not decoded:
        raise BadUserInput("The image is empty.", reason="INVALID_IMAGE", field="base64")
    return payload


def image_body(
    payload: str, content_type: str, file_name: str | None, cache_control: str | None
) -> dict[str, Any]:
    """uploads `POST /images` body; absent optional values are left out."""
    body: dict[str, Any] = {"base64": payload, "contentType": content_type}
    if file_name is not None:
        body["fileName"] = file_name
    if cache_control is not None:
        body["cacheControl"] = cache_control
    return body


def to_image(answer: Any) -> dict[str, Any]:
    """`Image {url, name}`; width, height and alt_text are set when the image is saved into a campaign."""
    doc = answer if isinstance(answer, dict) else {}
    return {"url": doc.get("url"), "name": doc.get("name"), "width": None, "height": None, "alt_text": None}
