"""The ontology and the gazetteer as quads, shared by both store kinds: what `ensure_schema` loads."""
from __future__ import annotations

import hashlib

import pyoxigraph as ox

import ontology
from kg.gazetteer import GAZ_BASE
from kg.vocab import KGO, OWL, PROV, RDF, RDFS, XSD, Graphs

SCHEMA_FILES = ("ontology.ttl", "tactics.ttl")
MARKER = ox.NamedNode(KGO + "gazetteerDigest")
"""Holds the digest of the schema files in the ontology graph: a store whose digest matches is up to date."""

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def schema_digest() -> str:
    """SHA-256 of the ontology and gazetteer files, in load order."""
    h = hashlib.sha256()
    for p in [ontology.path(n) for n in SCHEMA_FILES] + ontology.gazetteer_paths():
        h.update(p.read_bytes())
    return h.hexdigest()


def schema_quads(base: str, digest: str) -> list[ox.Quad]:
    """The ontology (ontology graph), the gazetteer rebased under `base` (entities graph), the digest marker
    and the gazetteer's platform-is-not-its-owner decisions."""
    graphs = Graphs(base)
    quads: list[ox.Quad] = []
    for name in SCHEMA_FILES:
        for q in ox.parse(path=ontology.path(name), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(q.subject, q.predicate, q.object, graphs.ontology))
    for p in ontology.gazetteer_paths():
        for q in ox.parse(path=p, format=ox.RdfFormat.TURTLE, base_iri=GAZ_BASE):
            quads.append(ox.Quad(_rebase(base, q.subject), q.predicate, _rebase(base, q.object),  # type: ignore[arg-type]
                                 graphs.entities))
    quads.append(ox.Quad(ox.NamedNode(base), MARKER, ox.Literal(digest), graphs.ontology))
    quads.extend(platform_owner_differences(base))
    return quads


def platform_owner_differences(base: str) -> list[ox.Quad]:
    """'Facebook is not Meta', published for every platform and the company that owns it, as a decision
    of the gazetteer's: exports carry it with who decided and why."""
    from kg.gazetteer import load_gazetteer

    g = Graphs(base).decisions
    out: list[ox.Quad] = []
    for e in sorted(load_gazetteer().by_type("Platform"), key=lambda e: e.key):
        for owner in e.owned_by:
            a, b = (ox.NamedNode(f"{base}entity/{k}") for k in (e.key, owner))
            d = ox.NamedNode(f"{base}decision/gazetteer-{e.key}-not-{owner}")
            out += [
                ox.Quad(a, ox.NamedNode(OWL + "differentFrom"), b, g),
                ox.Quad(d, ox.NamedNode(RDF + "type"), ox.NamedNode(KGO + "Decision"), g),
                ox.Quad(d, ox.NamedNode(KGO + "decisionKind"), ox.Literal("different"), g),
                ox.Quad(d, ox.NamedNode(KGO + "subject"), a, g),
                ox.Quad(d, ox.NamedNode(KGO + "object"), b, g),
                ox.Quad(d, ox.NamedNode(PROV + "wasAttributedTo"), ox.Literal("influence-kg gazetteer"), g),
                ox.Quad(d, ox.NamedNode(PROV + "generatedAtTime"),
                        ox.Literal("2026-11-23T00:00:00+00:00", datatype=ox.NamedNode(XSD + "dateTime")), g),
                ox.Quad(d, ox.NamedNode(RDFS + "comment"),
                        ox.Literal("a platform is not the company that owns it"), g),
            ]
    return out


def _rebase(base: str, term: Term) -> Term:
    if isinstance(term, ox.NamedNode) and term.value.startswith(GAZ_BASE):
        return ox.NamedNode(base + term.value[len(GAZ_BASE):])
    return term
