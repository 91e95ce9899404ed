"""Shared resources handed to handlers: the one store handle and the settings.

Dependencies that only read app state are `async def`: FastAPI runs a sync dependency in its thread pool,
a hop that cost a quarter of the server's time per request under load (py-spy, bench/http_scale.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from kg.settings import Settings
from kg.stores import Store as StoreHandle

if TYPE_CHECKING:
    from kg.resolution.matcher import DedupeMatcher


async def get_store(request: Request) -> StoreHandle:
    store: StoreHandle = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


Store = Annotated[StoreHandle, Depends(get_store)]
AppSettings = Annotated[Settings, Depends(get_settings)]


def get_matcher(request: Request) -> DedupeMatcher:
    """The dedupe model, loaded on first use and kept for the life of the app."""
    matcher: DedupeMatcher | None = getattr(request.app.state, "matcher", None)
    if matcher is None:
        from kg.gazetteer import load_gazetteer
        from kg.pipeline import default_matcher

        matcher = default_matcher(load_gazetteer())
        request.app.state.matcher = matcher
    return matcher


Matcher = Annotated["DedupeMatcher", Depends(get_matcher)]
