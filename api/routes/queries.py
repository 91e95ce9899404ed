"""Named queries: list them, read one's parameters, run one with `?param=value` in any results format."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from api.security import ReadAccess
from api.sparql_exec import QueryJob, execute
from kg.errors import BadInput, UnsupportedFormat
from kg.queries import named_queries, named_query, prepare

router = APIRouter(tags=["queries"], dependencies=[ReadAccess])

FORMAT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
"""`?format=` names, for links and browsers that cannot set Accept."""


@router.get("/queries", summary="The named queries with their parameters")
async def list_queries(request: Request) -> list[dict[str, Any]]:
    root = str(request.base_url).rstrip("/")
    return [{**q.as_dict(), "url": f"{root}/queries/{q.name}"} for q in named_queries().values()]


@router.get("/queries/{name}/meta", summary="One named query: title, description, parameters and SPARQL text")
async def query_meta(name: str) -> dict[str, Any]:
    q = named_query(name)
    return {**q.as_dict(), "sparql": q.text}


@router.get("/queries/{name}", summary="Run a named query: ?name=value parameters, Accept or ?format=")
async def run_query(name: str, request: Request, store: Store) -> Response:
    params: dict[str, str] = {}
    for key in request.query_params:
        values = request.query_params.getlist(key)
        if len(values) > 1:
            raise BadInput(f"parameter {key} is given {len(values)} times; give it once")
        params[key] = values[0]
    fmt = params.pop("format", None)
    accept = request.headers.get("accept")
    if fmt is not None:
        if fmt.lower() not in FORMAT_MEDIA:
            raise UnsupportedFormat(f"unknown format {fmt!r}; use {', '.join(FORMAT_MEDIA)}")
        accept = FORMAT_MEDIA[fmt.lower()]
    # Binding may look entities up in the store (merges, types): blocking work, off the event loop.
    text = await run_in_threadpool(prepare, store, name, params)
    return await execute(request, store, QueryJob(text, accept=accept))
