"""GET /sparql as plain ASGI, ahead of FastAPI: the same checks and the same `execute` as the route in
api/routes/sparql.py, without FastAPI's routing, dependency solving and exception middleware, which took
most of the server's own time per small query under load (py-spy over bench/http_scale.py). The route stays
for everything else (service description, HEAD, POST) and for the OpenAPI document.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.middleware import error_response
from api.routes.sparql import multi_params, query_job
from api.security import require_read
from api.sparql_exec import execute
from kg.errors import KGError
from kg.settings import Settings


class SparqlFastPath:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != "/sparql":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        params = multi_params(request.query_params.multi_items())
        if "query" not in params:  # the service description, or a protocol error: the route answers
            await self.app(scope, receive, send)
            return
        try:
            await require_read(self.settings, request.headers.get("authorization"))
            response = await execute(request, request.app.state.store, query_job(request, params))
        except KGError as exc:
            response = error_response(exc)
        await response(scope, receive, send)
