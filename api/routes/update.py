"""SPARQL 1.1 Protocol update operation: POST /sparql/update, form-encoded or application/sparql-update; writers only."""
from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.body import form, media_type, read_body, text
from api.deps import AppSettings, Store
from api.security import WriteAccess
from kg.errors import BadInput, UnsupportedMediaType
from kg.sparql_text import refuse_remote_update

router = APIRouter(tags=["sparql"])


@router.post("/sparql/update", dependencies=[WriteAccess], status_code=204,
             summary="SPARQL update (application/sparql-update, or form field 'update'); one transaction")
async def sparql_update(request: Request, store: Store, settings: AppSettings) -> Response:
    ctype = media_type(request)
    params = {k: [v] for k, v in request.query_params.multi_items()}
    if ctype == "application/sparql-update":
        updates = [text(await read_body(request, settings.max_body_bytes))]
    elif ctype == "application/x-www-form-urlencoded":
        params = form(await read_body(request, settings.max_body_bytes))
        updates = params.get("update", [])
    else:
        raise UnsupportedMediaType(f"unsupported content type {ctype or '(none)'}: use application/sparql-update "
                                   "or application/x-www-form-urlencoded")
    if "query" in params:
        raise BadInput("a query cannot be sent with an update: send queries to /sparql")
    if "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise BadInput("using-graph-uri and using-named-graph-uri are not supported: use USING in the update")
    if len(updates) != 1 or not updates[0].strip():
        raise BadInput(f"exactly one 'update' is needed, got {len([u for u in updates if u.strip()])}")
    refuse_remote_update(updates[0])
    await run_in_threadpool(store.update, updates[0])
    return Response(status_code=204)
