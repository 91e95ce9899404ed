"""One store interface, two kinds: `Store` is what everything above kg/store.py and kg/remote_store.py uses,
and `open_store` picks the kind from the location (a folder, an http(s) URL, or None for memory)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.model import Entity
from kg.vocab import Graphs

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class Store(Protocol):
    """The graph store, embedded (GraphStore) or on a SPARQL 1.1 server (RemoteStore)."""

    path: Path | None
    """The store's folder; None for an in-memory or a remote store (no snapshots, no backup by kg)."""
    read_only: bool
    base: str
    graphs: Graphs
    generation: int
    """Bumped after every change committed through this handle."""
    listeners: list[Callable[[Store], None]]
    """Called after every committed change."""

    def ensure_schema(self) -> None: ...
    def has_article(self, content_hash: str) -> bool: ...
    def write(self, quads: list[ox.Quad]) -> None: ...
    def remove_graph(self, graph: ox.NamedNode) -> None: ...
    def changed(self) -> None: ...
    def known_entities(self) -> dict[str, Entity]: ...
    def article_graphs(self) -> list[str]: ...

    def query(self, sparql: str, substitutions: dict[ox.Variable, Term] | None = None, *,
              default_graph: list[ox.NamedNode] | None = None, named_graphs: list[ox.NamedNode] | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples: ...

    def update(self, sparql: str) -> None: ...
    def dump(self, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> bytes: ...
    def quads(self) -> Iterator[ox.Quad]: ...
    def graph_quads(self, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]: ...
    def graph_names(self) -> list[str]: ...
    def has_graph(self, graph: ox.NamedNode) -> bool: ...
    def put_graph(self, graph: ox.NamedNode | ox.DefaultGraph, triples: list[ox.Triple]) -> bool: ...
    def post_graph(self, graph: ox.NamedNode | ox.DefaultGraph, triples: list[ox.Triple]) -> bool: ...
    def delete_graph(self, graph: ox.NamedNode | ox.DefaultGraph) -> bool: ...
    def backup(self, target: Path) -> None: ...
    def close(self) -> None: ...


def is_remote(location: str | Path | None) -> bool:
    """Whether a KG_STORE / --store value names a remote server (an http(s) URL) rather than a folder."""
    return location is not None and str(location).startswith(("http://", "https://"))


def connect(location: str | Path | None, base_iri: str, read_only: bool = False) -> Store:
    """The store at location: None is in memory, an http(s) URL a remote server (KG_STORE_* settings from the
    environment), anything else a folder."""
    if is_remote(location):
        from kg.remote_store import RemoteStore

        return RemoteStore.from_env(str(location), base_iri, read_only)
    from kg.store import GraphStore

    return GraphStore(None if location is None else Path(location), base_iri, read_only)


@contextmanager
def open_store(location: str | Path | None, base_iri: str, read_only: bool = False) -> Iterator[Store]:
    """`connect`, closed on exit."""
    store = connect(location, base_iri, read_only)
    try:
        yield store
    finally:
        store.close()
