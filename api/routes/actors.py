"""Actors: the list, one actor's card, and its typed relationships with evidence."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from api.security import ReadAccess
from kg.lookups.actors import actor, list_actors, slug
from kg.lookups.common import MAX_LIMIT, entity_iri
from kg.lookups.models import ActorDetail, ActorSummary, Page, Relationships
from kg.lookups.relationships import NEIGHBOUR_CAP, relationships
from kg.resolution.decisions import current_iri
from kg.stores import Store as StoreHandle

router = APIRouter(tags=["actors"], dependencies=[ReadAccess])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]


async def _moved(request: Request, store: StoreHandle, ident: str, suffix: str = "") -> Response | None:
    """A 301 to the kept entity when ident was merged away, keeping the query string."""
    iri = entity_iri(store, ident)
    target = await run_in_threadpool(current_iri, store, iri)
    if target == iri:
        return None
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/actors/{slug(store, target)}{suffix}{query}", status_code=301)


@router.get("/actors", response_model=Page[ActorSummary],
            summary="Actors named in the articles (every known entity with all=true), most articles first")
async def actors(
    store: Store, limit: Limit = 50, offset: Offset = 0,
    type: Annotated[str | None, Query(description="entity class, e.g. StateAgency, Platform")] = None,
    country: Annotated[str | None, Query(description="State slug or IRI: actors part of it, or attributed "
                                                     "operations run from it")] = None,
    platform: Annotated[str | None, Query(description="platform slug or IRI used by its operations")] = None,
    has_attribution: Annotated[bool | None, Query(description="some attribution names it (true) or none")] = None,
    all: Annotated[bool, Query(description="include gazetteer entities no article names")] = False,
) -> Page[ActorSummary]:
    return await run_in_threadpool(lambda: list_actors(
        store, type=type, country=country, platform=platform, has_attribution=has_attribution, all=all,
        limit=limit, offset=offset))


@router.get("/actors/{ident:path}/relationships", response_model=Relationships,
            summary="Typed edges of an actor (attributions, origin, targets, platforms, takedowns, links, "
                    f"co-mentions), each with sources and evidence; depth=2 adds up to {NEIGHBOUR_CAP} neighbours'")
async def actor_relationships(
    ident: str, request: Request, store: Store, limit: Limit = 50, offset: Offset = 0,
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
    co_mentioned: Annotated[int, Query(ge=0, le=100, description="top N co-mentioned entities")] = 10,
) -> Response | Relationships:
    moved = await _moved(request, store, ident, "/relationships")
    if moved is not None:
        return moved
    return await run_in_threadpool(relationships, store, ident, depth, co_mentioned, limit, offset)


@router.get("/actors/{ident:path}", response_model=ActorDetail,
            summary="An actor: labels, aliases, type, part-of and owned-by, counts, first and last seen, claims")
async def actor_card(ident: str, request: Request, store: Store) -> Response | ActorDetail:
    moved = await _moved(request, store, ident)
    if moved is not None:
        return moved
    return await run_in_threadpool(actor, store, ident)
