"""The actor network: entities as nodes, claims and co-mentions as edges; written as GraphML or GEXF.

Nodes are the entities the articles mention, plus the entities their part-of and owned-by links lead to.
Edges, each with a relation and a weight (the number of articles behind it):
  attributedTo  claimant -> actor, per stance (attributions without a claimant have no edge)
  originCountry, targets, usedPlatform  actor -> entity, via the operation the actor is attributed
                (not denied) and the statement that shares it
  removedBy     actor -> the platform or company that removed its accounts
  partOf, ownedBy  from the entities graph, for mentioned entities
  coMentioned   two entities named in the same article; written once, from the IRI that sorts first,
                and to be read as undirected (GraphML and GEXF allow mixed graphs, but networkx and other
                readers reject them, so every edge is declared directed).

GraphML and GEXF are written with the standard library's streaming XML writer rather than networkx: it needs
no runtime dependency, writes node by node instead of building an element tree, and the tests then read
the files with networkx, an independent implementation.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import BinaryIO
from xml.sax.saxutils import XMLGenerator

from kg.exports.rows import rows
from kg.stores import Store
from kg.vocab import KGO

_GENERIC = {"Entity", "Actor"}


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    type: str
    articles: int


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    relation: str
    weight: int
    stance: str = ""


@dataclass(frozen=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]



def _entity_info(store: Store) -> dict[str, tuple[str, str]]:
    """Label and most specific kgo: type of every entity in the entities graph."""
    g = store.graphs.entities.value
    info: dict[str, tuple[str, str]] = {}
    found = rows(store, f"""SELECT ?e ?label ?type WHERE {{ GRAPH <{g}> {{ ?e a ?type ; skos:prefLabel ?label .
                               FILTER(STRSTARTS(STR(?type), STR(kgo:))) }} }} ORDER BY ?e ?type ?label""")
    for r in found:
        kind = r["type"][len(KGO):]
        if r["e"] not in info or (info[r["e"]][1] in _GENERIC and kind not in _GENERIC):
            info[r["e"]] = (r["label"], kind)
    return info


def _mentions(store: Store) -> dict[str, set[str]]:
    """Article -> the entities it mentions."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows(store, "SELECT DISTINCT ?art ?e WHERE { ?m a kgo:Mention ; kgo:refersTo ?e ; kgo:source ?art }"):
        out[r["art"]].add(r["e"])
    return out


_ATTRIBUTIONS = """SELECT ?claimant ?actor ?stance (COUNT(DISTINCT ?art) AS ?n) WHERE {
  ?s a kgo:Attribution ; kgo:attributedTo ?actor ; kgo:claimedBy ?claimant ; kgo:stance ?stance ; kgo:source ?art .
} GROUP BY ?claimant ?actor ?stance"""
_OPERATION_LINKS = """SELECT ?actor ?p ?o (COUNT(DISTINCT ?art) AS ?n) WHERE {
  VALUES ?p { kgo:originCountry kgo:targets kgo:usedPlatform }
  ?st ?p ?o ; kgo:operation ?op ; kgo:source ?art .
  ?att a kgo:Attribution ; kgo:attributedTo ?actor ; kgo:operation ?op ; kgo:stance ?stance .
  FILTER(?stance != kgo:Denied && ?o != ?actor)
} GROUP BY ?actor ?p ?o"""
_REMOVALS = """SELECT ?actor ?remover (COUNT(DISTINCT ?art) AS ?n) WHERE {
  ?ts a kgo:TakedownStatement ; kgo:takedown ?t ; kgo:operation ?op ; kgo:source ?art .
  ?t kgo:removedBy ?remover .
  ?att a kgo:Attribution ; kgo:attributedTo ?actor ; kgo:operation ?op ; kgo:stance ?stance .
  FILTER(?stance != kgo:Denied)
} GROUP BY ?actor ?remover"""


def actor_network(store: Store) -> Network:
    """Build the network from the store (its size follows the entities and claims, not the text)."""
    info = _entity_info(store)
    mentions = _mentions(store)
    counts: Counter[str] = Counter(e for ents in mentions.values() for e in ents)
    edges: list[Edge] = []
    for r in rows(store, _ATTRIBUTIONS):
        edges.append(Edge(r["claimant"], r["actor"], "attributedTo", int(r["n"]), r["stance"][len(KGO):]))
    for r in rows(store, _OPERATION_LINKS):
        edges.append(Edge(r["actor"], r["o"], r["p"][len(KGO):], int(r["n"])))
    for r in rows(store, _REMOVALS):
        edges.append(Edge(r["actor"], r["remover"], "removedBy", int(r["n"])))
    g = store.graphs.entities.value
    for r in rows(store, f"""SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ kgo:partOf kgo:ownedBy }}
                                GRAPH <{g}> {{ ?s ?p ?o }} }}"""):
        if r["s"] in counts:
            edges.append(Edge(r["s"], r["o"], r["p"][len(KGO):], 1))
    pairs: Counter[tuple[str, str]] = Counter()
    for ents in mentions.values():
        pairs.update(combinations(sorted(ents), 2))
    edges += [Edge(a, b, "coMentioned", n) for (a, b), n in pairs.items()]
    iris = set(counts) | {e.source for e in edges} | {e.target for e in edges}
    nodes = [Node(i, info.get(i, (i.rsplit("/", 1)[-1], "Entity"))[0], info.get(i, ("", "Entity"))[1], counts[i])
             for i in sorted(iris)]
    edges.sort(key=lambda e: (e.relation, e.source, e.target, e.stance))
    return Network(nodes, edges)


# ---------------------------------------------------------------------------------------------- writers

def _text(x: XMLGenerator, tag: str, attrs: dict[str, str], text: str | None = None) -> None:
    x.startElement(tag, attrs)  # type: ignore[arg-type]
    if text is not None:
        x.characters(text)
    x.endElement(tag)


def write_graphml(net: Network, out: BinaryIO) -> None:
    x = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    x.startDocument()
    x.startElement("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})  # type: ignore[arg-type]
    for key, scope, name, kind in (("label", "node", "label", "string"), ("type", "node", "type", "string"),
                                   ("articles", "node", "articles", "int"),
                                   ("relation", "edge", "relation", "string"), ("stance", "edge", "stance", "string"),
                                   ("weight", "edge", "weight", "int")):
        _text(x, "key", {"id": key, "for": scope, "attr.name": name, "attr.type": kind})
    x.startElement("graph", {"id": "actors", "edgedefault": "directed"})  # type: ignore[arg-type]
    for n in net.nodes:
        x.startElement("node", {"id": n.iri})  # type: ignore[arg-type]
        _text(x, "data", {"key": "label"}, n.label)
        _text(x, "data", {"key": "type"}, n.type)
        _text(x, "data", {"key": "articles"}, str(n.articles))
        x.endElement("node")
    for i, e in enumerate(net.edges):
        x.startElement("edge", {"id": f"e{i}", "source": e.source, "target": e.target})  # type: ignore[arg-type]
        _text(x, "data", {"key": "relation"}, e.relation)
        if e.stance:
            _text(x, "data", {"key": "stance"}, e.stance)
        _text(x, "data", {"key": "weight"}, str(e.weight))
        x.endElement("edge")
    x.endElement("graph")
    x.endElement("graphml")
    x.endDocument()


def write_gexf(net: Network, out: BinaryIO) -> None:
    """GEXF 1.3, as Gephi reads it: label on nodes and edges, weight on edges, the rest as attributes."""
    x = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    x.startDocument()
    x.startElement("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})  # type: ignore[arg-type]
    x.startElement("meta", {})  # type: ignore[arg-type]
    _text(x, "creator", {}, "influence-kg")
    _text(x, "description", {}, "actor network: attributions, operation links, takedowns, co-mentions")
    x.endElement("meta")
    x.startElement("graph", {"defaultedgetype": "directed", "mode": "static"})  # type: ignore[arg-type]
    for cls, attrs in (("node", (("type", "string"), ("articles", "integer"))),
                       ("edge", (("relation", "string"), ("stance", "string")))):
        x.startElement("attributes", {"class": cls})  # type: ignore[arg-type]
        for i, (title, kind) in enumerate(attrs):
            _text(x, "attribute", {"id": str(i), "title": title, "type": kind})
        x.endElement("attributes")
    x.startElement("nodes", {})  # type: ignore[arg-type]
    for n in net.nodes:
        x.startElement("node", {"id": n.iri, "label": n.label})  # type: ignore[arg-type]
        x.startElement("attvalues", {})  # type: ignore[arg-type]
        _text(x, "attvalue", {"for": "0", "value": n.type})
        _text(x, "attvalue", {"for": "1", "value": str(n.articles)})
        x.endElement("attvalues")
        x.endElement("node")
    x.endElement("nodes")
    x.startElement("edges", {})  # type: ignore[arg-type]
    for i, e in enumerate(net.edges):
        x.startElement("edge", {"id": str(i), "source": e.source, "target": e.target,  # type: ignore[arg-type]
                                "label": e.relation, "weight": str(e.weight)})
        x.startElement("attvalues", {})  # type: ignore[arg-type]
        _text(x, "attvalue", {"for": "0", "value": e.relation})
        if e.stance:
            _text(x, "attvalue", {"for": "1", "value": e.stance})
        x.endElement("attvalues")
        x.endElement("edge")
    x.endElement("edges")
    x.endElement("graph")
    x.endElement("gexf")
    x.endDocument()
