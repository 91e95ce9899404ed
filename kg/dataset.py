"""The RDF dataset a SPARQL Protocol request names (default-graph-uri, named-graph-uri), and running a query on it."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from kg.errors import BadInput
from kg.stores import Store

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def graph_iri(value: str, what: str = "graph") -> ox.NamedNode:
    """An absolute IRI naming a graph; anything else is bad input."""
    try:
        node = ox.NamedNode(value)
    except ValueError as exc:
        raise BadInput(f"{what} {value!r} is not a valid IRI: {exc}") from exc
    if ":" not in value:
        raise BadInput(f"{what} {value!r} is not an absolute IRI")
    return node


def graph_iris(values: Iterable[str], what: str) -> list[ox.NamedNode]:
    return [graph_iri(v, what) for v in values]


def query_with_dataset(store: Store, query: str, default_graphs: Sequence[str] = (),
                       named_graphs: Sequence[str] = (), substitutions: dict[str, Term] | None = None
                       ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run the query over the protocol's dataset when one is given (it overrides FROM / FROM NAMED in the
    query, as the SPARQL 1.1 Protocol says); otherwise over the store's usual dataset."""
    subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()} or None
    if not default_graphs and not named_graphs:
        return store.query(query, subs)
    return store.query(query, subs, default_graph=graph_iris(default_graphs, "default-graph-uri"),
                       named_graphs=graph_iris(named_graphs, "named-graph-uri"))
