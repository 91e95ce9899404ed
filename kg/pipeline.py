"""Ingestion: text, then mentions, then resolved entities, then one RDF graph per article in the store."""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pyoxigraph import Quad
from spacy.language import Language

from extractors.pipeline import VERSION, default_pipeline, extract
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.model import Article, Entity, Extraction
from kg.rdf import ArticleGraph, entity_quads
from kg.resolution import Resolver
from kg.stores import Store

if TYPE_CHECKING:
    from kg.resolution.matcher import DedupeMatcher


FIRST_BATCH = 50
"""Articles in the first write; each next batch doubles up to MAX_BATCH_ARTICLES, so the first articles are
readable soon and a long run writes in large batches (what makes the bulk loader pay, see GraphStore.write)."""
MAX_BATCH_ARTICLES = 1000
MAX_BATCH_QUADS = 200_000
"""A batch is cut at this many quads too, so memory stays bounded whatever the articles hold."""
MAX_REMOTE_BATCH_QUADS = 20_000
"""For a remote (or in-memory) store: one SPARQL update per batch, kept to a few MB of request body."""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    mentions: int = 0
    attributions: int = 0
    takedowns: int = 0
    new_entities: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    """Time per stage: extract, resolve (with the batch clustering), build (the quads) and write."""

    def as_dict(self) -> dict[str, Any]:
        return {"added": len(self.added), "skipped": len(self.skipped), "mentions": self.mentions,
                "attributions": self.attributions, "takedowns": self.takedowns,
                "new_entities": self.new_entities}


def resolver_for(store: Store, gazetteer: Gazetteer | None = None) -> Resolver:
    from kg.resolution.decisions import load

    gaz = gazetteer or load_gazetteer()
    return Resolver(gaz, store.base, store.known_entities(), load(store), default_matcher(gaz))


def default_matcher(gazetteer: Gazetteer) -> DedupeMatcher:
    """The shipped, trained dedupe model over the gazetteer."""
    from kg.resolution.matcher import DedupeMatcher

    return DedupeMatcher.load(gazetteer)


def ingest(store: Store, articles: Iterable[Article], nlp: Language | None = None,
           resolver: Resolver | None = None, on_article: Callable[[Article, bool], None] | None = None,
           *, workers: int = 1, on_written: Callable[[int], None] | None = None) -> IngestReport:
    """Add each article not yet in the store; an article's graph and new entities are written whole or not
    at all, with whole articles batched per write (FIRST_BATCH to MAX_BATCH_ARTICLES).

    Extraction runs in `workers` processes when more than one (they build their own pipeline: `nlp` is
    then unused); resolution and writing stay in this process, in input order, so the result is the same
    for any number of workers. `on_written` gets the number of articles in each committed batch.
    """
    from kg.parallel import extract_all

    clock = time.perf_counter
    gaz = load_gazetteer()
    resolver = resolver or resolver_for(store, gaz)
    report = IngestReport()
    seen: set[str] = set()

    def new_articles() -> Iterator[Article]:
        for article in articles:
            if not article.text.strip() or store.has_article(article.content_hash) or article.content_hash in seen:
                report.skipped.append(article.source)
                if on_article:
                    on_article(article, False)
                continue
            seen.add(article.content_hash)
            yield article

    start = clock()
    todo: deque[Extraction] = deque()
    if workers > 1:
        stream = extract_all(new_articles(), workers)
    else:
        model = nlp or default_pipeline()
        stream = (extract(a, model) for a in new_articles())
    for extraction in stream:
        todo.append(extraction)
        if on_article:  # extraction is the first half of the time: progress is shown here
            on_article(extraction.article, True)
    seconds = report.seconds
    seconds["extract"] = clock() - start
    start = clock()
    resolver.prepare(list(todo))  # new actors named several ways across the batch become one entity each
    seconds["resolve"] = clock() - start
    seconds["build"] = seconds["write"] = 0.0
    batch: list[Quad] = []
    sources: list[str] = []
    size = FIRST_BATCH
    max_quads = MAX_BATCH_QUADS if store.path is not None else MAX_REMOTE_BATCH_QUADS

    def flush() -> None:
        nonlocal size
        t = clock()
        store.write(batch)
        seconds["write"] += clock() - t
        report.added.extend(sources)
        if on_written:
            on_written(len(sources))
        batch.clear()
        sources.clear()
        size = min(2 * size, MAX_BATCH_ARTICLES)

    while todo:
        extraction = todo.popleft()  # dropped once written: memory falls as the batches go out
        t = clock()
        before = len(resolver.known)  # it only grows: the difference is what this article minted
        resolved = resolver.resolve(extraction)
        new = len(resolver.known) - before
        t2 = clock()
        seconds["resolve"] += t2 - t
        surfaces: dict[str, set[str]] = {}
        for m, ent in resolved.entities.items():
            surfaces.setdefault(ent.iri, set()).add(m.text)
        ents: dict[str, Entity] = {e.iri: e for e in resolved.entities.values()}
        graph = ArticleGraph(resolved, store.graphs, gaz, datetime.now(UTC), VERSION)
        batch += graph.build() + entity_quads([ents[i] for i in sorted(ents)], surfaces, store.graphs)
        seconds["build"] += clock() - t2
        sources.append(extraction.article.source)
        report.mentions += len(resolved.extraction.mentions)
        report.attributions += len(resolved.extraction.attributions)
        report.takedowns += len(resolved.extraction.takedowns)
        report.new_entities += new
        if len(sources) >= size or len(batch) >= max_quads:
            flush()
    if sources:
        flush()
    return report


_STORED = """
PREFIX kgo: <https://w3id.org/influence-kg/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT ?g ?text ?source ?title ?url ?issued ?format WHERE { GRAPH ?g {
  ?a a kgo:Article ; kgo:text ?text ; dcterms:source ?source .
  OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a schema:url ?url } OPTIONAL { ?a dcterms:issued ?issued }
  OPTIONAL { ?a dcterms:format ?format } } }
"""


def stored_articles(store: Store) -> list[tuple[str, Article]]:
    """The articles in the store, rebuilt from their graphs, in a stable order."""
    from datetime import date

    out = []
    for r in store.query(_STORED):  # type: ignore[union-attr]
        out.append((r["g"].value, Article(
            text=r["text"].value, source=r["source"].value,
            title=r["title"].value if r["title"] is not None else None,
            url=r["url"].value if r["url"] is not None else None,
            published=date.fromisoformat(r["issued"].value) if r["issued"] is not None else None,
            media_type=r["format"].value if r["format"] is not None else "text/plain")))
    return sorted(out, key=lambda x: x[1].source)


def rebuild(store: Store, nlp: Language | None = None) -> IngestReport:
    """Re-extract and re-resolve every stored article (after a model or gazetteer change).

    Article graphs and minted entities are dropped and made again from the stored texts; the analysts'
    decisions stay and are re-applied, and IRIs come out the same because they derive from the inputs.
    Not one transaction: back the store up first if it cannot be re-ingested from its sources.
    """
    import pyoxigraph as ox

    articles = stored_articles(store)
    for graph, _ in articles:
        store.remove_graph(ox.NamedNode(graph))
    store.remove_graph(store.graphs.entities)
    store.remove_graph(store.graphs.ontology)
    store.ensure_schema()
    return ingest(store, [a for _, a in articles], nlp)
