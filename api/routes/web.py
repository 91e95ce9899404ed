"""The web interface: home, search, SPARQL, review pages and the static files (entity and article pages are
the text/html answer of their IRIs, see entities.py). Pages are thin: data comes from api.web.pages."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api.deps import AppSettings, Matcher, Store
from api.routes.queries import FORMAT_MEDIA
from api.routes.search import Search
from api.security import ReadAccess, check_token
from api.sparql_exec import QueryJob, execute
from api.web.pages import overview
from api.web.render import STATIC, render
from api.web.results import ResultTable, result_table
from kg.errors import BadInput, Forbidden, KGError, UnsupportedFormat
from kg.queries import named_queries, prepare
from kg.stores import Store as StoreHandle
from kg.vocab import PREFIXES

router = APIRouter(tags=["web interface"], dependencies=[ReadAccess], include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC), name="static")

JSON_RESULTS = FORMAT_MEDIA["json"]
EXAMPLE = """SELECT ?actor ?label (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?mention kgo:refersTo ?actor ; kgo:source ?article .
  ?actor skos:prefLabel ?label .
} GROUP BY ?actor ?label ORDER BY DESC(?articles) LIMIT 20"""


def prefixed(query: str) -> str:
    """The project's prefixes, then the query (a prefix the query declares again wins)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + "\n" + query


def html(store: StoreHandle, template: str, status: int = 200, **context: object) -> HTMLResponse:
    return HTMLResponse(render(template, store.base, **context), status_code=status)


@router.get("/", response_class=HTMLResponse, summary="Home page")
async def home(store: Store) -> HTMLResponse:
    o = await run_in_threadpool(overview, store)
    return html(store, "home.html", o=o)


@router.get("/ui/search", response_class=HTMLResponse)
async def search_page(store: Store, searcher: Search, q: str = "") -> HTMLResponse:
    if not q.strip():
        return html(store, "search.html", q=q, hits=[], total=0, error="Type a name, alias or acronym.")
    found = await run_in_threadpool(searcher.search, q, None, 50, 0)
    return html(store, "search.html", q=q, hits=found.hits, total=found.total)


async def _run(request: Request, store: StoreHandle, text: str) -> ResultTable:
    answer = await execute(request, store, QueryJob(text, accept=JSON_RESULTS))
    if answer.status_code >= 400:
        raise BadInput(bytes(answer.body).decode("utf-8", "replace"))
    if not answer.headers.get("content-type", "").startswith(JSON_RESULTS):
        raise BadInput("only SELECT and ASK queries show as a table; use /sparql for CONSTRUCT and DESCRIBE")
    return result_table(bytes(answer.body), store.base)


def _sparql_page(store: StoreHandle, query: str, table: ResultTable | None = None, error: str | None = None,
                 status: int = 200) -> HTMLResponse:
    return html(store, "sparql.html", status, query=query, table=table, error=error,
                named=list(named_queries().values()), result_formats=list(FORMAT_MEDIA),
                prefixes=PREFIXES)


@router.get("/ui/sparql", response_class=HTMLResponse)
async def sparql_page(store: Store, query: str | None = None) -> HTMLResponse:
    return _sparql_page(store, query or prefixed(EXAMPLE))


@router.post("/ui/sparql", response_class=HTMLResponse)
async def sparql_results(request: Request, store: Store, query: Annotated[str, Form()]) -> HTMLResponse:
    try:
        table = await _run(request, store, query)
    except KGError as exc:
        return _sparql_page(store, query, error=exc.message, status=exc.status)
    table.downloads = [(f, "/ui/sparql/download?" + urlencode({"query": query, "format": f})) for f in FORMAT_MEDIA]
    return _sparql_page(store, query, table)


@router.api_route("/ui/sparql/download", methods=["GET", "POST"])
async def sparql_download(request: Request, store: Store) -> Response:
    """The query's results in json, xml, csv or tsv, as a file (the endpoint's formats, by name)."""
    params = dict(request.query_params)
    if request.method == "POST":
        params.update({k: str(v) for k, v in (await request.form()).items()})
    fmt, query = params.get("format", "").lower(), params.get("query", "")
    if fmt not in FORMAT_MEDIA:
        raise UnsupportedFormat(f"unknown format {fmt!r}; use {', '.join(FORMAT_MEDIA)}")
    if not query.strip():
        raise BadInput("missing 'query' parameter")
    answer = await execute(request, store, QueryJob(query, accept=FORMAT_MEDIA[fmt]))
    if answer.status_code < 400:
        answer.headers["Content-Disposition"] = f'attachment; filename="results.{fmt}"'
    return answer


@router.get("/ui/queries/{name}", response_class=HTMLResponse)
async def named_results(name: str, request: Request, store: Store) -> HTMLResponse:
    params = {k: v for k, v in request.query_params.items() if v != ""}
    try:
        text = await run_in_threadpool(prepare, store, name, params)
        table = await _run(request, store, text)
    except KGError as exc:
        return _sparql_page(store, prefixed(EXAMPLE), error=exc.message, status=exc.status)
    table.downloads = [(f, f"/queries/{name}?" + urlencode({**params, "format": f})) for f in FORMAT_MEDIA]
    return _sparql_page(store, text, table)


@router.get("/ui/review", response_class=HTMLResponse)
async def review_page(store: Store, matcher: Matcher, message: str | None = None) -> HTMLResponse:
    from kg.gazetteer import load_gazetteer
    from kg.resolution.review import uncertain_pairs

    pairs = await run_in_threadpool(lambda: uncertain_pairs(store, load_gazetteer(), matcher, 20))
    return html(store, "review.html", pairs=pairs, message=message)


@router.post("/ui/review")
async def review_decide(store: Store, settings: AppSettings, a: Annotated[str, Form()], b: Annotated[str, Form()],
                        kind: Annotated[str, Form()], token: Annotated[str, Form()] = "",
                        who: Annotated[str, Form()] = "analyst") -> Response:
    """The no-JS path: the token comes in the form; merge keeps b and merges a into it."""
    from kg.resolution.decisions import record

    if kind == "skip":
        return RedirectResponse("/ui/review", status_code=303)
    if kind not in ("merge", "different"):
        raise BadInput("kind must be merge, different or skip")
    if not settings.write_token:
        raise Forbidden("writes are disabled on this server: set KG_WRITE_TOKEN to enable them")
    check_token(settings.write_token, f"Bearer {token}" if token else None, "writes")
    await run_in_threadpool(record, store, kind, b, a, None, who, "web review")
    return RedirectResponse("/ui/review?" + urlencode({"message": f"Recorded: {kind}."}), status_code=303)
