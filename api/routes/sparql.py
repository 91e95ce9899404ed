"""SPARQL 1.1 Protocol query operation: GET ?query=, POST form-encoded, POST application/sparql-query.

GET /sparql without a query answers the service description. Updates never run here (see update.py).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.body import form, media_type, read_body, text
from api.sparql_exec import QueryJob, execute
from kg.errors import BadInput, UnsupportedMediaType
from kg.formats import negotiate
from kg.service_description import render, service_description
from kg.settings import Settings
from kg.sparql_text import refuse_remote_query
from kg.stores import Store as StoreHandle

router = APIRouter(tags=["sparql"])  # reads: the app-wide ReadAccess

DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
DESCRIPTION_MEDIA = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
                     "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-triples": ox.RdfFormat.N_TRIPLES}


def multi_params(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def query_job(request: Request, params: Mapping[str, Sequence[str]], query: str | None = None) -> QueryJob:
    """Check the protocol's rules (exactly one query, no update) and build the job."""
    if "update" in params:
        raise BadInput("a SPARQL update cannot be sent to /sparql: POST it to /sparql/update")
    queries = list(params.get("query", []))
    if query is not None:
        queries.append(query)
    if len(queries) > 1:
        raise BadInput(f"exactly one query is allowed per request, got {len(queries)}")
    if not queries or not queries[0].strip():
        raise BadInput("missing 'query' parameter")
    refuse_remote_query(queries[0])
    return QueryJob(queries[0], default_graphs=list(params.get("default-graph-uri", [])),
                    named_graphs=list(params.get("named-graph-uri", [])), accept=request.headers.get("accept"))


@router.api_route("/sparql", methods=["GET", "HEAD"], summary="SPARQL query (GET); without a query, the service "
                  "description (Turtle, JSON-LD, RDF/XML, N-Triples by Accept)")
async def sparql_get(request: Request) -> Response:
    # A GET with a query is answered before it gets here, by api/fast_sparql.py; this route answers the
    # service description, HEAD and protocol errors, and documents GET /sparql in OpenAPI.
    store: StoreHandle = request.app.state.store
    params = multi_params(request.query_params.multi_items())
    if not any(k in params for k in ("query", "update", *DATASET_PARAMS)):
        media = negotiate(request.headers.get("accept"), DESCRIPTION_MEDIA, "text/turtle")
        triples = await run_in_threadpool(service_description, store)
        return Response(render(triples, DESCRIPTION_MEDIA[media]), media_type=media)
    return await execute(request, store, query_job(request, params))


@router.post("/sparql", summary="SPARQL query (POST form-encoded, or application/sparql-query with "
             "default-graph-uri / named-graph-uri in the URL)")
async def sparql_post(request: Request) -> Response:
    store: StoreHandle = request.app.state.store  # as in sparql_get
    settings: Settings = request.app.state.settings
    ctype = media_type(request)
    url_params = multi_params(request.query_params.multi_items())
    if ctype == "application/sparql-query":
        body = text(await read_body(request, settings.max_body_bytes))
        job = query_job(request, url_params, query=body)
    elif ctype == "application/x-www-form-urlencoded":
        params = form(await read_body(request, settings.max_body_bytes))
        for key in ("query", *DATASET_PARAMS):  # a query in both URL and body is two queries
            params[key] = url_params.get(key, []) + params.get(key, [])
        job = query_job(request, params)
    elif ctype == "application/sparql-update":
        raise UnsupportedMediaType("a SPARQL update cannot be sent to /sparql: POST it to /sparql/update")
    else:
        raise UnsupportedMediaType(f"unsupported content type {ctype or '(none)'}: use application/sparql-query "
                                   "or application/x-www-form-urlencoded")
    return await execute(request, store, job)
