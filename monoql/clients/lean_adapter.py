"""The adapter's ``build_response`` for an answer read by :class:`LeanResponse` (lean_response.py).

urllib3 returns a connection to its pool when a read finds the original (``http.client``-level)
response closed, so every answer's urllib3 response keeps its :class:`LeanResponse` as the original
response: a body read through ``Response.content`` (requests-cache's reads, ``stream=False``) then
gives its connection back as with ``http.client``. requests reads ``Set-Cookie`` from that original
response, through a parsed copy of the URL and the headers; an answer that sets no cookie has
nothing for the jar, so that step is left out for it, and the ``Response`` is otherwise requests' own.
"""

from __future__ import annotations

from typing import Any

from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter

from monoql.clients.lean_response import LeanResponse


class LeanAnswerAdapter(HTTPAdapter):
    """``HTTPAdapter`` building the ``Response`` of an answer without cookies past the cookie jar."""

    def build_response(self, req: PreparedRequest, resp: Any) -> Response:
        original = getattr(resp, "_original_response", None)
        if not isinstance(original, LeanResponse) or original.set_cookie:
            return super().build_response(req, resp)
        # requests skips cookie extraction for a response without an original one: hidden while
        # it builds the Response (this urllib3 response is this call's alone), then put back.
        resp._original_response = None
        try:
            return super().build_response(req, resp)
        finally:
            resp._original_response = original
