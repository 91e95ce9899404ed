"""Linked data: the ontology at its namespace, the tactics scheme, the JSON-LD @context and VoID.

`answer` is also how `/entity/...` and the other minted IRIs reply: one resource in Turtle, JSON-LD
(compacted with the published context), N-Triples, RDF/XML or HTML, by Accept or `?format=`,
always with `Vary: Accept`.
"""
from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from api import html
from api.deps import Store
from api.security import ReadAccess
from kg.describe import Description, describe, vocabulary, vocabulary_terms
from kg.errors import NotFound, UnsupportedFormat
from kg.formats import negotiate
from kg.jsonld_context import compact, context_document
from kg.stores import Store as StoreHandle
from kg.vocab import KGO, PREFIXES, TACTICS
from kg.void import VOID, VoidCache

router = APIRouter(tags=["linked data"])

MEDIA = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
         "rdf": "application/rdf+xml", "html": "text/html"}
# What an Accept header may name, best first when the client does not mind (*/*: Turtle).
_OFFERED = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt",
            "application/rdf+xml": "rdf", "text/html": "html", "application/xhtml+xml": "html",
            "application/json": "jsonld", "text/plain": "nt"}
_NAMES = {**{k: k for k in MEDIA}, "turtle": "ttl", "json-ld": "jsonld", "ntriples": "nt", "rdfxml": "rdf",
          "xml": "rdf"}
_OX = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}
_PREFIXES = {**PREFIXES, "void": VOID, "foaf": "http://xmlns.com/foaf/0.1/"}
VARY = {"Vary": "Accept"}


def chosen_format(request: Request) -> str:
    """`?format=` if given, else what the Accept header prefers; 406 when nothing offered fits."""
    asked = request.query_params.get("format")
    if asked is not None:
        name = _NAMES.get(asked.lower())
        if name is None:
            raise UnsupportedFormat(f"unknown format {asked!r}; use one of {', '.join(MEDIA)}")
        return name
    return _OFFERED[negotiate(request.headers.get("accept"), _OFFERED, "text/turtle")]


def context_url(store: StoreHandle) -> str:
    return f"{store.base}context.jsonld"


def _body(triples: list[ox.Triple], name: str, store: StoreHandle, first: str | None) -> bytes:
    if name == "jsonld":
        return compact(triples, context_url(store), first)
    return ox.serialize(triples, format=_OX[name], prefixes=_PREFIXES) or b""


def answer(request: Request, store: StoreHandle, name: str, triples: list[ox.Triple], first: str | None,
           page: Callable[[], str]) -> Response:
    """One resource in the chosen format; `page` renders the HTML."""
    if name == "html":
        return HTMLResponse(page(), headers=VARY)
    return Response(_body(triples, name, store, first), media_type=MEDIA[name], headers=VARY)


def not_found(name: str, exc: NotFound) -> Response:
    """404 as an HTML page for browsers, else the usual JSON error; varies by Accept too."""
    if name == "html":
        return HTMLResponse(html.error_page(404, exc.message), status_code=404, headers=VARY)
    return JSONResponse({"error": exc.code, "message": exc.message}, status_code=404, headers=VARY)


async def resource(request: Request, store: StoreHandle, iri: str) -> Response:
    """Dereference one IRI the graph mints."""
    name = chosen_format(request)
    try:
        desc = await run_in_threadpool(describe, store, iri)
    except NotFound as exc:
        return not_found(name, exc)
    return await run_in_threadpool(answer, request, store, name, desc.triples, iri,
                                   lambda: html.resource_page(desc, store.base, request.url.path))


def _vocabulary(request: Request, store: StoreHandle, which: str, iri: str, title: str, intro: str) -> Response:
    name = chosen_format(request)
    triples = vocabulary(which)
    return answer(request, store, name, triples, iri, lambda: html.vocabulary_page(
        title, iri, intro, vocabulary_terms(triples), request.url.path))


@router.get("/ns", summary="The ontology (kgo:), served at its namespace: Turtle, JSON-LD, N-Triples, RDF/XML "
            "or HTML by Accept")
@router.get("/ns/", include_in_schema=False)
@router.get("/ontology", summary="The ontology (same as /ns)")
async def ontology_doc(request: Request, store: Store) -> Response:
    return await run_in_threadpool(
        _vocabulary, request, store, "ontology", KGO.rstrip("#"), "Influence operations knowledge graph ontology",
        f"Classes and properties of the namespace {KGO}: entities, operations, takedowns, statements "
        "and their provenance.")


@router.get("/tactics", summary="The tactics concept scheme (kgt:), by Accept")
async def tactics_doc(request: Request, store: Store) -> Response:
    return await run_in_threadpool(
        _vocabulary, request, store, "tactics", TACTICS.rstrip("#"), "Influence operation tactics",
        f"The SKOS concepts of {TACTICS} that statements use with kgo:usedTactic.")


@router.get("/context.jsonld", summary="The JSON-LD @context that JSON-LD descriptions reference")
async def jsonld_context() -> Response:
    return Response(context_document(), media_type="application/ld+json",
                    headers={"Cache-Control": "public, max-age=3600"})


@router.get("/.well-known/void", dependencies=[ReadAccess],
            summary="VoID description of the dataset: sizes, classes, vocabularies, endpoint, dumps")
async def void(request: Request, store: Store) -> Response:
    name = chosen_format(request)
    cache: VoidCache | None = getattr(request.app.state, "void_cache", None)
    if cache is None:
        cache = request.app.state.void_cache = VoidCache()
    triples = await run_in_threadpool(cache.get, store)
    iri = f"{store.base}.well-known/void#dataset"
    return await run_in_threadpool(answer, request, store, name, triples, iri, lambda: html.resource_page(
        Description(iri, triples), store.base, request.url.path))
