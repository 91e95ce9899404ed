"""What every request passes before it reaches a route: the Host check, CORS and the body-size limit.

Refusals are JSON like every other error ({"error": code, "message": ...}).
"""
from __future__ import annotations

import json

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import KGError
from kg.settings import Settings

EXPOSED_HEADERS = ["X-KG-Truncated"]


async def send_error(send: Send, status: int, code: str, message: str, close: bool = False) -> None:
    """A JSON error; close=True ends the connection (the client may still be sending a body we won't read)."""
    body = json.dumps({"error": code, "message": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status,
                "headers": headers + ([(b"connection", b"close")] if close else [])})
    await send({"type": "http.response.body", "body": body})


def error_response(exc: KGError) -> JSONResponse:
    """A project error as the JSON every route answers with."""
    return JSONResponse({"error": exc.code, "message": exc.message}, status_code=exc.status)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


class BodyLimit:
    """413 for a body over `limit` bytes: at once when Content-Length says so, else (chunked) as soon as the
    bytes read pass it. The body is read before the route runs, so no route ever sees part of a large one."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = (_header(scope, b"content-length") or "").strip()
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send, f"the request body ({declared} bytes)")
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.limit:
                await self._refuse(send, "the request body")
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, what: str) -> None:
        await send_error(send, 413, "too_large", f"{what} exceeds the limit of {self.limit} bytes "
                                                 "(KG_MAX_BODY_BYTES)", close=True)


class TrustedHosts:
    """400 unless the Host header is one of `allowed` ("*" allows any; "*.example.org" any subdomain)."""

    def __init__(self, app: ASGIApp, allowed: list[str]) -> None:
        self.app = app
        self.allowed = [h.lower() for h in allowed]
        self.any = "*" in self.allowed

    def accepts(self, host: str) -> bool:
        host = host.lower()
        host = host[:host.index("]") + 1] if host.startswith("[") and "]" in host else host.split(":")[0]
        return any(host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:]))
                   for pattern in self.allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.any or scope["type"] not in ("http", "websocket") or self.accepts(_header(scope, b"host") or ""):
            await self.app(scope, receive, send)
            return
        await send_error(send, 400, "bad_host", "this server does not answer to that Host header "
                                                "(KG_ALLOWED_HOSTS)")


def add_middleware(app: Starlette, settings: Settings) -> None:
    """A request meets the Host check, then CORS (only when origins are set), then the body limit, then
    (GET /sparql with a query) the fast path."""
    from api.fast_sparql import SparqlFastPath

    app.add_middleware(SparqlFastPath, settings=settings)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "Accept"],
                           expose_headers=EXPOSED_HEADERS, max_age=600)
    app.add_middleware(TrustedHosts, allowed=settings.allowed_hosts)
