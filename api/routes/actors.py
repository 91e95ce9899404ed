"""Actor lookups by slug or IRI."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api.deps import Store
from kg.actors import lookup

router = APIRouter(tags=["actors"])


@router.get("/actors/{ident:path}", summary="An actor: labels, aliases, type, links, article count, claims")
async def actor(ident: str, store: Store) -> dict[str, Any]:
    return await run_in_threadpool(lookup, store, ident)
