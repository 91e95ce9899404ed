"""The one place the API runs a SPARQL query and turns the result into an HTTP response.

Routes (`/sparql`, `/queries/{name}`) build a `QueryJob` and call `execute`; how the query runs
(in a thread today; later a worker that can be stopped at the timeout) stays behind this seam.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from kg.formats import GRAPH_MEDIA, RESULT_MEDIA, negotiate
from kg.store import GraphStore

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class QueryJob:
    """A query with its dataset (SPARQL Protocol default-graph-uri / named-graph-uri) and bindings."""

    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    substitutions: dict[str, Term] = field(default_factory=dict)
    accept: str | None = None


def _answer(store: GraphStore, job: QueryJob) -> Response:
    result = store.query(job.query, {ox.Variable(k): v for k, v in job.substitutions.items()} or None)
    if isinstance(result, ox.QueryTriples):
        media = negotiate(job.accept, GRAPH_MEDIA, "text/turtle")
        body = result.serialize(format=GRAPH_MEDIA[media]) or b""
    else:
        media = negotiate(job.accept, RESULT_MEDIA, "application/sparql-results+json")
        body = result.serialize(format=RESULT_MEDIA[media]) or b""
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else ""
    return Response(body, media_type=media + charset)


async def execute(request: Request, store: GraphStore, job: QueryJob) -> Response:
    """Run the job and answer in the media type the Accept header prefers."""
    return await run_in_threadpool(_answer, store, job)
