"""The graph store: pyoxigraph on disk, one read-write handle per folder, passed to whoever needs it."""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import BadInput, KGError, QuerySyntaxError, StoreLocked
from kg.schema import MARKER, schema_digest, schema_quads
from kg.store_common import StoreCommon
from kg.vocab import PREFIXES as _PREFIXES
from kg.vocab import Graphs

if TYPE_CHECKING:
    from kg.stores import Store

BULK_MIN_QUADS = 50_000
"""From here on the bulk loader beats a transaction (measured: 10k quads about even, 50k 2-3x faster)."""
BULK_MAX_QUADS = 900_000
"""Under the bulk loader's 1M-quad chunk, so that one write is one atomic ingestion."""


class GraphStore(StoreCommon):
    """Wraps a pyoxigraph store (on disk, or in memory when path is None) under a base IRI."""

    def __init__(self, path: Path | None, base_iri: str, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.base = base_iri
        self.graphs = Graphs(base_iri)
        self.generation = 0
        """Bumped after every committed change; readers holding a snapshot compare it to know they are stale."""
        self.listeners: list[Callable[[Store], None]] = []
        """Called after every committed change (e.g. to refresh the API's query snapshot)."""
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLocked(f"the store {path} is open in another process (a running `kg serve`?): "
                                  "stop it or use another --store") from exc
            raise KGError(f"cannot open the store {path}: {exc}") from exc
        if not read_only:
            self.ensure_schema()

    # ------------------------------------------------------------------ schema and gazetteer

    def ensure_schema(self) -> None:
        """Load the ontology and the gazetteer into their graphs when missing or changed."""
        digest = schema_digest()
        current = list(self.store.quads_for_pattern(None, MARKER, None, self.graphs.ontology))
        if current and str(getattr(current[0].object, "value", "")) == digest:
            return
        quads = schema_quads(self.base, digest)
        if self.store.contains_named_graph(self.graphs.ontology):
            self.store.remove_graph(self.graphs.ontology)
        # Gazetteer entities are re-written; entities minted by ingestion stay.
        for q in list(self.store.quads_for_pattern(None, None, None, self.graphs.entities)):
            if isinstance(q.subject, ox.BlankNode):
                self.store.remove(q)
        self.store.extend(quads)

    # ------------------------------------------------------------------ articles

    def has_article(self, content_hash: str) -> bool:
        return self.store.contains_named_graph(self.graphs.article(content_hash))

    def write(self, quads: list[ox.Quad]) -> None:
        """All quads in one atomic step: an article (or a batch of whole articles) is written whole or not at all.

        A large batch on disk goes through the bulk loader, about 2.5 times faster per quad here than a
        transaction but with a fixed cost of a few hundred ms per call. It stays all-or-nothing below its
        chunk of 1M quads: one chunk's SST files, for every index, are ingested by one RocksDB
        IngestExternalFiles call, which commits atomically across column families.
        """
        if not quads:
            return
        # As N-Quads bytes rather than Python objects: the loaders then run without the GIL (the bulk
        # loader wholly, a transaction mostly), so ingestion's writer thread overlaps extraction; handed
        # Python quads, the bulk loader holds the GIL throughout. Serialising costs ~0.3 us per quad.
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        if self.path is not None and BULK_MIN_QUADS <= len(quads) <= BULK_MAX_QUADS:
            self.store.bulk_load(data, ox.RdfFormat.N_QUADS)
        else:
            self.store.load(data, ox.RdfFormat.N_QUADS)
        self.changed()

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self.store.remove_graph(graph)
        self.changed()

    def article_graphs(self) -> list[str]:
        prefix = self.base + "graph/article/"
        return [g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)
                and g.value.startswith(prefix)]

    # ------------------------------------------------------------------ queries and exports

    def query(self, sparql: str,
              substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None,
              *, default_graph: list[ox.NamedNode] | None = None, named_graphs: list[ox.NamedNode] | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Default graph = union of all graphs, unless the query (FROM) or the caller (a SPARQL Protocol
        dataset: default_graph / named_graphs, either one given makes the other empty) names the dataset."""
        from kg.sparql_text import declares_dataset

        try:
            if default_graph is not None or named_graphs is not None:
                return self.store.query(sparql, substitutions=substitutions, base_iri=self.base,
                                        default_graph=list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph](
                                            default_graph or []),
                                        named_graphs=list[ox.NamedNode | ox.BlankNode](named_graphs or []))
            return self.store.query(sparql, substitutions=substitutions, base_iri=self.base,
                                    use_default_graph_as_union=not declares_dataset(sparql))
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:
            if "projection" in str(exc):  # pyoxigraph binds only variables the query selects
                raise BadInput(f"a parameter must be a variable the query selects: {exc}") from exc
            raise

    def update(self, sparql: str) -> None:
        try:
            self.store.update(sparql, base_iri=self.base)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
        self.changed()

    def dump(self, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> bytes:
        if not fmt.supports_datasets and graph is None:
            # Triple formats get the union of all graphs: what a consumer of the export wants to read. Written
            # graph by graph like the exports (no set of every triple); a triple in two graphs comes twice.
            from kg.exports.rdf import write_rdf

            buf = io.BytesIO()
            write_rdf(self, fmt, buf)
            return buf.getvalue()
        try:
            out = self.store.dump(format=fmt, from_graph=graph, prefixes=_PREFIXES) if graph is not None \
                else self.store.dump(format=fmt, prefixes=_PREFIXES)
        except ValueError as exc:
            raise BadInput(str(exc)) from exc
        return out or b""

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self.store.quads_for_pattern(None, None, None))

    def graph_quads(self, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
        """The quads of one graph, read lazily in subject order (exports stream graph by graph)."""
        return iter(self.store.quads_for_pattern(None, None, None, graph))

    # ------------------------------------------------------------------ graphs (Graph Store Protocol)

    def graph_names(self) -> list[str]:
        """Every named graph, sorted."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: ox.NamedNode) -> bool:
        return self.store.contains_named_graph(graph)

    def put_graph(self, graph: ox.NamedNode | ox.DefaultGraph, triples: list[ox.Triple]) -> bool:
        """Replace the graph's content; True when the graph is new. The default graph written here is the
        store's own, which queries see as part of the union."""
        return self._write_graph(graph, triples, replace=True)

    def post_graph(self, graph: ox.NamedNode | ox.DefaultGraph, triples: list[ox.Triple]) -> bool:
        """Add triples to the graph (merge); True when the graph is new."""
        return self._write_graph(graph, triples, replace=False)

    def delete_graph(self, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
        """Drop a named graph (False when there was none) or empty the store's default graph."""
        if isinstance(graph, ox.NamedNode) and not self.has_graph(graph):
            return False
        self.store.update("DROP DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"DROP GRAPH {graph}")
        self.changed()
        return True

    def _write_graph(self, graph: ox.NamedNode | ox.DefaultGraph, triples: list[ox.Triple], replace: bool) -> bool:
        # One SPARQL update is one transaction: a replace never leaves the graph half-written.
        named = isinstance(graph, ox.NamedNode)
        created = named and not self.has_graph(graph)  # type: ignore[arg-type]
        data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        ops = []
        if replace:
            ops.append(f"DROP SILENT GRAPH {graph}" if named else "DROP SILENT DEFAULT")
        if named:
            ops.append(f"CREATE SILENT GRAPH {graph}")
        ops.append(f"INSERT DATA {{ GRAPH {graph} {{\n{data}\n}} }}" if named else f"INSERT DATA {{\n{data}\n}}")
        try:
            self.store.update(" ;\n".join(ops))
        except SyntaxError as exc:  # a term N-Triples can carry but SPARQL cannot
            raise BadInput(f"the graph cannot be stored: {exc}") from exc
        self.changed()
        return created

    def backup(self, target: Path) -> None:
        """A consistent copy in a new folder (a RocksDB checkpoint: hard links on the same file system)."""
        if self.path is None:
            raise KGError("an in-memory store cannot be backed up")
        try:
            self.store.backup(str(target))
        except OSError as exc:
            raise KGError(f"cannot back up the store to {target}: {exc}") from exc

    def close(self) -> None:
        if self.path is not None and not self.read_only:  # a read-only handle has nothing to flush
            self.store.flush()
        del self.store


@contextmanager
def open_store(path: Path | None, base_iri: str, read_only: bool = False) -> Iterator[GraphStore]:
    """An embedded store in a folder (None: in memory), closed on exit; `kg.stores.open_store` takes any kind."""
    store = GraphStore(path, base_iri, read_only=read_only)
    try:
        yield store
    finally:
        store.close()
