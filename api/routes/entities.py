"""Dereferenceable IRIs: GET on an entity, article, mention, statement, evidence span, operation, takedown,
decision or extractor IRI describes it in Turtle, JSON-LD, N-Triples, RDF/XML or HTML (see linked_data)."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from api.html import FORMATS
from api.routes.linked_data import VARY, chosen_format, not_found, resource
from api.security import ReadAccess
from api.web.pages import entity_page, source_page
from api.web.render import render
from kg.errors import NotFound
from kg.resolution.decisions import current_iri
from kg.stores import Store as StoreHandle

_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
router = APIRouter(tags=["linked data"], dependencies=[ReadAccess])


@router.get("/entity/{slug}", summary="Describe an entity by its IRI; a merged-away IRI redirects (301)")
async def entity(slug: str, request: Request, store: Store) -> Response:
    iri = f"{store.base}entity/{slug}"
    target = await run_in_threadpool(current_iri, store, iri)
    if target != iri:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/entity/{target.rsplit('/', 1)[-1]}{query}", status_code=301, headers=VARY)
    if chosen_format(request) == "html":  # the web interface's entity page
        return await _web_page(request, store, "entity.html", entity_page, iri, "e")
    return await resource(request, store, iri)


async def _web_page(request: Request, store: Store, template: str, build: Callable[[StoreHandle, str], Any],
                    ident: str, name: str) -> Response:
    try:
        data = await run_in_threadpool(build, store, ident)
    except NotFound as exc:
        return not_found("html", exc)
    page = render(template, store.base, path=request.url.path, formats=FORMATS[:-1], **{name: data})
    return HTMLResponse(page, headers=VARY)


@router.get("/{kind}/{rest:path}", summary="Describe any other IRI the graph mints: articles and their mentions, "
            "statements and evidence, takedowns, operations, decisions, extractors")
async def minted(kind: Literal["article", "takedown", "operation", "decision", "extractor"], rest: str,
                 request: Request, store: Store) -> Response:
    iri = f"{store.base}{kind}/{rest}"
    if kind == "article" and _ARTICLE_ID.fullmatch(rest) and chosen_format(request) == "html":
        return await _web_page(request, store, "source.html", source_page, iri, "s")
    return await resource(request, store, iri)
