"""The SPARQL 1.1 Service Description of our endpoints: what GET /sparql without a query answers."""
from __future__ import annotations

import pyoxigraph as ox

from kg.stores import Store
from kg.vocab import RDF, RDFS

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
PREFIXES = {"sd": SD, "void": VOID, "formats": FORMATS, "rdf": RDF, "rdfs": RDFS}
# What /sparql answers in: result sets and booleans, then graphs (CONSTRUCT / DESCRIBE).
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "RDF_XML", "JSON-LD", "N-Quads", "TriG")
MAX_GRAPHS = 1000
"""Named graphs listed at most; the description of a large store stays small."""


def service_description(store: Store, max_graphs: int = MAX_GRAPHS) -> list[ox.Triple]:
    """Two services over one dataset: queries at <base>sparql, updates at <base>sparql/update."""
    base = store.base

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    a = n(RDF + "type")
    query, update = n(base + "sparql#service"), n(base + "sparql/update#service")
    dataset, default = n(base + "sparql#dataset"), ox.BlankNode()
    out = [
        ox.Triple(query, a, n(SD + "Service")),
        ox.Triple(query, n(SD + "endpoint"), n(base + "sparql")),
        ox.Triple(query, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
        ox.Triple(update, a, n(SD + "Service")),
        ox.Triple(update, n(SD + "endpoint"), n(base + "sparql/update")),
        ox.Triple(update, n(SD + "supportedLanguage"), n(SD + "SPARQL11Update")),
        ox.Triple(dataset, a, n(SD + "Dataset")),
        ox.Triple(dataset, n(SD + "defaultGraph"), default),
        # The VoID description (sizes, vocabularies, dumps) lives at /.well-known/void.
        ox.Triple(dataset, n(RDFS + "seeAlso"), n(base + ".well-known/void")),
        ox.Triple(n(base + ".well-known/void#dataset"), n(VOID + "sparqlEndpoint"), n(base + "sparql")),
        ox.Triple(default, a, n(SD + "Graph")),
        ox.Triple(default, n(RDFS + "comment"), ox.Literal("the union of all named graphs")),
    ]
    # pyoxigraph evaluates an update's WHERE on the stored default graph, not the union: only queries get it.
    out.append(ox.Triple(query, n(SD + "feature"), n(SD + "UnionDefaultGraph")))
    out += [ox.Triple(service, n(SD + "defaultDataset"), dataset) for service in (query, update)]
    out += [ox.Triple(query, n(SD + "resultFormat"), n(FORMATS + f)) for f in RESULT_FORMATS]
    names = store.graph_names()
    for name in names[:max_graphs]:
        node = ox.BlankNode()
        out += [ox.Triple(dataset, n(SD + "namedGraph"), node), ox.Triple(node, a, n(SD + "NamedGraph")),
                ox.Triple(node, n(SD + "name"), n(name))]
    if len(names) > max_graphs:
        out.append(ox.Triple(dataset, n(RDFS + "comment"),
                             ox.Literal(f"{len(names)} named graphs; the first {max_graphs} are listed")))
    # Each subject's statements together, so Turtle groups them.
    return sorted(out, key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject)))


def render(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    return ox.serialize(triples, format=fmt, prefixes=PREFIXES) or b""
