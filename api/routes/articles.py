"""Article ingestion over HTTP, so a running server can take new articles without giving up its store."""
from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import AppSettings, Store
from api.security import WriteAccess
from kg.intake import Meta, article_from_body, check_size
from kg.submit import Submitter

router = APIRouter(tags=["articles"])


class EntityOut(BaseModel):
    iri: str
    label: str | None
    type: str


class AttributionOut(BaseModel):
    actor: str
    by: str | None
    stance: str


class TakedownOut(BaseModel):
    iri: str
    by: str | None
    date: str | None
    counts: dict[str, int]


class CountsOut(BaseModel):
    mentions: int
    entities: int
    attributions: int
    takedowns: int


class ArticleOut(BaseModel):
    iri: str
    graph: str
    already_stored: bool
    counts: CountsOut
    entities: list[EntityOut]
    attributions: list[AttributionOut]
    takedowns: list[TakedownOut]


class ErrorOut(BaseModel):
    error: str
    message: str


_JSON_BODY = {"type": "object", "required": ["text"], "properties": {
    "text": {"type": "string", "description": "The article text"},
    "title": {"type": "string"}, "url": {"type": "string"},
    "published": {"type": "string", "description": "ISO date, YYYY-MM-DD"}}}
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": what} for code, what in (
        (400, "Empty, binary or non-UTF-8 text, invalid JSON, or a bad date"), (401, "No bearer token"),
        (403, "Wrong token, or writes disabled"), (413, "Body larger than KG_MAX_BODY_BYTES"),
        (415, "Content-Type not JSON, text/plain or text/html"))}


def _lock(request: Request) -> asyncio.Lock:
    """One ingestion at a time per app: the resolver's batch state is not thread-safe."""
    lock: asyncio.Lock | None = getattr(request.app.state, "ingest_lock", None)
    if lock is None:
        lock = request.app.state.ingest_lock = asyncio.Lock()
    return lock


def _submitter(request: Request, store: Store) -> Submitter:
    """The app's one submitter, kept so its resolver is not rebuilt for every article."""
    submitter: Submitter | None = getattr(request.app.state, "submitter", None)
    if submitter is None or submitter.store is not store:
        submitter = request.app.state.submitter = Submitter(store)
    return submitter


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, stopped as soon as it passes the limit rather than read whole first."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit():
        check_size(int(declared), limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        check_size(size, limit)
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/articles", status_code=201, dependencies=[WriteAccess], response_model=ArticleOut,
    summary="Ingest one article (JSON, text/plain or text/html); writers only",
    responses={200: {"model": ArticleOut, "description": "The same text was stored before"}, **_ERRORS},
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": _JSON_BODY},
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}}}}})
async def post_article(request: Request, store: Store, settings: AppSettings, title: str | None = None,
                       url: str | None = None, published: str | None = None) -> JSONResponse:
    """Runs the `kg ingest` pipeline on the article; title, url and published go in the query string
    for text bodies. Answers 201 with what was extracted, or 200 with `already_stored` for a known text."""
    raw = await _read_body(request, settings.max_body_bytes)
    article = await run_in_threadpool(article_from_body, raw, request.headers.get("content-type"),
                                      Meta(title, url, published), settings.max_body_bytes)
    async with _lock(request):
        done = await run_in_threadpool(_submitter(request, store).submit, article)
    return JSONResponse(done.as_dict(), status_code=200 if done.already_stored else 201)
