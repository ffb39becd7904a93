"""What is checked on a `/graphql` request before graphql-server reads any of it.

A Flask `before_request` hook, in order: the method (GET and POST; 405), the `Accept` header
(406, and which media type answers), CSRF (docs/caller.md §2), the media type (415), and the body's
size: a JSON body's declared length against `limits.maxBodyBytes`, with the same cap on what may
be read of a body without one; for a multipart upload, the caller and the declared length
(`upload_gate`, docs/uploads.md §1) before a byte of the body is read. A GET that asks for HTML
while GraphiQL is on is let through: the view renders the IDE and runs nothing.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, Request, Response, g, request
from werkzeug.datastructures import Headers

from monoql.config import Settings
from monoql.errors import BadRequest, BadUserInput, Forbidden, MonoqlError, Unauthenticated
from monoql.web.caller import Credential, identify
from monoql.web.negotiation import quality
from monoql.web.refusals import Refused
from monoql.web.responses import GRAPHQL_RESPONSE, JSON
from monoql.web.upload_gate import UploadRefusal, max_upload_bytes, upload_refusal

JSON_TYPES = ("application/json", GRAPHQL_RESPONSE)
MULTIPART = "multipart/form-data"
# Content types a browser may send cross-site without a CORS preflight.
SIMPLE_TYPES = ("", "text/plain", MULTIPART, "application/x-www-form-urlencoded")
_CODED: dict[str, type[MonoqlError]] = {
    "UNAUTHENTICATED": Unauthenticated,
    "FORBIDDEN": Forbidden,
    "BAD_USER_INPUT": BadUserInput,
}


def init_app(app: Flask, settings: Settings) -> None:
    @app.before_request
    def _guard() -> Response | None:
        req: Request = request._get_current_object()  # type: ignore[attr-defined]  # once, not per use
        if req.endpoint != "graphql":
            return None
        try:
            check(req, settings)
        except Refused as refused:
            response = refused.response()
            response.headers["Cache-Control"] = "no-store"
            return response
        return None


def check(req: Request, settings: Settings) -> None:
    """Raise the refusal for a request that must not reach the library's parsing."""
    if renders_ide(req, settings):
        return
    g.graphql_media = negotiate(req)
    if req.method == "GET":
        check_csrf(req, settings)
        return
    mimetype = req.mimetype  # werkzeug parses Content-Type at every read
    check_csrf(req, settings, mimetype)
    if mimetype == MULTIPART:
        check_upload(req, settings)
    elif mimetype in JSON_TYPES:
        limit = settings.limits.max_body_bytes
        if req.content_length is not None and req.content_length > limit:
            raise Refused(body_too_large(limit))
        req.max_content_length = limit  # a body without a declared length is cut there
    else:
        raise Refused(
            BadRequest(
                f"Unsupported Content-Type {req.mimetype or '(none)'!r}: send application/json "
                "or a GraphQL multipart request.",
                reason="UNSUPPORTED_MEDIA_TYPE",
                http_status=415,
            )
        )


def renders_ide(req: Request, settings: Settings) -> bool:
    """A browser opening `/graphql` where GraphiQL is on (the test graphql-server's view applies)."""
    return settings.graphiql and req.method == "GET" and "text/html" in req.headers.get("Accept", "")


def negotiate(req: Request) -> str:
    """The response media type (GraphQL-over-HTTP): graphql-response+json when asked for, else JSON."""
    if req.method not in ("GET", "POST"):
        raise Refused(
            BadRequest(
                f"{req.method} is not supported: use GET or POST.",
                reason="METHOD_NOT_ALLOWED",
                http_status=405,
            )
        )
    media = answer_media(req.headers.get("Accept", ""))
    if media is not None:
        return media
    raise Refused(
        BadRequest(
            "The Accept header allows neither application/graphql-response+json nor application/json.",
            reason="NOT_ACCEPTABLE",
            http_status=406,
        )
    )


@lru_cache(maxsize=256)
def answer_media(header: str) -> str | None:
    """The media type an `Accept` header asks the answer in; None when it allows neither JSON type.
    Remembered per header text: clients send the same few."""
    if not header.strip():
        return JSON
    graphql_quality = quality(header, GRAPHQL_RESPONSE, explicit=True)
    json_quality = quality(header, JSON)
    if graphql_quality and graphql_quality >= json_quality:
        return GRAPHQL_RESPONSE
    if json_quality:
        return JSON
    if quality(header, GRAPHQL_RESPONSE):
        return GRAPHQL_RESPONSE
    return None


def has_preflight_header(headers: Headers, settings: Settings) -> bool:
    return any(headers.get(name, "").strip() for name in settings.csrf.preflight_headers)


def check_csrf(req: Request, settings: Settings, mimetype: str | None = None) -> None:
    """Refuse requests a browser could send cross-site without a preflight (docs/caller.md §2);
    `mimetype` is the request's, when the caller has read it already."""
    if not settings.csrf.enabled:
        return
    simple = req.method == "GET" or (req.mimetype if mimetype is None else mimetype) in SIMPLE_TYPES
    if simple and not has_preflight_header(req.headers, settings):
        raise Refused(csrf_refusal())


def csrf_refusal() -> BadRequest:
    return BadRequest(
        "This request could be a cross-site request forgery: send a preflight header such as "
        "'Apollo-Require-Preflight' or use Content-Type application/json.",
        reason="CSRF_PREFLIGHT_REQUIRED",
    )


def check_upload(req: Request, settings: Settings) -> None:
    """Refuse an upload from its headers, then cap what may be read of its body."""
    refusal = upload_refusal(credential(req, settings).caller, req.content_length, settings)
    if refusal is not None:
        raise Refused(coded(refusal), refusal.status)
    req.max_content_length = max_upload_bytes(settings.uploads)


def coded(refusal: UploadRefusal) -> MonoqlError:
    return _CODED[refusal.code](refusal.message, reason=refusal.reason)


def body_too_large(limit: int) -> BadRequest:
    return BadRequest(
        f"The request body is larger than {limit} bytes.", reason="BODY_TOO_LARGE", http_status=413
    )


def credential(req: Request, settings: Settings) -> Credential:
    """Who sends the request, verified once per request."""
    known: Credential | None = g.get("credential")
    if known is None:
        known = g.credential = identify(req, settings)
    return known
