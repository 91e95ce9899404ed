"""What both store kinds do the same way over their own `query`: change notification and known entities."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kg.model import Entity
from kg.vocab import KGO, SKOS, Graphs


class StoreCommon:
    """Mixed into GraphStore and RemoteStore, which set these attributes and provide `query`."""

    base: str
    graphs: Graphs
    generation: int
    listeners: list[Callable[[Any], None]]
    query: Callable[..., Any]

    def changed(self) -> None:
        """Every method that writes calls this once its change is committed."""
        self.generation += 1
        for listener in self.listeners:
            listener(self)

    def known_entities(self) -> dict[str, Entity]:
        """Entities minted by earlier ingestions (not the gazetteer's), so the resolver keeps their IRIs."""
        q = f"""SELECT ?e ?type ?label WHERE {{ GRAPH <{self.graphs.entities.value}> {{
                  ?e a ?type ; <{SKOS}prefLabel> ?label . FILTER(STRSTARTS(STR(?type), "{KGO}")) }} }}"""
        from kg.gazetteer import load_gazetteer

        gazetteer = {f"{self.base}entity/{k}" for k in load_gazetteer().entries}
        out: dict[str, Entity] = {}
        for row in self.query(q):
            iri = row["e"].value
            if iri in gazetteer:
                continue
            out.setdefault(iri, Entity(iri, row["label"].value, row["type"].value[len(KGO):], known=False))
        return out
