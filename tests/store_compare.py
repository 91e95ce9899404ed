"""Comparing a remote store with the embedded one: datasets, query answers, one graph's dump, Graph Store calls."""
from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from kg.remote_store import RemoteStore
from kg.stores import Store
from kg.vocab import PROV
from tests.conftest import BASE

GENERATED_AT = ox.NamedNode(PROV + "generatedAtTime")


def canonical(quads: Iterator[ox.Quad]) -> ox.Dataset:
    """The dataset without ingestion timestamps, blank nodes canonically relabelled: comparable across stores."""
    ds = ox.Dataset(q for q in quads if q.predicate != GENERATED_AT)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return ds


def rows(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> list[tuple[str, ...]]:
    if isinstance(result, ox.QueryBoolean):
        return [(str(bool(result)),)]
    if isinstance(result, ox.QueryTriples):
        return sorted((str(t),) for t in result)
    names = [v.value for v in result.variables]
    return sorted(tuple(str(r[n]) for n in names) for r in result)


def graph_dump(store: Store, graph: ox.NamedNode) -> ox.Dataset:
    """One graph's N-Triples dump, put back in that graph and made canonical."""
    return canonical(ox.Quad(t.subject, t.predicate, t.object, graph)
                     for t in ox.parse(store.dump(ox.RdfFormat.N_TRIPLES, graph), format=ox.RdfFormat.N_TRIPLES))


def check_graph_store_methods(remote: RemoteStore) -> None:
    """PUT creates then replaces a graph, POST merges into it, DELETE removes it once."""
    g = ox.NamedNode(BASE + "graph/custom")
    t = [ox.Triple(ox.NamedNode(BASE + "s"), ox.NamedNode(BASE + "p"), ox.Literal(str(i))) for i in range(3)]
    assert remote.put_graph(g, t[:2]) is True
    assert remote.post_graph(g, t[2:]) is False
    assert set(remote.graph_triples(g)) == set(t)
    assert remote.put_graph(g, t[:1]) is False
    assert set(remote.graph_triples(g)) == set(t[:1])
    assert remote.delete_graph(g) is True and remote.delete_graph(g) is False
    assert not remote.has_graph(g) and list(remote.graph_triples(g)) == []
