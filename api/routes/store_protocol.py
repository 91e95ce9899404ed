"""SPARQL 1.1 Graph Store HTTP Protocol at /store: ?graph=IRI or ?default; no parameter is the whole dataset.

GET/HEAD are reads; PUT (replace), POST (merge) and DELETE need the write token.
"""
from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.body import media_type, read_body
from api.deps import AppSettings, Store
from api.security import WriteAccess
from kg.dataset import graph_iri
from kg.errors import BadInput, UnsupportedMediaType
from kg.formats import negotiate
from kg.graphs import Target, delete_graph, new_graph_iri, parse_graph, read_graph

router = APIRouter(tags=["graph store"])

GRAPH_MEDIA = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}
DATASET_MEDIA = {"application/trig": ox.RdfFormat.TRIG, "application/n-quads": ox.RdfFormat.N_QUADS}


def _target(request: Request) -> Target:
    graphs = request.query_params.getlist("graph")
    if graphs and "default" in request.query_params:
        raise BadInput("give either ?graph=IRI or ?default, not both")
    if len(graphs) > 1:
        raise BadInput("give one ?graph=IRI")
    if graphs:
        return graph_iri(graphs[0], "graph")
    return ox.DefaultGraph() if "default" in request.query_params else None


def _named_target(request: Request) -> ox.NamedNode | ox.DefaultGraph:
    target = _target(request)
    if target is None:
        raise BadInput("name the graph: ?graph=IRI or ?default")
    return target


async def _triples(request: Request, settings: AppSettings, base_iri: str) -> list[ox.Triple]:
    ctype = media_type(request)
    if ctype not in GRAPH_MEDIA:
        raise UnsupportedMediaType(f"unsupported content type {ctype or '(none)'}: send one of "
                                   f"{', '.join(GRAPH_MEDIA)}")
    body = await read_body(request, settings.max_body_bytes)
    return await run_in_threadpool(parse_graph, body, GRAPH_MEDIA[ctype], base_iri)


@router.api_route("/store", methods=["GET", "HEAD"],
                  summary="A graph (?graph=IRI), the default graph (?default: the union), or the whole dataset "
                          "(TriG / N-Quads)")
async def get_graph(request: Request, store: Store) -> Response:
    target = _target(request)
    offered = DATASET_MEDIA if target is None else GRAPH_MEDIA
    media = negotiate(request.headers.get("accept"), offered, next(iter(offered)))
    data = await run_in_threadpool(read_graph, store, target, offered[media])
    return Response(data, media_type=media)


@router.put("/store", dependencies=[WriteAccess], summary="Replace a graph's content (201 when created)")
async def put_graph(request: Request, store: Store, settings: AppSettings) -> Response:
    target = _named_target(request)
    triples = await _triples(request, settings, getattr(target, "value", store.base))
    created = await run_in_threadpool(store.put_graph, target, triples)
    return Response(status_code=201 if created else 204)


@router.post("/store", dependencies=[WriteAccess],
             summary="Add to a graph (201 when created); without a graph, a new graph named by the server")
async def post_graph(request: Request, store: Store, settings: AppSettings) -> Response:
    target = _target(request) or new_graph_iri(store)
    triples = await _triples(request, settings, getattr(target, "value", store.base))
    created = await run_in_threadpool(store.post_graph, target, triples)
    if not created:
        return Response(status_code=204)
    location = "/store?graph=" + quote(target.value, safe="") if isinstance(target, ox.NamedNode) else None
    return Response(status_code=201, headers={"Location": location} if location else None)


@router.delete("/store", dependencies=[WriteAccess], summary="Drop a graph (?default empties the stored default "
               "graph)")
async def delete(request: Request, store: Store) -> Response:
    target = _named_target(request)
    await run_in_threadpool(delete_graph, store, target)
    return Response(status_code=204)
