"""Actor lookups by slug or IRI."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from kg.actors import entity_iri, lookup
from kg.resolution.decisions import current_iri

router = APIRouter(tags=["actors"])


@router.get("/actors/{ident:path}", summary="An actor: labels, aliases, type, links, article count, claims")
async def actor(ident: str, store: Store) -> Any:
    iri = entity_iri(store, ident)
    target = await run_in_threadpool(current_iri, store, iri)
    if target != iri:  # merged away: point at the entity it became
        return RedirectResponse(f"/actors/{target.rsplit('/', 1)[-1]}", status_code=301)
    return await run_in_threadpool(lookup, store, ident)
