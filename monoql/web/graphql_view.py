"""The `/graphql` endpoint: graphql-server's Flask `GraphQLView`, with the gateway in its hooks.

The library reads the request (GET parameters, JSON bodies, the multipart content type), refuses
methods other than GET and POST, puts uploaded files where the multipart map says and renders
GraphiQL. What it lacks is added through its hooks:

- parsing: orjson for bodies (no BOM, NaN or invalid UTF-8), coded reasons for bad GET parameters,
  the shape of every request checked (`request_data`), batches where configured, and multipart
  bodies read part by part with `operations` and `map` checked first (`multipart`);
- `get_context`: a fresh `RequestContext` per operation; `execute_operation`: persisted queries,
  the parse/validate cache, the GET rule and the deferred execution (`operation`);
- `process_result` / `create_response`: coded, masked errors and the response media type;
- `dispatch_request`: every refusal as coded JSON (`refusals`), then cookies and Cache-Control.

CSRF, the method, `Accept` and the size limits are checked before the view runs (`request_guard`).
The library logs every GraphQL error at ERROR with its variables (`graphql_server.execution`);
those are client errors, already answered and counted, so its loggers are kept quiet.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

import orjson
from flask import Flask, Request, Response, g, request
from flask.typing import ResponseReturnValue
from graphql import ExecutionResult, GraphQLError, OperationType
from graphql_server.file_uploads.utils import replace_placeholders_with_files
from graphql_server.flask.views import FlaskHTTPRequestAdapter, GraphQLView
from graphql_server.http import GraphQLHTTPResponse, GraphQLRequestData
from graphql_server.http.exceptions import HTTPException as LibraryHTTPException
from graphql_server.http.sync_base_view import SyncHTTPRequestAdapter
from werkzeug.exceptions import HTTPException as WerkzeugHTTPException

from monoql.errors import BadRequest
from monoql.schema.core.context import RequestContext
from monoql.schema.core.http import CookieOp, HttpFacts
from monoql.web import graphiql
from monoql.web.caching import cache_control
from monoql.web.caller import apply_cookies, client_host, client_ip
from monoql.web.error_format import format_error
from monoql.web.multipart import read_multipart
from monoql.web.operation import Gateway, RequestErrors, run_operation
from monoql.web.refusals import Refused, internal_error, library_refusal, werkzeug_refusal
from monoql.web.request_data import Protocol, batch_items, request_data
from monoql.web.request_guard import JSON_TYPES, credential, renders_ide
from monoql.web.responses import GRAPHQL_RESPONSE, JSON, content_type, encode

logger = logging.getLogger(__name__)

LIBRARY_LOGGER = "graphql_server"


@dataclass
class Exchange:
    """One HTTP request to `/graphql`, as the hooks see it (kept on `flask.g`)."""

    media: str
    response: Response
    contexts: list[RequestContext] = field(default_factory=list)
    extensions: dict[str, Any] | None = None  # of the first operation: Cache-Control depends on it
    clean: bool = True  # no answer carries errors


def exchange() -> Exchange:
    current: Exchange = g.graphql_exchange
    return current


class BatchReceived(Exception):
    """A JSON array body: the library runs one operation per request, the view runs each item."""

    def __init__(self, items: list[GraphQLRequestData]) -> None:
        super().__init__("batch")
        self.items = items


class GatewayRequestAdapter(FlaskHTTPRequestAdapter):
    """The request as the library reads it: the raw body bytes (orjson decodes and checks UTF-8),
    and both JSON media types under the name the library looks for."""

    @property
    def body(self) -> bytes:
        return self.request.get_data()

    @property
    def content_type(self) -> str | None:
        if self.request.mimetype in JSON_TYPES:
            return "application/json"
        return self.request.content_type


class GatewayGraphQLView(GraphQLView[RequestContext, None]):
    methods: ClassVar[list[str]] = ["GET", "POST", "PUT", "PATCH", "DELETE"]  # the rest: coded 405
    init_every_request = False
    request_adapter_class = GatewayRequestAdapter

    def __init__(self, gateway: Gateway) -> None:
        super().__init__(
            schema=gateway.schema.graphql_schema,
            graphql_ide="graphiql" if gateway.settings.graphiql else None,
            multipart_uploads_enabled=True,
        )
        self.gateway = gateway
        self.settings = gateway.settings

    # -- reading the request ----------------------------------------------------------------
    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)  # orjson.JSONDecodeError is a json.JSONDecodeError

    def parse_query_params(self, params: Any) -> dict[str, Any]:
        try:
            parsed: dict[str, Any] = super().parse_query_params(params)
        except LibraryHTTPException:
            name = "variables" if not _decodes(params.get("variables")) else "extensions"
            message = f"The '{name}' parameter is not valid JSON."
            raise Refused(BadRequest(message, reason=f"INVALID_{name.upper()}")) from None
        return parsed

    def parse_multipart(self, request_adapter: SyncHTTPRequestAdapter) -> dict[str, Any]:
        g.upload = True
        try:
            form = read_multipart(request, self.settings)
        except BadRequest as error:
            raise Refused(error) from None
        data: dict[str, Any] = replace_placeholders_with_files(form.operations, form.file_map, form.files)
        return data

    def get_graphql_request_data(
        self, request_adapter: SyncHTTPRequestAdapter, context: Any, data: Any, protocol: Any
    ) -> GraphQLRequestData:
        try:
            if isinstance(data, list):
                items = batch_items(data, self.settings.limits)
                protocol = self._protocol()
                raise BatchReceived([request_data(item, self.settings.limits, protocol) for item in items])
            return request_data(data, self.settings.limits, self._protocol())
        except BadRequest as error:
            raise Refused(error) from None

    def should_render_graphql_ide(self, request_adapter: Any) -> bool:
        return renders_ide(request, self.settings)

    def render_graphql_ide(self, request: Request, request_data: GraphQLRequestData) -> Response:
        return Response(graphiql.page(), content_type="text/html; charset=utf-8")

    # -- running it -------------------------------------------------------------------------
    def get_sub_response(self, request: Request) -> Response:
        response = Response(status=200)
        g.graphql_exchange = Exchange(g.get("graphql_media", JSON), response)
        return response

    def get_context(self, request: Request, response: Response) -> RequestContext:
        settings = self.settings
        http = HttpFacts(
            headers=request.headers,
            cookies=request.cookies,
            client_ip=client_ip(request, settings),
            host=client_host(request, settings),
        )
        ctx = RequestContext(
            settings,
            request_id=g.request_id,
            deadline=time.monotonic() + settings.deadline.query,  # set per operation kind on execution
            http=http,
            caller=credential(request, settings).caller,
        )
        exchange().contexts.append(ctx)
        return ctx

    def get_root_value(self, request: Request) -> None:
        return None

    def execute_operation(
        self,
        request_adapter: SyncHTTPRequestAdapter,
        request_data: GraphQLRequestData,
        context: RequestContext,
        root_value: Any,
        allowed_operation_types: set[OperationType],
    ) -> ExecutionResult:
        current = exchange()
        if current.extensions is None:
            current.extensions = request_data.extensions or {}
        try:
            result, status = run_operation(
                self.gateway, request_data, context, method=request.method, media=current.media
            )
        except Refused:
            raise
        except Exception:
            logger.exception("unexpected error while running an operation")
            raise internal_error() from None
        current.response.status_code = status
        return result

    # -- answering --------------------------------------------------------------------------
    def process_result(
        self, request: Request, result: ExecutionResult, strict: bool = False
    ) -> GraphQLHTTPResponse:
        code = result.code if isinstance(result, RequestErrors) else None
        errors: list[object] = [self._format(error, code) for error in result.errors or ()]
        if errors:
            exchange().clean = False
        if code is not None:
            return {"errors": errors}
        if errors:
            return {"errors": errors, "data": result.data}
        return {"data": result.data}

    def create_response(self, response_data: Any, sub_response: Response, is_strict: bool) -> Response:
        sub_response.set_data(encode(response_data))
        sub_response.headers["Content-Type"] = content_type(GRAPHQL_RESPONSE if is_strict else JSON)
        return sub_response

    def dispatch_request(self, **kwargs: Any) -> ResponseReturnValue:
        refused: Refused | None = None
        try:
            response = self.run(request=request)
        except BatchReceived as batch:
            response = self._run_batch(batch.items)
        except LibraryHTTPException as error:
            if error.status_code == 200 and not isinstance(error, Refused):  # the library's OPTIONS answer
                return Response(status=204, headers={"Allow": "GET, POST, OPTIONS"})
            refused = library_refusal(error)
        except WerkzeugHTTPException as error:
            refused = werkzeug_refusal(error)
        if refused is not None:
            response = refused.response()
            if "graphql_exchange" in g:
                exchange().clean = False
        self._finish(response)
        return response

    def _run_batch(self, batch: list[GraphQLRequestData]) -> Response:
        """Each operation of a batch answered in turn; one refused operation refuses only itself."""
        current = exchange()
        adapter = self.request_adapter_class(request)
        bodies: list[Any] = []
        for data in batch:
            ctx = self.get_context(request, current.response)
            try:
                result = self.execute_operation(adapter, data, ctx, None, set(OperationType))
                bodies.append(self.process_result(request, result, data.protocol == "http-strict"))
            except Refused as refused:
                current.clean = False
                bodies.append(refused.body())
        current.response.status_code = 200
        return self.create_response(bodies, current.response, current.media == GRAPHQL_RESPONSE)

    def _finish(self, response: Response) -> None:
        """Cookies the operations set, and whether a shared cache may keep the answer."""
        current: Exchange | None = g.get("graphql_exchange")
        contexts = current.contexts if current else []
        cookie_ops = [op for ctx in contexts for op in ctx.response.cookie_ops]
        session_cookie = self.settings.session.cookie_name
        who = g.get("credential")
        if who is not None and who.stale_cookie and all(op.name != session_cookie for op in cookie_ops):
            cookie_ops.append(CookieOp(session_cookie, None))  # a session cookie that failed to verify
        apply_cookies(response, cookie_ops, self.settings)
        clean = current is not None and current.clean
        extensions = current.extensions if current else None
        cache_control(request, response, extensions, clean, self.settings)

    def _protocol(self) -> Protocol:
        return "http-strict" if exchange().media == GRAPHQL_RESPONSE else "http"

    def _format(self, error: GraphQLError, code: str | None) -> dict[str, Any]:
        return format_error(
            error,
            request_id=g.request_id,
            show_developer_message=self.settings.show_developer_message,
            default_code=code,
        )


def _decodes(raw: str | None) -> bool:
    if not raw:
        return True
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    return True


def register(app: Flask, gateway: Gateway) -> None:
    app.extensions["monoql"] = gateway
    # The library logs each GraphQL error (with variable values) at ERROR: client mistakes the
    # gateway answers with a coded error; its own faults are logged by `error_format`.
    logging.getLogger(LIBRARY_LOGGER).setLevel(logging.CRITICAL + 1)
    app.add_url_rule("/graphql", view_func=GatewayGraphQLView.as_view("graphql", gateway))
