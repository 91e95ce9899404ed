"""App factory: opens the store in the lifespan and maps project errors to JSON in one place."""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

import api.routes
from api.middleware import add_middleware, error_response
from api.security import ReadAccess
from kg import __version__
from kg.errors import KGError
from kg.query_sandbox import QuerySandbox
from kg.settings import Settings
from kg.stores import connect


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store = connect(settings.store, settings.base_iri)
        # On disk, SPARQL runs in worker processes over snapshots of the store, killed at the timeout; a remote
        # store has no folder to snapshot: its queries go to the server, whose own time limit applies.
        sandbox = QuerySandbox(store, settings.query_workers, settings.query_timeout) if store.path else None
        app.state.sandbox = sandbox
        try:
            if sandbox is not None:
                sandbox.start()
            yield
        finally:
            if sandbox is not None:
                sandbox.close()
            store.close()

    app = FastAPI(title="Influence operations knowledge graph", version=__version__, lifespan=lifespan,
                  dependencies=[ReadAccess],  # every route; /docs and /openapi.json are not routes of ours
                  description="SPARQL over a graph of state-backed influence operations, actor lookups and "
                              "linked-data exports. Every fact links to the article and sentence it came from.")
    app.state.settings = settings
    add_middleware(app, settings)

    @app.exception_handler(KGError)
    async def kg_error(request: Request, exc: KGError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": "bad_input", "message": "invalid request", "detail": exc.errors()},
                            status_code=422)

    for name in route_modules():
        app.include_router(importlib.import_module(f"api.routes.{name}").router)
    return app


def route_modules() -> list[str]:
    """Every module in api/routes with a `router`; `entities` (catch-all IRI paths) goes last."""
    names = sorted(m.name for m in pkgutil.iter_modules(api.routes.__path__))
    return [n for n in names if n != "entities"] + ["entities"]
