"""The graph as RDF, written graph by graph so that no export holds the store in memory.

Dataset formats (TriG, N-Quads, JSON-LD) carry every graph with its name. Triple formats (Turtle,
N-Triples, RDF/XML) carry the union of the graphs. Both are fed to one pyoxigraph serializer from a lazy iterator that
walks the default graph and then each named graph in IRI order, so the output is one valid document whose
size in memory is the serializer's buffer, not the store. The price for triple formats: a triple stated in
two graphs (an operation's type, say, in each article that reports it) is written twice. RDF graphs are
sets, so every parser reads the same graph; removing the duplicates would mean remembering every triple.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import BadInput, NotFound
from kg.stores import Store
from kg.vocab import PREFIXES


def graph_node(store: Store, graph: str) -> ox.NamedNode:
    """A named graph by full IRI or by a path under the base ("graph/entities"); NotFound if absent."""
    iri = graph if "://" in graph else store.base + graph.lstrip("/")
    try:
        node = ox.NamedNode(iri)
    except ValueError as exc:
        raise BadInput(f"graph must be an IRI or a path under {store.base}: {graph!r}") from exc
    if iri not in store.graph_names():
        raise NotFound(f"no graph {iri}; the graphs are listed by SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} }}")
    return node


def _quads(store: Store, graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
    if graph is not None:
        yield from store.graph_quads(graph)
        return
    yield from store.graph_quads(ox.DefaultGraph())
    for name in store.graph_names():
        yield from store.graph_quads(ox.NamedNode(name))


def write_rdf(store: Store, fmt: ox.RdfFormat, out: BinaryIO, graph: ox.NamedNode | None = None) -> None:
    """Serialize the store (or one named graph) to out in fmt, streaming."""
    quads = _quads(store, graph)
    if fmt.supports_datasets:
        ox.serialize(quads, out, fmt, prefixes=PREFIXES)
    else:
        ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), out, fmt, prefixes=PREFIXES)
