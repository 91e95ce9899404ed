"""The published JSON-LD @context (terms from the ontology) and compaction of triples with it.

pyoxigraph writes expanded JSON-LD only, so descriptions are compacted here: a kgo property or class
is its local name ("refersTo", "Mention"), other vocabularies keep a prefix ("skos:prefLabel"),
object properties are typed "@id" and datatype properties carry their xsd range, so values read as
plain strings. Whatever the context cannot say (an odd datatype, a language) stays a value object,
which is never coerced: the compacted document always expands to exactly the triples it was made of.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

import ontology
from kg.vocab import KGO, OWL, PREFIXES, RDF, RDFS, XSD

_OBJECT = ox.NamedNode(OWL + "ObjectProperty")
_DATATYPE = ox.NamedNode(OWL + "DatatypeProperty")
_CLASS = ox.NamedNode(OWL + "Class")
_TYPE = ox.NamedNode(RDF + "type")
_RANGE = ox.NamedNode(RDFS + "range")
_STRING = XSD + "string"


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The @context object: prefixes, then one term per kgo class and property of the ontology."""
    triples = list(ox.parse(path=ontology.path("ontology.ttl"), format=ox.RdfFormat.TURTLE))
    ranges = {t.subject.value: t.object.value for t in triples
              if t.predicate == _RANGE and isinstance(t.object, ox.NamedNode)}
    terms: dict[str, Any] = dict(PREFIXES)
    for t in sorted(triples, key=lambda t: str(t.subject)):
        iri = getattr(t.subject, "value", "")
        if t.predicate != _TYPE or not iri.startswith(KGO) or "#" in iri[len(KGO):]:
            continue
        local = iri[len(KGO):]
        if t.object == _CLASS:
            terms[local] = f"kgo:{local}"
        elif t.object == _OBJECT:
            terms[local] = {"@id": f"kgo:{local}", "@type": "@id"}
        elif t.object == _DATATYPE:
            rng = ranges.get(iri, "")
            terms[local] = {"@id": f"kgo:{local}", "@type": rng} if rng.startswith(XSD) and rng != _STRING \
                else f"kgo:{local}"
    return terms


def context_document() -> bytes:
    return json.dumps({"@context": context()}, indent=1, ensure_ascii=False).encode()


def _term_index() -> dict[str, tuple[str, str | None]]:
    """Full property IRI -> (key, coercion) for the context's kgo terms."""
    out: dict[str, tuple[str, str | None]] = {}
    for name, value in context().items():
        if isinstance(value, dict):
            out[KGO + name] = (name, value["@type"])
        elif value.startswith("kgo:"):
            out[KGO + value[4:]] = (name, None)
    return out


def _compact_iri(iri: str) -> str:
    """Term, prefix:local or the IRI itself; only for keys and @type values (expanded against the vocabulary)."""
    if iri.startswith(KGO) and iri[len(KGO):] in context():
        return iri[len(KGO):]
    return _prefixed(iri)


def _prefixed(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        local = iri[len(ns):]
        if iri.startswith(ns) and local and all(c.isalnum() or c in "-_." for c in local):
            return f"{prefix}:{local}"
    return iri


def _id(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, coerce: str | None) -> Any:
    if isinstance(term, ox.Triple):
        raise TypeError("RDF-star triples cannot be written as JSON-LD 1.1")
    if not isinstance(term, ox.Literal):
        return _id(term) if coerce == "@id" else {"@id": _id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if coerce is not None and coerce == datatype:
        return term.value
    if datatype == _STRING and coerce is None:
        return term.value
    return {"@value": term.value} if datatype == _STRING else {"@value": term.value, "@type": _prefixed(datatype)}


def compact(triples: Iterable[ox.Triple], context_ref: str | dict[str, Any], first: str | None = None) -> bytes:
    """A compacted JSON-LD document of the triples; `context_ref` is the context URL (or the object to embed),
    `first` the IRI of the node to list first (the resource described)."""
    index = _term_index()
    nodes: dict[str, dict[str, Any]] = {}
    for t in triples:
        node = nodes.setdefault(_id(t.subject), {"@id": _id(t.subject)})  # type: ignore[arg-type]
        if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact_iri(t.object.value))
            continue
        key, coerce = index.get(t.predicate.value, (_compact_iri(t.predicate.value), None))
        node.setdefault(key, []).append(_value(t.object, coerce))
    ordered = sorted(nodes.values(), key=lambda n: (n["@id"] != first, n["@id"]))
    for node in ordered:
        for key, values in node.items():
            if isinstance(values, list):
                values.sort(key=lambda v: json.dumps(v, sort_keys=True))
                node[key] = values[0] if len(values) == 1 else values
    doc = {"@context": context_ref, "@graph": ordered}
    return json.dumps(doc, indent=1, ensure_ascii=False).encode()
