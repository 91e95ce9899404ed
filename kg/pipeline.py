"""Ingestion: text, then mentions, then resolved entities, then one RDF graph per article in the store."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from spacy.language import Language

from extractors.pipeline import VERSION, default_pipeline, extract
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.model import Article, Entity
from kg.rdf import ArticleGraph, entity_quads
from kg.resolution import Resolved, Resolver
from kg.store import GraphStore


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    mentions: int = 0
    attributions: int = 0
    takedowns: int = 0
    new_entities: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"added": len(self.added), "skipped": len(self.skipped), "mentions": self.mentions,
                "attributions": self.attributions, "takedowns": self.takedowns,
                "new_entities": self.new_entities}


def resolver_for(store: GraphStore, gazetteer: Gazetteer | None = None) -> Resolver:
    return Resolver(gazetteer or load_gazetteer(), store.base, store.known_entities())


def resolve_article(article: Article, resolver: Resolver, nlp: Language | None = None) -> Resolved:
    return resolver.resolve(extract(article, nlp))


def ingest(store: GraphStore, articles: Iterable[Article], nlp: Language | None = None,
           resolver: Resolver | None = None, on_article: Callable[[Article, bool], None] | None = None
           ) -> IngestReport:
    """Add each article not yet in the store; an article's graph and new entities go in one transaction."""
    nlp = nlp or default_pipeline()
    gaz = load_gazetteer()
    resolver = resolver or resolver_for(store, gaz)
    report = IngestReport()
    for article in articles:
        if not article.text.strip() or store.has_article(article.content_hash):
            report.skipped.append(article.source)
            if on_article:
                on_article(article, False)
            continue
        before = set(resolver.known)
        resolved = resolve_article(article, resolver, nlp)
        new = [e for iri, e in resolver.known.items() if iri not in before]
        surfaces: dict[str, set[str]] = {}
        for m, ent in resolved.entities.items():
            surfaces.setdefault(ent.iri, set()).add(m.text)
        ents: dict[str, Entity] = {e.iri: e for e in resolved.entities.values()}
        graph = ArticleGraph(resolved, store.graphs, gaz, datetime.now(timezone.utc), VERSION)
        quads = graph.build() + entity_quads([ents[i] for i in sorted(ents)], surfaces, store.graphs)
        store.write(quads)
        report.added.append(article.source)
        report.mentions += len(resolved.extraction.mentions)
        report.attributions += len(resolved.extraction.attributions)
        report.takedowns += len(resolved.extraction.takedowns)
        report.new_entities += len(new)
        if on_article:
            on_article(article, True)
    return report
