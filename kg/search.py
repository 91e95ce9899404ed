"""Entity search by name or alias: forgiving of case, accents, acronyms and small typos, best first.

The names of every entity are read from the store into an in-memory `NameIndex`; `EntitySearch`
keeps one per store and rebuilds it when `store.generation` moves (a write in this process).
"""
from __future__ import annotations

import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from kg.errors import BadInput
from kg.model import ENTITY_TYPES
from kg.resolution.features import acronym_of
from kg.resolution.linker import normalise
from kg.stores import Store
from kg.vocab import KGO, OWL, RDF, RDFS, SKOS

MAX_LIMIT = 100
DEFAULT_LIMIT = 20

# What a name is to its entity; an exact hit on a label outranks one on an alias, and both outrank
# initials we computed ourselves ("SIO" from "Stanford Internet Observatory"), which many names share.
LABEL, ALIAS, INITIALS, MERGED = "label", "alias", "initials", "merged"
_EXACT = {LABEL: 1.0, ALIAS: 0.97, MERGED: 0.95, INITIALS: 0.85}
_NAME_PREDICATES = {SKOS + "prefLabel": LABEL, SKOS + "altLabel": ALIAS, SKOS + "hiddenLabel": ALIAS,
                    KGO + "shortName": ALIAS}
# Fuzzy scorers (rapidfuzz, 0..100) with the weight that maps them under an exact hit, and the lowest
# raw score kept. partial_ratio finds "prigozin" inside "yevgeny prigozhin" but also "meta" inside any
# longer word, so it counts least and only for queries of 5 characters or more.
_FUZZY = ((fuzz.ratio, 0.9, 80.0), (fuzz.token_sort_ratio, 0.88, 85.0), (fuzz.token_set_ratio, 0.8, 90.0))
_PARTIAL = (fuzz.partial_ratio, 0.7, 88.0)
_MIN_SCORE = 0.5



def _names_query(entities: str, decisions: str) -> str:
    return f"""SELECT ?e ?p ?o WHERE {{
      VALUES ?p {{ <{RDF}type> <{SKOS}prefLabel> <{SKOS}altLabel> <{SKOS}hiddenLabel> <{KGO}shortName> <{KGO}partOf> }}
      VALUES ?g {{ <{entities}> <{decisions}> }}
      GRAPH ?g {{ ?e ?p ?o }} }}"""


def _same_as_query(decisions: str) -> str:
    return f"SELECT ?b ?a WHERE {{ GRAPH <{decisions}> {{ ?b <{OWL}sameAs> ?a }} }}"


def _class_labels_query(ontology: str) -> str:
    return f"""SELECT ?c ?l WHERE {{ GRAPH <{ontology}> {{ ?c <{RDFS}label> ?l }}
      FILTER(STRSTARTS(STR(?c), "{KGO}")) FILTER(LANGMATCHES(LANG(?l), "en")) }}"""


@dataclass(frozen=True)
class Name:
    """One way an entity is written: as stored, normalised, and what it is to the entity."""

    entity: str
    text: str
    norm: str
    kind: str


@dataclass
class EntityInfo:
    iri: str
    label: str
    type: str
    part_of: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    """One entity found: its best-scoring name decides the score and `matched`."""

    iri: str
    label: str
    type: str
    score: float
    matched: str
    exact: bool


@dataclass(frozen=True)
class SearchPage:
    query: str
    total: int
    hits: list[Hit]


class NameIndex:
    """Every name of every current (not merged-away) entity, normalised, for one store generation."""

    def __init__(self, entities: dict[str, EntityInfo], names: Iterable[Name], generation: int,
                 type_labels: dict[str, str] | None = None) -> None:
        self.generation = generation
        self.entities = entities
        self.type_labels = {t: (type_labels or {}).get(t, t) for t in ENTITY_TYPES}
        """Each entity class's rdfs:label from the ontology ("Research organisation")."""
        self.by_norm: dict[str, list[Name]] = {}
        self.names_of: dict[str, list[Name]] = {}
        for n in names:
            if n.norm and n.entity in entities:
                self.by_norm.setdefault(n.norm, []).append(n)
                if n.kind != INITIALS:
                    self.names_of.setdefault(n.entity, []).append(n)
        self.norms = list(self.by_norm)

    @classmethod
    def build(cls, store: Store) -> NameIndex:
        generation = store.generation
        entities_g, decisions_g = store.graphs.entities.value, store.graphs.decisions.value
        types: dict[str, str] = {}
        props: dict[str, list[tuple[str, str]]] = {}
        for row in store.query(_names_query(entities_g, decisions_g)):  # type: ignore[union-attr]
            e, p, o = row["e"].value, row["p"].value, row["o"].value
            if p == RDF + "type":
                if o.startswith(KGO) and o[len(KGO):] in ENTITY_TYPES:
                    types.setdefault(e, o[len(KGO):])
            else:
                props.setdefault(e, []).append((p, o))
        redirects = {r["b"].value: r["a"].value
                     for r in store.query(_same_as_query(decisions_g))}  # type: ignore[union-attr]
        entities: dict[str, EntityInfo] = {}
        names: list[Name] = []
        for e, type_ in types.items():
            values = props.get(e, [])
            labels = sorted(o for p, o in values if p == SKOS + "prefLabel")
            if not labels:
                continue
            target = _follow(redirects, e)
            for p, o in values:
                kind = _NAME_PREDICATES.get(p)
                if kind is None:
                    continue
                if target != e:
                    kind = MERGED  # a merged-away entity's names find the entity it became
                names.append(Name(target, o, normalise(o), kind))
                initials = acronym_of(normalise(o))
                if initials and len(initials) >= 2:
                    names.append(Name(target, o, initials, INITIALS))
            if target == e:
                entities[e] = EntityInfo(e, labels[0], type_,
                                         [o for p, o in values if p == KGO + "partOf"])
        type_labels = {r["c"].value[len(KGO):]: r["l"].value
                       for r in store.query(_class_labels_query(store.graphs.ontology.value))}  # type: ignore[union-attr]
        return cls(entities, names, generation, type_labels)

    def search(self, query: str, types: Collection[str] | None = None, prefix: bool = False) -> list[Hit]:
        """Every entity whose names come close to the query, best first (ties by label, then IRI);
        `types` keeps only entities of those classes."""
        q = normalise(query)
        if not q:
            raise BadInput("the query has no letters or digits to search for")
        best: dict[str, tuple[float, Name]] = {}

        def offer(norm: str, score: float) -> None:
            for n in self.by_norm[norm]:
                if types and self.entities[n.entity].type not in types:
                    continue
                if n.kind == INITIALS and norm != q:
                    continue  # computed initials count only when typed exactly
                s = score * _EXACT[n.kind]
                if s > best.get(n.entity, (-1.0, n))[0]:
                    best[n.entity] = (s, n)

        if q in self.by_norm:
            offer(q, 1.0)
        # While typing, a word cut short is not a typo: partial matches would only add noise there.
        scorers = list(_FUZZY) + ([_PARTIAL] if len(q) >= 5 and not prefix else [])
        for scorer, weight, cutoff in scorers:
            for norm, raw, _ in process.extract(q, self.norms, scorer=scorer, score_cutoff=cutoff, limit=None):
                # partial_ratio would also find a short name inside a long query ("the age" in "agency")
                if norm != q and (scorer is not fuzz.partial_ratio or len(norm) >= len(q)):
                    offer(norm, weight * raw / 100.0)
        if prefix:
            # Autocomplete: a name that starts with what was typed so far, or has a word that does.
            for norm in self.norms:
                if norm != q and (norm.startswith(q) or f" {q}" in norm):
                    offer(norm, 0.8 + 0.15 * len(q) / len(norm))
        hits = []
        for iri, (score, name) in best.items():
            if score < _MIN_SCORE:
                continue
            info = self.entities[iri]
            hits.append(Hit(iri, info.label, info.type, round(score, 4), name.text,
                            exact=name.norm == q and name.kind != INITIALS))
        hits.sort(key=lambda h: (-h.score, h.label.casefold(), h.iri))
        return hits

    def country_of(self, iri: str) -> str | None:
        """The State an entity belongs to, following kgo:partOf (a State is its own country)."""
        seen: set[str] = set()
        while iri in self.entities and iri not in seen:
            seen.add(iri)
            info = self.entities[iri]
            if info.type == "State":
                return iri
            if not info.part_of:
                return None
            iri = info.part_of[0]
        return None


def _follow(redirects: dict[str, str], iri: str) -> str:
    seen: set[str] = set()
    while iri in redirects and iri not in seen:
        seen.add(iri)
        iri = redirects[iri]
    return iri


def check_type(type_: str | None) -> str | None:
    """The entity class named by a kgo local name or IRI (any case), or BadInput listing the valid ones."""
    if type_ is None or not type_.strip():
        return None
    local = type_.strip()
    local = local.removeprefix(KGO)
    for t in ENTITY_TYPES:
        if t.casefold() == local.casefold():
            return t
    raise BadInput(f"unknown type {type_!r}; valid types: {', '.join(sorted(ENTITY_TYPES))}")


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise BadInput("offset must be 0 or more")


class EntitySearch:
    """The name index of one store, rebuilt on the first search after the store changed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: NameIndex | None = None
        self._lock = threading.Lock()

    def index(self) -> NameIndex:
        index = self._index
        if index is not None and index.generation == self.store.generation:
            return index
        with self._lock:  # one rebuild at a time; later callers get the fresh one
            if self._index is None or self._index.generation != self.store.generation:
                self._index = NameIndex.build(self.store)
            return self._index

    def search(self, query: str, type_: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0,
               prefix: bool = False) -> SearchPage:
        """One page of the entities matching `query`, optionally of one type."""
        check_page(limit, offset)
        checked = check_type(type_)
        hits = self.index().search(query, {checked} if checked else None, prefix=prefix)
        return SearchPage(query, len(hits), hits[offset:offset + limit])
