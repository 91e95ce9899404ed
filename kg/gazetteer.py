"""Known entities read from the shipped gazetteer Turtle files into plain records."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

import pyoxigraph as ox

import ontology
from ontology import NS

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# Relative IRIs in the gazetteer are parsed against this placeholder and re-based at resolution time.
GAZ_BASE = "urn:kg:gazetteer:/"


@dataclass
class GazEntry:
    """One known entity; `key` is its slug, the last part of its IRI."""

    key: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    short_names: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)
    owned_by: list[str] = field(default_factory=list)
    count_key: str | None = None
    former_names: list[tuple[str, date | None]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.label, *self.aliases]


@dataclass
class Gazetteer:
    entries: dict[str, GazEntry]

    def get(self, key: str) -> GazEntry | None:
        return self.entries.get(key)

    def by_type(self, type_: str) -> list[GazEntry]:
        return [e for e in self.entries.values() if e.type == type_]

    @cached_property
    def platform_of_count_key(self) -> dict[str, str]:
        """Platform key of each takedown count key ("facebook_accounts" -> "facebook"), built once."""
        return {e.count_key: e.key for e in self.entries.values() if e.count_key}


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | object) -> str | None:
    if isinstance(term, ox.NamedNode) and term.value.startswith(GAZ_BASE + "entity/"):
        return term.value[len(GAZ_BASE + "entity/"):]
    return None


def _value(q: ox.Quad) -> str:
    return str(getattr(q.object, "value", q.object))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Parse every gazetteer file once per process."""
    triples: list[ox.Quad] = []
    for path in ontology.gazetteer_paths():
        triples.extend(ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=GAZ_BASE))
    props: dict[str, dict[str, list[ox.Quad]]] = defaultdict(lambda: defaultdict(list))
    blanks: dict[str, dict[str, str]] = defaultdict(dict)
    for q in triples:
        if isinstance(q.subject, ox.BlankNode):
            blanks[q.subject.value][q.predicate.value] = str(getattr(q.object, "value", q.object))
            continue
        key = _key(q.subject)
        if key is not None:
            props[key][q.predicate.value].append(q)
    entries: dict[str, GazEntry] = {}
    for key, p in props.items():
        types = [v[len(NS):] for q in p[RDF_TYPE] if (v := _value(q)).startswith(NS)]
        labels = [_value(q) for q in p[SKOS + "prefLabel"]]
        if not types or not labels:
            continue
        entry = GazEntry(key=key, label=labels[0], type=types[0])
        entry.aliases = [_value(q) for q in p[SKOS + "altLabel"]]
        entry.demonyms = [_value(q) for q in p[NS + "demonym"]]
        entry.short_names = [_value(q) for q in p[NS + "shortName"]]
        entry.part_of = [k for q in p[NS + "partOf"] if (k := _key(q.object))]
        entry.owned_by = [k for q in p[NS + "ownedBy"] if (k := _key(q.object))]
        counts = [_value(q) for q in p[NS + "countKey"]]
        entry.count_key = counts[0] if counts else None
        for q in p[NS + "formerName"]:
            b = blanks.get(_value(q), {})
            if NS + "name" in b:
                until = b.get(NS + "until")
                entry.former_names.append((b[NS + "name"], date.fromisoformat(until) if until else None))
        entries[key] = entry
    return Gazetteer(entries)
