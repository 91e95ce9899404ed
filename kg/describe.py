"""What the graph says about one IRI: a bounded description for dereferencing.

The description is the resource's own triples across all graphs, the takedown counts it owns, a
bounded number of links to it from statements, operations, takedowns and decisions (never from
mentions or evidence spans, which can run to thousands), and labels of everything linked, so a page
can show names. Article text comes only with the article itself: linked articles get their title.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

import ontology
from kg.errors import NotFound
from kg.stores import Store
from kg.vocab import DCT, KGO, NIF, OWL, RDF, RDFS, SKOS

MAX_INCOMING = 200
"""Links *to* the resource kept in a description; the SPARQL endpoint has the rest."""
LABELS = (SKOS + "prefLabel", RDFS + "label", DCT + "title")
_TYPE = RDF + "type"

_OWN = """SELECT ?s ?p ?o WHERE { ?s ?p ?o }"""
_COUNTS = f"""SELECT ?s ?c ?p ?o WHERE {{ ?s <{KGO}hasCount> ?c . ?c ?p ?o }}"""
_INCOMING = f"""SELECT DISTINCT ?s ?x ?p WHERE {{
  ?x ?p ?s .
  FILTER NOT EXISTS {{ ?x a ?skip . VALUES ?skip {{ <{KGO}Mention> <{KGO}EvidenceSpan> }} }}
}} ORDER BY ?x ?p LIMIT {MAX_INCOMING + 1}"""
_LABEL = f"""SELECT ?n ?p ?l WHERE {{
  VALUES ?n {{ %s }}
  ?n ?p ?l . VALUES ?p {{ {' '.join(f'<{p}>' for p in LABELS)} <{NIF}anchorOf> }}
}}"""


@dataclass
class Description:
    """The triples said about `iri`, with helpers a page needs."""

    iri: str
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False
    """More links to the resource exist than MAX_INCOMING."""

    def __post_init__(self) -> None:
        self._index: dict[tuple[str, str], list[ox.NamedNode | ox.BlankNode | ox.Literal]] = {}
        for t in self.triples:
            key = (getattr(t.subject, "value", ""), t.predicate.value)
            self._index.setdefault(key, []).append(t.object)  # type: ignore[arg-type]

    def values(self, subject: str, predicate: str) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        return self._index.get((subject, predicate), [])

    def label(self, iri: str) -> str | None:
        """The best label known for a node: prefLabel, rdfs:label or title (English first), else anchor text."""
        for p in (*LABELS, NIF + "anchorOf"):
            found = [o for o in self.values(iri, p) if isinstance(o, ox.Literal)]
            found.sort(key=lambda o: (o.language not in (None, "en"), o.value))
            if found:
                return found[0].value
        return None

    def types(self, iri: str) -> list[str]:
        return sorted(o.value for o in self.values(iri, _TYPE) if isinstance(o, ox.NamedNode))


def _rows(store: Store, sparql: str, bind: dict[str, ox.NamedNode]) -> list[ox.QuerySolution]:
    return list(store.query(sparql, {ox.Variable(k): v for k, v in bind.items()}))  # type: ignore[arg-type]


def describe(store: Store, iri: str) -> Description:
    """The description of `iri`; NotFound when the graph says nothing about it."""
    try:
        node = ox.NamedNode(iri)
    except ValueError as exc:
        raise NotFound(f"not an IRI: {iri}") from exc
    triples: set[ox.Triple] = {ox.Triple(node, r["p"], r["o"]) for r in _rows(store, _OWN, {"s": node})}
    if not triples:
        raise NotFound(f"nothing is known of {iri}")
    triples |= {ox.Triple(r["c"], r["p"], r["o"]) for r in _rows(store, _COUNTS, {"s": node})}
    incoming = _rows(store, _INCOMING, {"s": node})
    truncated = len(incoming) > MAX_INCOMING
    triples |= {ox.Triple(r["x"], r["p"], node) for r in incoming[:MAX_INCOMING]}
    linked = {t.object for t in triples if isinstance(t.object, ox.NamedNode)} | \
             {t.subject for t in triples if isinstance(t.subject, ox.NamedNode)}
    linked.discard(node)
    if linked:
        # NamedNode's str() is a checked <IRI>, so the VALUES block cannot be injected into.
        # An evidence span's anchor is its sentence, a fine label; an article has a title and no anchor.
        rows = _rows(store, _LABEL % " ".join(sorted(str(n) for n in linked)), {})
        triples |= {ox.Triple(r["n"], r["p"], r["l"]) for r in rows}
    return Description(iri, sorted(triples, key=str), truncated)


# ---------------------------------------------------------------------- published vocabularies

VOCABULARY_FILES = {"ontology": "ontology.ttl", "tactics": "tactics.ttl"}
_KINDS = ((OWL + "Class", "Classes"), (OWL + "ObjectProperty", "Object properties"),
          (OWL + "DatatypeProperty", "Datatype properties"), (SKOS + "ConceptScheme", "Concept schemes"),
          (SKOS + "Concept", "Concepts"), (KGO + "Stance", "Stances"))


def vocabulary(name: str) -> list[ox.Triple]:
    """The triples of a shipped vocabulary ("ontology" or "tactics"), as published at its namespace."""
    return list(ox.parse(path=ontology.path(VOCABULARY_FILES[name]), format=ox.RdfFormat.TURTLE))


@dataclass
class VocabularyTerm:
    """One class, property or concept of a vocabulary, for a readable listing."""

    iri: str
    kind: str
    label: str
    comment: str


def vocabulary_terms(triples: list[ox.Triple]) -> list[VocabularyTerm]:
    """Every named class, property and concept, grouped by kind in a fixed order, then by IRI."""
    desc = Description("", triples)
    kinds = dict(_KINDS)
    out: list[VocabularyTerm] = []
    for iri in sorted({t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}):
        kind = next((kinds[k] for k in kinds if k in desc.types(iri)), None)
        if kind is None:
            continue
        comments = [o.value for p in (RDFS + "comment", SKOS + "definition") for o in desc.values(iri, p)
                    if isinstance(o, ox.Literal)]
        out.append(VocabularyTerm(iri, kind, desc.label(iri) or "", " ".join(comments)))
    order = [k for _, k in _KINDS]
    return sorted(out, key=lambda t: order.index(t.kind))
