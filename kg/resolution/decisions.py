"""Analyst decisions on identity: merge, split and different-from, stored in the graph with who,
when and why, and re-applied on every later ingestion and rebuild.

- merge A B: B is the same entity as A; B's mentions and claims move to A, and B keeps resolving
  (`B owl:sameAs A`, and an HTTP redirect in the API).
- split A --mention S: mentions of A written S are a different entity, minted from S.
- different A B: A and B must never merge (`A owl:differentFrom B`), published with who decided it.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from kg.errors import BadInput, NotFound
from kg.resolution.linker import normalise, slugify
from kg.stores import Store
from kg.vocab import KGO, OWL, PROV, RDF_TYPE, RDFS, SKOS

KINDS = ("merge", "split", "different")


@dataclass(frozen=True)
class Decision:
    id: str
    kind: str
    subject: str
    object: str | None
    mention: str | None
    who: str
    when: datetime
    why: str


@dataclass
class DecisionSet:
    """What the decisions imply for resolution: where merged-away IRIs point, which surfaces split off."""

    redirects: dict[str, str]
    splits: dict[tuple[str, str], str]  # (entity IRI, normalised surface) -> new entity IRI
    different: set[frozenset[str]]
    split_surfaces: list[tuple[str, str, str]]  # (entity IRI, surface as decided, new entity IRI)

    def follow(self, iri: str) -> str:
        seen = set()
        while iri in self.redirects and iri not in seen:
            seen.add(iri)
            iri = self.redirects[iri]
        return iri


def _n(p: str) -> ox.NamedNode:
    return ox.NamedNode(p)


def _entity_exists(store: Store, iri: str) -> bool:
    return bool(store.query(f"ASK {{ {ox.NamedNode(iri)} a ?t ; <{SKOS}prefLabel> ?l }}"))


def _label_type(store: Store, iri: str) -> tuple[str, str]:
    rows = list(store.query(  # type: ignore[arg-type]
        f"SELECT ?l ?t WHERE {{ {ox.NamedNode(iri)} <{SKOS}prefLabel> ?l ; a ?t }}"))
    for r in rows:
        if r["t"].value.startswith(KGO):
            return r["l"].value, r["t"].value[len(KGO):]
    raise NotFound(f"no entity {iri}")


def record(store: Store, kind: str, subject: str, obj: str | None = None, mention: str | None = None,
           who: str = "analyst", why: str = "") -> Decision:
    """Validate a decision, store it, and apply it to what is already in the store (one transaction)."""
    if kind not in KINDS:
        raise BadInput(f"unknown decision {kind!r}; use one of {', '.join(KINDS)}")
    for iri in filter(None, (subject, obj)):
        if not _entity_exists(store, iri):
            raise NotFound(f"no entity {iri}")
    if kind in ("merge", "different") and (obj is None or obj == subject):
        raise BadInput(f"{kind} needs two different entities")
    if kind == "split" and not mention:
        raise BadInput("split needs --mention, the surface to split off")
    current = load(store)
    if kind == "merge":
        a, b = current.follow(subject), current.follow(obj or "")
        if frozenset((a, b)) in current.different:
            raise BadInput(f"{a} and {b} were decided to be different; record a new decision after review")
        if _label_type(store, a)[1] != _label_type(store, b)[1]:
            raise BadInput("entities of different types never merge (a Platform is not a Company)")
    d = Decision(str(uuid.uuid4()), kind, subject, obj, mention, who, datetime.now(UTC), why)
    g = store.graphs.decisions
    node = ox.NamedNode(f"{store.base}decision/{d.id}")
    quads = [
        ox.Quad(node, RDF_TYPE, _n(KGO + "Decision"), g),
        ox.Quad(node, _n(KGO + "decisionKind"), ox.Literal(kind), g),
        ox.Quad(node, _n(KGO + "subject"), ox.NamedNode(subject), g),
        ox.Quad(node, _n(PROV + "wasAttributedTo"), ox.Literal(who), g),
        ox.Quad(node, _n(PROV + "generatedAtTime"),
                ox.Literal(d.when.isoformat(), datatype=_n("http://www.w3.org/2001/XMLSchema#dateTime")), g),
        ox.Quad(node, _n(RDFS + "comment"), ox.Literal(why), g),
    ]
    if obj:
        quads.append(ox.Quad(node, _n(KGO + "object"), ox.NamedNode(obj), g))
    if mention:
        quads.append(ox.Quad(node, _n(KGO + "mentionText"), ox.Literal(mention), g))
    if kind == "merge":
        quads.append(ox.Quad(ox.NamedNode(obj or ""), _n(OWL + "sameAs"), ox.NamedNode(subject), g))
    elif kind == "different":
        quads.append(ox.Quad(ox.NamedNode(subject), _n(OWL + "differentFrom"), ox.NamedNode(obj or ""), g))
    elif kind == "split":
        _, type_ = _label_type(store, subject)
        new = split_iri(store.base, mention or "", type_)
        # The new entity lives in the decisions graph, so that a rebuild of the entities keeps it.
        quads += [ox.Quad(ox.NamedNode(new), RDF_TYPE, _n(KGO + type_), g),
                  ox.Quad(ox.NamedNode(new), _n(SKOS + "prefLabel"), ox.Literal(mention or "", language="en"), g),
                  ox.Quad(ox.NamedNode(new), _n(OWL + "differentFrom"), ox.NamedNode(subject), g)]
    store.write(quads)
    apply(store)
    return d


def split_iri(base: str, surface: str, type_: str) -> str:
    return f"{base}entity/{slugify(surface)}-{slugify(type_)}"


def load(store: Store) -> DecisionSet:
    """Every decision's effect, in the order made (a later decision wins)."""
    q = f"""PREFIX kgo: <{KGO}> PREFIX prov: <{PROV}>
    SELECT ?d ?kind ?s ?o ?m ?t WHERE {{ GRAPH <{store.graphs.decisions.value}> {{
      ?d a kgo:Decision ; kgo:decisionKind ?kind ; kgo:subject ?s ; prov:generatedAtTime ?t .
      OPTIONAL {{ ?d kgo:object ?o }} OPTIONAL {{ ?d kgo:mentionText ?m }} }} }} ORDER BY ?t"""
    out = DecisionSet({}, {}, set(), [])
    for r in store.query(q):  # type: ignore[union-attr]
        kind, s = r["kind"].value, r["s"].value
        o = r["o"].value if r["o"] is not None else None
        if kind == "merge" and o:
            out.redirects[o] = s
            out.redirects.pop(s, None)
        elif kind == "different" and o:
            out.different.add(frozenset((s, o)))
        elif kind == "split" and r["m"] is not None:
            try:
                _, type_ = _label_type(store, s)
            except NotFound:
                type_ = "Entity"
            new = split_iri(store.base, r["m"].value, type_)
            out.splits[(s, normalise(r["m"].value))] = new
            out.split_surfaces.append((s, r["m"].value, new))
    return out


_REPOINT = """
DELETE {{ GRAPH ?g {{ ?x ?p <{old}> }} }} INSERT {{ GRAPH ?g {{ ?x ?p <{new}> }} }}
WHERE {{ GRAPH ?g {{ ?x ?p <{old}> }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}
"""
_SPLIT = """
PREFIX kgo: <{kgo}> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
DELETE {{ GRAPH ?g {{ ?m kgo:refersTo <{old}> }} }} INSERT {{ GRAPH ?g {{ ?m kgo:refersTo <{new}> }} }}
WHERE {{ GRAPH ?g {{ ?m kgo:refersTo <{old}> ; nif:anchorOf ?a }} FILTER(LCASE(STR(?a)) = LCASE(STR({surface}))) }}
"""


def apply(store: Store) -> None:
    """Make the article graphs agree with the decisions (idempotent)."""
    ds = load(store)
    prefix = store.base + "graph/article/"
    for old in list(ds.redirects):
        new = ds.follow(old)
        store.update(_REPOINT.format(old=ox.NamedNode(old).value, new=ox.NamedNode(new).value, prefix=prefix))
    for old, surface, new in ds.split_surfaces:
        store.update(_SPLIT.format(kgo=KGO, old=ox.NamedNode(old).value, new=ox.NamedNode(new).value,
                                   surface=ox.Literal(surface)))


def decisions(store: Store) -> list[Decision]:
    q = f"""PREFIX kgo: <{KGO}> PREFIX prov: <{PROV}> PREFIX rdfs: <{RDFS}>
    SELECT ?d ?kind ?s ?o ?m ?who ?t ?why WHERE {{ GRAPH <{store.graphs.decisions.value}> {{
      ?d a kgo:Decision ; kgo:decisionKind ?kind ; kgo:subject ?s ; prov:generatedAtTime ?t ;
         prov:wasAttributedTo ?who ; rdfs:comment ?why .
      OPTIONAL {{ ?d kgo:object ?o }} OPTIONAL {{ ?d kgo:mentionText ?m }} }} }} ORDER BY ?t"""
    out = []
    for r in store.query(q):  # type: ignore[union-attr]
        out.append(Decision(r["d"].value.rsplit("/", 1)[-1], r["kind"].value, r["s"].value,
                            r["o"].value if r["o"] is not None else None,
                            r["m"].value if r["m"] is not None else None, r["who"].value,
                            datetime.fromisoformat(r["t"].value), r["why"].value))
    return out


def current_iri(store: Store, iri: str) -> str:
    """Where an IRI points after merges (itself when it was never merged away).

    Answered on every entity and actor request, so it follows `owl:sameAs` from this one IRI rather
    than loading every decision.
    """
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise NotFound(f"not an IRI: {iri!r}") from exc
    seen: set[str] = set()
    while iri not in seen:
        seen.add(iri)
        rows = list(store.query(  # type: ignore[arg-type]
            f"SELECT ?t WHERE {{ GRAPH <{store.graphs.decisions.value}> {{ {ox.NamedNode(iri)} <{OWL}sameAs> ?t }} }}"))
        if not rows:
            return iri
        iri = rows[-1]["t"].value
    return iri
