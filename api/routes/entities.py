"""Dereferenceable IRIs: GET on an entity or article IRI describes it (Turtle, JSON-LD, N-Triples, RDF/XML)."""
from __future__ import annotations

from typing import Literal

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from kg.errors import NotFound
from kg.formats import GRAPH_MEDIA, negotiate
from kg.resolution.decisions import current_iri
from kg.store import GraphStore

router = APIRouter(tags=["linked data"])


def _describe(store: GraphStore, iri: str, accept: str | None) -> Response:
    try:
        node = ox.NamedNode(iri)
    except ValueError as exc:
        raise NotFound(f"not an IRI: {iri}") from exc
    triples = list(store.query(f"DESCRIBE {node}"))  # type: ignore[arg-type]
    if not triples:
        raise NotFound(f"nothing is known of {iri}")
    media = negotiate(accept, GRAPH_MEDIA, "text/turtle")
    fmt = GRAPH_MEDIA[media]
    return Response(ox.serialize(triples, format=fmt) or b"", media_type=media)


@router.get("/entity/{slug}", summary="Describe an entity by its IRI; a merged-away IRI redirects (301)")
async def entity(slug: str, request: Request, store: Store) -> Response:
    iri = f"{store.base}entity/{slug}"
    target = await run_in_threadpool(current_iri, store, iri)
    if target != iri:
        return RedirectResponse(f"/entity/{target.rsplit('/', 1)[-1]}", status_code=301)
    return await run_in_threadpool(_describe, store, iri, request.headers.get("accept"))


@router.get("/{kind}/{rest:path}", summary="Describe any other IRI the graph mints: articles and their mentions, "
            "statements and evidence, takedowns, operations, decisions, extractors")
async def minted(kind: Literal["article", "takedown", "operation", "decision", "extractor"], rest: str,
                 request: Request, store: Store) -> Response:
    return await run_in_threadpool(_describe, store, f"{store.base}{kind}/{rest}", request.headers.get("accept"))
