"""W3C Reconciliation Service API v0.2 at /reconcile, for OpenRefine and other clients.

GET /reconcile (manifest, or `queries=`), POST /reconcile (form `queries=`), JSONP via `callback=` on GETs,
/reconcile/suggest/entity?prefix= and /reconcile/preview?id=.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from api.routes.search import Search
from api.security import ReadAccess
from kg import reconcile as rc

router = APIRouter(prefix="/reconcile", tags=["reconciliation"], dependencies=[ReadAccess])

SERVICE_NAME = "Influence operations knowledge graph"
Callback = Annotated[str | None, Query(description="JSONP: wrap the JSON answer in a call to this function")]
Queries = Annotated[str | None, Query(description='A batch of queries as JSON: {"q0": {"query": "...", '
                                            '"type": "Person", "limit": 5, "properties": [...]}}')]


def _answer(payload: Any, callback: str | None) -> Response:
    name = rc.check_callback(callback)
    if name is None:
        return JSONResponse(payload)
    return Response(rc.jsonp(name, payload), media_type="application/javascript",
                    headers={"X-Content-Type-Options": "nosniff"})


@router.get("", summary="The service manifest, or the answers to a batch of queries= (JSONP with callback=)")
async def reconcile_get(request: Request, store: Store, searcher: Search, queries: Queries = None,
                        callback: Callback = None) -> Response:
    rc.check_callback(callback)
    index = await run_in_threadpool(searcher.index)
    if queries is None:
        return _answer(rc.manifest(index, store.base, str(request.base_url), SERVICE_NAME), callback)
    batch = rc.parse_queries(queries)
    return _answer(await run_in_threadpool(rc.reconcile, index, store.base, batch), callback)


@router.post("", summary="Answers to a batch of queries, sent as the form field queries=")
async def reconcile_post(request: Request, store: Store, searcher: Search) -> Response:
    form = await request.form()
    queries, callback = form.get("queries"), form.get("callback")
    rc.check_callback(callback if isinstance(callback, str) else None)
    batch = rc.parse_queries(queries if isinstance(queries, str) else None)
    index = await run_in_threadpool(searcher.index)
    return _answer(await run_in_threadpool(rc.reconcile, index, store.base, batch),
                   callback if isinstance(callback, str) else None)


@router.get("/suggest/entity", summary="Entity autocomplete for the suggest protocol")
async def suggest_entity(store: Store, searcher: Search,
                         prefix: Annotated[str | None, Query(description="What the user typed so far")] = None,
                         type: Annotated[str | None, Query(description="Only entities of this class")] = None,
                         cursor: Annotated[int, Query(description="Suggestions to skip")] = 0,
                         callback: Callback = None) -> Response:
    rc.check_callback(callback)
    index = await run_in_threadpool(searcher.index)
    return _answer(await run_in_threadpool(rc.suggest_entities, index, store.base, prefix, type, cursor),
                   callback)


@router.get("/preview", response_class=HTMLResponse, summary="A small HTML card of one entity")
async def preview(store: Store, searcher: Search,
                  id: Annotated[str | None, Query(description="Entity id (IRI slug) or IRI")] = None) -> HTMLResponse:
    index = await run_in_threadpool(searcher.index)
    return HTMLResponse(rc.preview_html(index, store.base, id))
