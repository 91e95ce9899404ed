"""Exports of the whole graph, streamed: RDF, the actor network (GraphML, GEXF, CSV) and STIX 2.1."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from api.security import ReadAccess
from kg.exports import FORMATS, prepare

router = APIRouter(tags=["exports"], dependencies=[ReadAccess])


@router.get("/export", response_class=StreamingResponse,
            summary="The graph as RDF (triple formats carry the union of the graphs), the actor network as "
                    "GraphML, GEXF or CSV, or a STIX 2.1 bundle; streamed in chunks")
async def export(store: Store,
                 format: Annotated[str, Query(description=f"one of {', '.join(FORMATS)}")] = "trig",
                 graph: Annotated[str | None, Query(description="RDF formats: only this named graph (its IRI, "
                                                                "or a path under the base: graph/entities)")] = None
                 ) -> StreamingResponse:
    job = await run_in_threadpool(prepare, store, format, graph)
    return StreamingResponse(job.chunks(store), media_type=job.format.media_type,
                             headers={"Content-Disposition": f'attachment; filename="{job.filename}"'})
