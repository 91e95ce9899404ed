"""Ingestion: text, then mentions, then resolved entities, then one RDF graph per article in the store."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from pyoxigraph import Quad
from spacy.language import Language

from extractors.pipeline import VERSION
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.model import Article, Entity, Extraction
from kg.rdf import ArticleGraph, entity_quads
from kg.resolution import Resolved, Resolver
from kg.stores import Store

if TYPE_CHECKING:
    from kg.resolution.matcher import DedupeMatcher


FIRST_BATCH = 50
"""Articles in the first window; each next one doubles up to MAX_BATCH_ARTICLES (see `_windows`)."""
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
    at all.

    The input streams through in windows of whole articles (FIRST_BATCH, doubling up to
    MAX_BATCH_ARTICLES): a window is extracted, its new actors are clustered (`Resolver.prepare`), each of
    its articles is resolved and built, and its quads go to a writer thread as one atomic write (cut at
    whole articles past MAX_BATCH_QUADS) while the next window is extracted. At most one window is held, so
    memory stays flat however long the input is. Extraction runs in `workers` processes when more than one
    (they build their own pipeline: `nlp` is then unused) and works ahead meanwhile; resolution and writing
    stay in this process, in input order, so the result is the same for any number of workers.
    `on_written` gets the number of articles in each committed write.
    """
    from kg.parallel import extract_all

    clock = time.perf_counter
    gaz = load_gazetteer()
    resolver = resolver or resolver_for(store, gaz)
    report = IngestReport()
    seconds = report.seconds
    seconds.update(extract=0.0, resolve=0.0, build=0.0, write=0.0)
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

    stream = extract_all(new_articles(), workers, lookahead=MAX_BATCH_ARTICLES, nlp=nlp)
    max_quads = MAX_BATCH_QUADS if store.path is not None else MAX_REMOTE_BATCH_QUADS
    with _Writer(store, report, on_written) as writer:
        for window in _windows(stream, on_article, seconds):
            t = clock()
            resolver.prepare(window)  # new actors named several ways in the window become one entity each
            seconds["resolve"] += clock() - t
            batch: list[Quad] = []
            sources: list[str] = []
            for extraction in window:
                t = clock()
                before = len(resolver.known)  # it only grows: the difference is what this article minted
                resolved = resolver.resolve(extraction)
                report.new_entities += len(resolver.known) - before
                t2 = clock()
                seconds["resolve"] += t2 - t
                batch += article_quads(resolved, store, gaz)
                seconds["build"] += clock() - t2
                sources.append(extraction.article.source)
                report.mentions += len(extraction.mentions)
                report.attributions += len(extraction.attributions)
                report.takedowns += len(extraction.takedowns)
                if len(batch) >= max_quads:
                    writer.submit(batch, sources)
                    batch, sources = [], []
            if sources:
                writer.submit(batch, sources)
    return report


def article_quads(resolved: Resolved, store: Store, gazetteer: Gazetteer) -> list[Quad]:
    """The article's named graph, and the types and labels of the entities it names."""
    surfaces: dict[str, set[str]] = {}
    for m, ent in resolved.entities.items():
        surfaces.setdefault(ent.iri, set()).add(m.text)
    ents: dict[str, Entity] = {e.iri: e for e in resolved.entities.values()}
    graph = ArticleGraph(resolved, store.graphs, gazetteer, datetime.now(UTC), VERSION)
    return graph.build() + entity_quads([ents[i] for i in sorted(ents)], surfaces, store.graphs)


def _windows(stream: Iterator[Extraction], on_article: Callable[[Article, bool], None] | None,
             seconds: dict[str, float]) -> Iterator[list[Extraction]]:
    """The extractions in windows of FIRST_BATCH articles, each next one twice as large up to
    MAX_BATCH_ARTICLES: the first articles are readable soon and a long run writes in large batches (what
    makes the bulk loader pay, see GraphStore.write)."""
    size = FIRST_BATCH
    window: list[Extraction] = []
    t = time.perf_counter()
    for extraction in stream:
        window.append(extraction)
        if on_article:  # extraction is the larger part of the time: progress is shown here
            on_article(extraction.article, True)
        if len(window) >= size:
            seconds["extract"] += time.perf_counter() - t
            yield window
            window = []
            size = min(2 * size, MAX_BATCH_ARTICLES)
            t = time.perf_counter()
    seconds["extract"] += time.perf_counter() - t
    if window:
        yield window


class _Writer:
    """Writes batches in one background thread, one at a time, while the caller builds the next.

    pyoxigraph releases the GIL for much of a write, so writing overlaps with extraction and resolution.
    A batch counts as added once its write has returned; a failed write is raised at the next submit or at
    exit, and nothing after it is written.
    """

    def __init__(self, store: Store, report: IngestReport, on_written: Callable[[int], None] | None) -> None:
        self.store = store
        self.report = report
        self.on_written = on_written
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="kg-writer")
        self.pending: tuple[Future[float], list[str]] | None = None

    def _write(self, quads: list[Quad]) -> float:
        start = time.perf_counter()
        self.store.write(quads)
        return time.perf_counter() - start

    def submit(self, quads: list[Quad], sources: list[str]) -> None:
        self.wait()
        self.pending = (self.pool.submit(self._write, quads), sources)

    def wait(self) -> None:
        if self.pending is None:
            return
        future, sources = self.pending
        self.pending = None
        self.report.seconds["write"] += future.result()
        self.report.added.extend(sources)
        if self.on_written:
            self.on_written(len(sources))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                self.wait()
        finally:
            self.pool.shutdown(wait=True)


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
