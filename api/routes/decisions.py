"""Analyst decisions over HTTP: list them (anyone), record them (write token only)."""
from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import Matcher, Store
from api.security import WriteAccess
from kg.actors import entity_iri
from kg.resolution.decisions import decisions, record

router = APIRouter(tags=["entity resolution"])


class DecisionIn(BaseModel):
    kind: Literal["merge", "split", "different"]
    subject: str = Field(description="Entity slug or IRI (merge: the one kept)")
    object: str | None = Field(None, description="Second entity (merge: the one merged away)")
    mention: str | None = Field(None, description="Split: the surface that is another entity")
    who: str = Field(min_length=1)
    why: str = ""


@router.get("/decisions", summary="Every identity decision, oldest first")
async def list_decisions(store: Store) -> list[dict[str, Any]]:
    ds = await run_in_threadpool(decisions, store)
    return [{**d.__dict__, "when": d.when.isoformat()} for d in ds]


@router.get("/er/review", summary="The most uncertain entity pairs for an analyst to judge")
async def review(store: Store, matcher: Matcher, limit: int = 20) -> list[dict[str, Any]]:
    from kg.gazetteer import load_gazetteer
    from kg.resolution.review import uncertain_pairs

    def run() -> list[dict[str, Any]]:
        return [{"a": s.a.iri, "a_label": s.a.label, "b": s.b.iri, "b_label": s.b.label, "type": s.a.type,
                 "score": round(s.score, 3)} for s in uncertain_pairs(store, load_gazetteer(), matcher, limit)]

    return await run_in_threadpool(run)


@router.post("/decisions", status_code=201, summary="Record a merge, split or different-from decision",
             dependencies=[WriteAccess])
async def add_decision(body: DecisionIn, store: Store) -> dict[str, Any]:
    obj = entity_iri(store, body.object) if body.object else None
    d = await run_in_threadpool(record, store, body.kind, entity_iri(store, body.subject), obj, body.mention,
                                body.who, body.why)
    return {**d.__dict__, "when": d.when.isoformat()}
