"""The one place the API runs a SPARQL query and turns the result into an HTTP response.

Routes (`/sparql`, `/queries/{name}`) build a `QueryJob` and call `execute`. On an on-disk store the query
runs in a worker process of the app's `QuerySandbox` (kg/query_sandbox.py), which is killed at
KG_QUERY_TIMEOUT (503); results beyond KG_MAX_RESULTS are cut and flagged (`X-KG-Truncated: true`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from kg.query_sandbox import Answer, QueryRequest, QuerySandbox, evaluate
from kg.settings import Settings
from kg.stores import Store

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
TRUNCATED_HEADER = "X-KG-Truncated"


@dataclass
class QueryJob:
    """A query with its dataset (SPARQL Protocol default-graph-uri / named-graph-uri) and bindings."""

    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    substitutions: dict[str, Term] = field(default_factory=dict)
    accept: str | None = None


def _response(answer: Answer) -> Response:
    media = answer.media
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else ""
    headers = {TRUNCATED_HEADER: "true"} if answer.truncated else {}
    return Response(answer.body, media_type=media + charset, headers=headers)


async def execute(request: Request, store: Store, job: QueryJob) -> Response:
    """Run the job (stopped at the timeout) and answer in the media type the Accept header prefers."""
    settings: Settings = request.app.state.settings
    req = QueryRequest(job.query, store.base, tuple(job.default_graphs), tuple(job.named_graphs),
                       dict(job.substitutions), job.accept, settings.max_results)
    sandbox: QuerySandbox | None = getattr(request.app.state, "sandbox", None)
    if sandbox is None:  # an in-memory store: no worker can open it, so no timeout either
        return _response(await run_in_threadpool(evaluate, store, req))
    return _response(await sandbox.run_async(req))
