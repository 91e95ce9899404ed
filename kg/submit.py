"""One submitted article: ingest it like `kg ingest` does, then summarise what its stored graph holds."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from spacy.language import Language

from kg.model import Article
from kg.pipeline import ingest, resolver_for
from kg.resolution import Resolver
from kg.stores import Store

_PREFIXES = """PREFIX kgo: <https://w3id.org/influence-kg/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_ENTITIES = _PREFIXES + """SELECT ?g ?e (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) (COUNT(?m) AS ?n) WHERE {
  GRAPH ?g { ?m a kgo:Mention ; kgo:refersTo ?e ; kgo:mentionType ?t }
  OPTIONAL { ?e skos:prefLabel ?l } } GROUP BY ?g ?e ORDER BY DESC(?n) ?e"""
_ATTRIBUTIONS = _PREFIXES + """SELECT ?g ?s ?actor ?by ?stance WHERE { GRAPH ?g {
  ?s a kgo:Attribution ; kgo:attributedTo ?actor ; kgo:stance ?stance OPTIONAL { ?s kgo:claimedBy ?by } } }
  ORDER BY ?s"""
_TAKEDOWNS = _PREFIXES + """SELECT ?g ?t ?by ?date ?key ?count WHERE { GRAPH ?g {
  ?st a kgo:TakedownStatement ; kgo:takedown ?t .
  OPTIONAL { ?t kgo:removedBy ?by } OPTIONAL { ?t kgo:date ?date }
  OPTIONAL { ?t kgo:hasCount ?c . ?c kgo:countKeyOf ?key ; kgo:count ?count } } } ORDER BY ?t ?key"""


@dataclass
class Submitted:
    """The stored article's IRI and graph, whether it was there already, and what its graph holds."""

    iri: str
    graph: str
    already_stored: bool
    entities: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)
    takedowns: list[dict[str, Any]] = field(default_factory=list)
    mentions: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "graph": self.graph, "already_stored": self.already_stored,
                "counts": {"mentions": self.mentions, "entities": len(self.entities),
                           "attributions": len(self.attributions), "takedowns": len(self.takedowns)},
                "entities": self.entities, "attributions": self.attributions, "takedowns": self.takedowns}


def submit(store: Store, article: Article, nlp: Language | None = None,
           resolver: Resolver | None = None) -> Submitted:
    """Ingest the article unless its text is stored already. Callers serialise calls: one writer at a time."""
    h = article.content_hash
    already = store.has_article(h)
    if not already:
        ingest(store, [article], nlp, resolver=resolver)
    return summary(store, store.graphs.article_iri(h), store.graphs.article(h), already)


class Submitter:
    """Submits articles one after another with one resolver kept between them.

    Building a resolver loads the dedupe model and every entity minted so far, which costs more than
    extracting an article; it is rebuilt only when something other than this submitter has changed
    the store since (an analyst decision, a SPARQL Update), so it never resolves against stale state.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._resolver: Resolver | None = None
        self._generation = -1

    def submit(self, article: Article) -> Submitted:
        if self._resolver is None or self.store.generation != self._generation:
            self._resolver = resolver_for(self.store)
        try:
            return submit(self.store, article, resolver=self._resolver)
        except BaseException:
            self._resolver = None  # half-updated state is not kept
            raise
        finally:
            self._generation = self.store.generation


def _rows(store: Store, sparql: str, graph: ox.NamedNode) -> list[ox.QuerySolution]:
    result = store.query(sparql, {ox.Variable("g"): graph})
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def _value(term: object) -> str | None:
    return getattr(term, "value", None)


def summary(store: Store, iri: str, graph: ox.NamedNode, already: bool) -> Submitted:
    out = Submitted(iri, graph.value, already)
    for r in _rows(store, _ENTITIES, graph):
        type_ = _value(r["type"]) or ""
        out.entities.append({"iri": _value(r["e"]), "label": _value(r["label"]),
                             "type": type_.rsplit("#", 1)[-1]})
        out.mentions += int(_value(r["n"]) or 0)
    for r in _rows(store, _ATTRIBUTIONS, graph):
        out.attributions.append({"actor": _value(r["actor"]), "by": _value(r["by"]),
                                 "stance": (_value(r["stance"]) or "").rsplit("#", 1)[-1]})
    by_takedown: dict[str, dict[str, Any]] = {}
    for r in _rows(store, _TAKEDOWNS, graph):
        t = str(_value(r["t"]))
        td = by_takedown.setdefault(t, {"iri": t, "by": _value(r["by"]), "date": _value(r["date"]), "counts": {}})
        if r["key"] is not None:
            td["counts"][_value(r["key"])] = int(_value(r["count"]) or 0)
    out.takedowns = list(by_takedown.values())
    return out
