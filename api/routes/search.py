"""Entity search: GET /search?q= by name or alias, best first, paginated."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from api.security import ReadAccess
from kg.errors import BadInput
from kg.model import ENTITY_TYPES
from kg.search import DEFAULT_LIMIT, MAX_LIMIT, EntitySearch

router = APIRouter(tags=["search"], dependencies=[ReadAccess])


def get_search(request: Request, store: Store) -> EntitySearch:
    """The name index of the app's store, made on first use and kept for the life of the app."""
    search: EntitySearch | None = getattr(request.app.state, "entity_search", None)
    if search is None or search.store is not store:
        search = EntitySearch(store)
        request.app.state.entity_search = search
    return search


Search = Annotated[EntitySearch, Depends(get_search)]


class SearchResult(BaseModel):
    iri: str = Field(description="The entity's IRI (dereferenceable on this server)")
    label: str = Field(description="Its preferred label (skos:prefLabel)")
    type: str = Field(description="Its class, a kgo: local name", examples=["ResearchOrg"])
    score: float = Field(ge=0, le=1, description="How well the best of its names matches the query (1 = exact label)")
    matched: str = Field(description="The label or alias that matched, as written in the graph")


class SearchResponse(BaseModel):
    query: str
    total: int = Field(description="Number of matching entities over all pages")
    limit: int
    offset: int
    results: list[SearchResult]


@router.get("/search", response_model=SearchResponse,
            summary="Entities by name or alias: forgiving of case, accents, acronyms and small typos")
async def search(
    searcher: Search,
    q: Annotated[str | None, Query(description="Name, alias or acronym to look for")] = None,
    type: Annotated[str | None, Query(description="Only entities of this class: "
                                      + ", ".join(ENTITY_TYPES))] = None,
    limit: Annotated[int, Query(description=f"Results per page (1 to {MAX_LIMIT})")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(description="Results to skip")] = 0,
) -> SearchResponse:
    if q is None or not q.strip():
        raise BadInput("the q parameter is required: a name, alias or acronym")
    page = await run_in_threadpool(searcher.search, q, type, limit, offset)
    return SearchResponse(query=q, total=page.total, limit=limit, offset=offset, results=[
        SearchResult(iri=h.iri, label=h.label, type=h.type, score=h.score, matched=h.matched) for h in page.hits])
