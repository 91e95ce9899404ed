"""Linked-data export of the whole graph."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from kg.formats import rdf_format

router = APIRouter(tags=["exports"])
MEDIA = {"turtle": "text/turtle", "ttl": "text/turtle", "trig": "application/trig", "nquads": "application/n-quads",
         "ntriples": "application/n-triples", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}


@router.get("/export", summary="The whole graph; triple formats carry the union of the named graphs")
async def export(store: Store, format: Literal["turtle", "ttl", "trig", "nquads", "ntriples", "jsonld",
                                              "rdfxml"] = "trig") -> Response:
    fmt = rdf_format(format)
    data = await run_in_threadpool(store.dump, fmt)
    return Response(data, media_type=MEDIA[format.lower()])
