"""SPARQL 1.1 Protocol: GET ?query=, POST form-encoded, POST application/sparql-query."""
from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response

from api.deps import Store
from api.sparql_exec import QueryJob, execute
from kg.errors import BadInput

router = APIRouter(tags=["sparql"])


@router.get("/sparql", summary="SPARQL query (GET)")
async def sparql_get(request: Request, store: Store, query: str | None = None) -> Response:
    if not query:
        raise BadInput("missing 'query' parameter")
    return await execute(request, store, QueryJob(query, accept=request.headers.get("accept")))


@router.post("/sparql", summary="SPARQL query (POST form or application/sparql-query)")
async def sparql_post(request: Request, store: Store) -> Response:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw = await request.body()
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput("request body is not UTF-8") from exc
    if ctype == "application/sparql-query":
        query = body
    elif ctype == "application/x-www-form-urlencoded":
        values = parse_qs(body).get("query")
        if "update" in parse_qs(body):
            raise BadInput("SPARQL update is not accepted on this endpoint")
        query = values[0] if values else ""
    else:
        raise BadInput(f"unsupported content type {ctype or '(none)'}: use application/sparql-query or "
                       "application/x-www-form-urlencoded")
    if not query.strip():
        raise BadInput("missing query")
    return await execute(request, store, QueryJob(query, accept=request.headers.get("accept")))
