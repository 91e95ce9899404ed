"""A VoID description of the store: sizes, classes, vocabularies, the endpoint and the dumps.

Counts come from SPARQL COUNT queries; `VoidCache` keeps the result until the store's
`generation` changes, so a busy `/.well-known/void` costs one set of queries per write.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.stores import Store
from kg.vocab import DCT, KGO, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TACTICS, XSD

VOID = "http://rdfs.org/ns/void#"
DUMP_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml")
FOAF_PRIMARY = "http://xmlns.com/foaf/0.1/primaryTopic"
VOCABULARIES = (KGO, TACTICS, SKOS, PROV, NIF, DCT, SCHEMA, OWL, RDFS)

# Triples are counted once however many graphs hold them, as in the triple-format exports.
_SIZES = """SELECT (COUNT(*) AS ?triples) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"""
_DISTINCT = """SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
                      (COUNT(DISTINCT ?p) AS ?properties) WHERE { ?s ?p ?o }"""
_ENTITIES = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?base)) }"""
_CLASSES = f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{RDF}type> ?c }} GROUP BY ?c ORDER BY ?c"""
_GRAPHS = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"""
_MODIFIED = f"""SELECT (MAX(?t) AS ?m) WHERE {{ ?x <{PROV}generatedAtTime> ?t
                 FILTER(DATATYPE(?t) = <{XSD}dateTime>) }}"""


@dataclass
class VoidStats:
    """The numbers a VoID description reports."""

    triples: int
    subjects: int
    objects: int
    properties: int
    entities: int
    classes: dict[str, int]
    graphs: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Graph kind (articles, entities, ontology, decisions) -> (graphs, triples)."""
    modified: ox.Literal | None = None


def _one(store: Store, sparql: str) -> ox.QuerySolution:
    row: ox.QuerySolution = next(iter(store.query(sparql)))  # type: ignore[arg-type]
    return row


def _kind(store: Store, graph: str) -> str:
    rest = graph[len(store.base) + len("graph/"):] if graph.startswith(store.base + "graph/") else "other"
    return "articles" if rest.startswith("article/") else rest


def stats(store: Store) -> VoidStats:
    """Count what the store holds."""
    distinct = _one(store, _DISTINCT)
    entities = _one(store, _ENTITIES.replace("?base", str(ox.Literal(store.base))))
    graphs: dict[str, tuple[int, int]] = {}
    for row in store.query(_GRAPHS):  # type: ignore[union-attr]
        kind = _kind(store, row["g"].value)
        count, size = graphs.get(kind, (0, 0))
        graphs[kind] = (count + 1, size + int(row["n"].value))
    modified = _one(store, _MODIFIED)["m"]
    return VoidStats(
        triples=int(_one(store, _SIZES)["triples"].value), subjects=int(distinct["subjects"].value),
        objects=int(distinct["objects"].value), properties=int(distinct["properties"].value),
        entities=int(entities["n"].value),
        classes={r["c"].value: int(r["n"].value) for r in store.query(_CLASSES)  # type: ignore[union-attr]
                 if isinstance(r["c"], ox.NamedNode)},
        graphs=graphs, modified=modified if isinstance(modified, ox.Literal) else None)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


def void_triples(store: Store, s: VoidStats) -> list[ox.Triple]:
    """The VoID description of the dataset, `<base>.well-known/void#dataset`, from counted stats."""
    base = store.base
    doc = base + ".well-known/void"
    ds = ox.NamedNode(doc + "#dataset")

    def v(local: str) -> ox.NamedNode:
        return ox.NamedNode(VOID + local)

    a, dataset = ox.NamedNode(RDF + "type"), v("Dataset")
    out = [
        ox.Triple(ox.NamedNode(doc), a, ox.NamedNode(VOID + "DatasetDescription")),
        ox.Triple(ox.NamedNode(doc), ox.NamedNode(FOAF_PRIMARY), ds),
        ox.Triple(ds, a, dataset),
        ox.Triple(ds, ox.NamedNode(DCT + "title"), ox.Literal("Influence operations knowledge graph", language="en")),
        ox.Triple(ds, ox.NamedNode(DCT + "description"), ox.Literal(
            "Actors, operations, takedowns and attributions read from articles on state-backed influence "
            "operations, each linked to the sentence it came from.", language="en")),
        ox.Triple(ds, v("uriSpace"), ox.Literal(base)),
        ox.Triple(ds, v("sparqlEndpoint"), ox.NamedNode(base + "sparql")),
        ox.Triple(ds, v("triples"), _int(s.triples)),
        ox.Triple(ds, v("entities"), _int(s.entities)),
        ox.Triple(ds, v("distinctSubjects"), _int(s.subjects)),
        ox.Triple(ds, v("distinctObjects"), _int(s.objects)),
        ox.Triple(ds, v("properties"), _int(s.properties)),
        ox.Triple(ds, v("classes"), _int(len(s.classes))),
    ]
    out += [ox.Triple(ds, v("vocabulary"), ox.NamedNode(ns)) for ns in VOCABULARIES]
    out += [ox.Triple(ds, v("dataDump"), ox.NamedNode(f"{base}export?format={f}")) for f in DUMP_FORMATS]
    if s.modified is not None:
        out.append(ox.Triple(ds, ox.NamedNode(DCT + "modified"), s.modified))
    for cls, n in s.classes.items():
        if not cls.startswith(KGO):
            continue
        part = ox.NamedNode(f"{doc}#class-{cls[len(KGO):]}")
        out += [ox.Triple(ds, v("classPartition"), part), ox.Triple(part, v("class"), ox.NamedNode(cls)),
                ox.Triple(part, v("entities"), _int(n))]
    for kind, (graphs, size) in sorted(s.graphs.items()):
        sub = ox.NamedNode(f"{doc}#{kind}")
        out += [ox.Triple(ds, v("subset"), sub), ox.Triple(sub, a, dataset), ox.Triple(sub, v("triples"), _int(size)),
                ox.Triple(sub, ox.NamedNode(DCT + "title"), ox.Literal(
            "article graphs (one per article)" if kind == "articles" else f"the {kind} graph", language="en"))]
        if kind == "articles":
            # One named graph per article: the number of documents the data was read from.
            out.append(ox.Triple(sub, v("documents"), _int(graphs)))
    return out


class VoidCache:
    """The last description, kept until the store changes."""

    def __init__(self) -> None:
        self._generation = -1
        self._triples: list[ox.Triple] = []

    def get(self, store: Store) -> list[ox.Triple]:
        generation = store.generation
        if generation != self._generation or not self._triples:
            self._triples = void_triples(store, stats(store))
            self._generation = generation
        return self._triples
