"""Whole-graph reads and writes (the Graph Store HTTP Protocol's operations), over Store's public methods."""
from __future__ import annotations

import uuid

import pyoxigraph as ox

from kg.errors import BadInput, NotFound
from kg.stores import Store

Target = ox.NamedNode | ox.DefaultGraph | None
"""A named graph, the default graph, or (None) the whole dataset."""


def parse_graph(data: bytes, fmt: ox.RdfFormat, base_iri: str) -> list[ox.Triple]:
    """Every triple of the body, parsed before anything is written; a syntax error or a named graph is bad input."""
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=base_iri, without_named_graphs=True,
                              rename_blank_nodes=True))
    except SyntaxError as exc:
        raise BadInput(f"the {fmt.name} body does not parse: {exc}") from exc
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def read_graph(store: Store, target: Target, fmt: ox.RdfFormat) -> bytes:
    """A named graph, the default graph (the union of all graphs, as queries see it), or the whole dataset."""
    if isinstance(target, ox.NamedNode):
        if not store.has_graph(target):
            raise NotFound(f"there is no graph {target.value}")
        return store.dump(fmt, target)
    return store.dump(fmt)


def new_graph_iri(store: Store) -> ox.NamedNode:
    """A fresh graph name for a POST to the graph store itself."""
    return ox.NamedNode(f"{store.base}graph/upload/{uuid.uuid4().hex}")


def delete_graph(store: Store, target: ox.NamedNode | ox.DefaultGraph) -> None:
    if not store.delete_graph(target):
        raise NotFound(f"there is no graph {getattr(target, 'value', 'default')}")
