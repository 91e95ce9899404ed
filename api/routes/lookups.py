"""Operations, takedowns and sources (articles) as paginated JSON."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from api.security import ReadAccess
from kg.lookups.common import MAX_LIMIT
from kg.lookups.models import Operation, Page, SourceDetail, SourceSummary, Takedown, Takedowns
from kg.lookups.operations import list_operations, operation
from kg.lookups.sources import list_sources, source
from kg.lookups.takedowns import list_takedowns, takedown

router = APIRouter(tags=["lookups"], dependencies=[ReadAccess])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]
Entity = Annotated[str | None, Query(description="entity slug or IRI")]
Since = Annotated[date | None, Query(description="on or after (YYYY-MM-DD)")]
Until = Annotated[date | None, Query(description="on or before (YYYY-MM-DD)")]


@router.get("/operations", response_model=Page[Operation],
            summary="Operations, newest first, with attributions and stance, origin, targets, platforms, "
                    "tactics, languages and sources")
async def operations(store: Store, limit: Limit = 50, offset: Offset = 0, actor: Entity = None,
                     platform: Entity = None, target: Entity = None, origin: Entity = None, since: Since = None,
                     until: Until = None) -> Page[Operation]:
    return await run_in_threadpool(lambda: list_operations(
        store, actor=actor, platform=platform, target=target, origin=origin, since=since, until=until,
        limit=limit, offset=offset))


@router.get("/operations/{ident:path}", response_model=Operation,
            summary="One operation by id (e.g. russia--2022-09, article/<id>/operation) or IRI")
async def one_operation(ident: str, store: Store) -> Operation:
    return await run_in_threadpool(operation, store, ident)


@router.get("/takedowns", response_model=Takedowns,
            summary="Takedowns, newest first, with figures per platform and asset, and totals over every match")
async def takedowns(store: Store, limit: Limit = 50, offset: Offset = 0, actor: Entity = None,
                    platform: Entity = None,
                    company: Annotated[str | None, Query(description="company owning the platform (e.g. meta)")] = None,
                    since: Since = None, until: Until = None) -> Takedowns:
    return await run_in_threadpool(lambda: list_takedowns(
        store, actor=actor, platform=platform, company=company, since=since, until=until, limit=limit,
        offset=offset))


@router.get("/takedowns/{ident:path}", response_model=Takedown,
            summary="One takedown by id (e.g. meta--russia--2022-09) or IRI")
async def one_takedown(ident: str, store: Store) -> Takedown:
    return await run_in_threadpool(takedown, store, ident)


@router.get("/sources", response_model=Page[SourceSummary],
            summary="The articles, newest first, with title, date, origin and counts")
async def sources(store: Store, limit: Limit = 50, offset: Offset = 0,
                  actor: Annotated[str | None, Query(description="only articles naming this entity")] = None,
                  since: Since = None, until: Until = None) -> Page[SourceSummary]:
    return await run_in_threadpool(lambda: list_sources(store, actor=actor, since=since, until=until, limit=limit,
                                                        offset=offset))


@router.get("/sources/{ident:path}", response_model=SourceDetail,
            summary="One article (16-hex id or IRI): metadata, text, mentions and statements with offsets")
async def one_source(ident: str, store: Store) -> SourceDetail:
    return await run_in_threadpool(source, store, ident)
