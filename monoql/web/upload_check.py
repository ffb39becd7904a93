"""`/_upload-check`: the buffering proxy asks, from a multipart request's headers, whether to read its body.

nginx's `auth_request` sends the client's headers here without the body, the client's
`Content-Length` as `X-Original-Content-Length`, and relays only 2xx, 401 and 403. So the answer is
204 when the upload may go on; 401 for an anonymous caller; 403 for a caller who is not an
administrator, for a missing CSRF preflight header and for a declared length above what an upload
may hold (nginx answers 413 bodies itself through `client_max_body_size`). Every refusal names its
reason in `X-Refusal-Reason`, which nginx copies into its JSON error body. The rule is
`upload_gate`'s, the one `/graphql` applies itself.
"""

from __future__ import annotations

from flask import Flask, Response, request

from monoql.config import Settings
from monoql.web.request_guard import credential, has_preflight_header
from monoql.web.upload_gate import upload_refusal

ROUTE = "/_upload-check"
LENGTH_HEADER = "X-Original-Content-Length"
REASON_HEADER = "X-Refusal-Reason"
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def init_app(app: Flask, settings: Settings) -> None:
    def upload_check() -> Response:
        return check_upload_headers(settings)

    app.add_url_rule(ROUTE, "upload_check", upload_check, methods=METHODS, provide_automatic_options=False)


def check_upload_headers(settings: Settings) -> Response:
    if settings.csrf.enabled and not has_preflight_header(request.headers, settings):
        return _refused(403, "CSRF_PREFLIGHT_REQUIRED")
    refusal = upload_refusal(credential(request, settings).caller, declared_length(), settings)
    if refusal is None:
        return Response(status=204, headers={"Cache-Control": "no-store"})
    # auth_request relays 401 and 403 only: an oversized declaration is a 403 with its reason.
    return _refused(401 if refusal.status == 401 else 403, refusal.reason)


def declared_length() -> int | None:
    """The client's declared body length: None when there is none (nginx caps such a body itself),
    and past any limit when it is not a plain number."""
    raw = request.headers.get(LENGTH_HEADER, "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return None if not raw else 2**63
    return int(raw)


def _refused(status: int, reason: str) -> Response:
    return Response(status=status, headers={REASON_HEADER: reason, "Cache-Control": "no-store"})
