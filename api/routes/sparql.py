"""SPARQL 1.1 Protocol: GET ?query=, POST form-encoded, POST application/sparql-query."""
from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from kg.errors import BadInput
from kg.formats import GRAPH_MEDIA, RESULT_MEDIA, negotiate
from kg.store import GraphStore

router = APIRouter(tags=["sparql"])


def _answer(store: GraphStore, query: str, accept: str | None) -> Response:
    result = store.query(query)
    if isinstance(result, ox.QueryTriples):
        media = negotiate(accept, GRAPH_MEDIA, "text/turtle")
        fmt = GRAPH_MEDIA[media]
        body = result.serialize(format=fmt) or b""
    else:
        media = negotiate(accept, RESULT_MEDIA, "application/sparql-results+json")
        body = result.serialize(format=RESULT_MEDIA[media]) or b""
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else ""
    return Response(body, media_type=media + charset)


@router.get("/sparql", summary="SPARQL query (GET)")
async def sparql_get(request: Request, store: Store, query: str | None = None) -> Response:
    if not query:
        raise BadInput("missing 'query' parameter")
    return await run_in_threadpool(_answer, store, query, request.headers.get("accept"))


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
    return await run_in_threadpool(_answer, store, query, request.headers.get("accept"))
