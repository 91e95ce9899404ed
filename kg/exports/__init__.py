"""Every export format by name: RDF (streamed graph by graph), the actor network (GraphML, GEXF, CSV), STIX."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import BadInput
from kg.exports import network, stix, tables
from kg.exports.rdf import graph_node, write_rdf
from kg.exports.streaming import chunks
from kg.formats import RDF_FORMATS
from kg.stores import Store

Writer = Callable[[Store, BinaryIO, "ox.NamedNode | None"], None]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    extension: str
    write: Writer
    rdf: bool = False
    """RDF formats take graph= (one named graph); the others describe the whole store."""


def _network(write: Callable[[network.Network, BinaryIO], None]) -> Writer:
    def run(store: Store, out: BinaryIO, graph: ox.NamedNode | None) -> None:
        write(network.actor_network(store), out)
    return run


def _rdf(fmt: ox.RdfFormat) -> Writer:
    def run(store: Store, out: BinaryIO, graph: ox.NamedNode | None) -> None:
        write_rdf(store, fmt, out, graph)
    return run


_RDF = {"turtle": ("text/turtle", "ttl"), "ttl": ("text/turtle", "ttl"), "trig": ("application/trig", "trig"),
        "nquads": ("application/n-quads", "nq"), "ntriples": ("application/n-triples", "nt"),
        "jsonld": ("application/ld+json", "jsonld"), "rdfxml": ("application/rdf+xml", "rdf")}
FORMATS: dict[str, ExportFormat] = {
    name: ExportFormat(name, media, ext, _rdf(RDF_FORMATS[name]), rdf=True) for name, (media, ext) in _RDF.items()
}
FORMATS.update({
    "graphml": ExportFormat("graphml", "application/graphml+xml", "graphml", _network(network.write_graphml)),
    "gexf": ExportFormat("gexf", "application/gexf+xml", "gexf", _network(network.write_gexf)),
    "csv": ExportFormat("csv", "application/zip", "zip", _network(tables.write_zip)),
    "csv-nodes": ExportFormat("csv-nodes", "text/csv; charset=utf-8", "nodes.csv", _network(tables.write_nodes)),
    "csv-edges": ExportFormat("csv-edges", "text/csv; charset=utf-8", "edges.csv", _network(tables.write_edges)),
    "stix": ExportFormat("stix", "application/stix+json;version=2.1", "stix.json",
                         lambda store, out, graph: stix.write_stix(store, out)),
})


@dataclass(frozen=True)
class Export:
    """A checked export request: what to write, and how to name and label it."""

    format: ExportFormat
    graph: ox.NamedNode | None

    @property
    def filename(self) -> str:
        tail = f"-{self.graph.value.rstrip('/').rsplit('/', 1)[-1]}" if self.graph is not None else ""
        return f"influence-kg{tail}.{self.format.extension}"

    def write(self, store: Store, out: BinaryIO) -> None:
        self.format.write(store, out, self.graph)

    def chunks(self, store: Store) -> Iterator[bytes]:
        """The export as a stream of chunks, written in a thread with backpressure."""
        return chunks(partial(self.write, store))


def prepare(store: Store, name: str, graph: str | None = None) -> Export:
    """Check the format and graph before anything is written (errors come before a response starts)."""
    fmt = FORMATS.get(name.lower())
    if fmt is None:
        raise BadInput(f"unknown export format {name!r}; use one of {', '.join(FORMATS)}")
    if graph and not fmt.rdf:
        raise BadInput(f"choosing a graph applies to the RDF formats only ({', '.join(n for n, f in FORMATS.items() if f.rdf)})")
    return Export(fmt, graph_node(store, graph) if graph else None)
