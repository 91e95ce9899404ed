"""Actor lookups by slug or IRI (kept for callers of `entity_iri` and `lookup`; the work is in kg.lookups)."""
from __future__ import annotations

from kg.lookups.actors import actor
from kg.lookups.common import entity_iri
from kg.lookups.models import ActorDetail
from kg.stores import Store


def lookup(store: Store, ident: str) -> ActorDetail:
    """Everything the graph says of one entity, or NotFound."""
    return actor(store, ident)


__all__ = ["entity_iri", "lookup"]
