"""Links mentions to gazetteer entities by key or normalised name, and mints IRIs for new ones.

An IRI is `<base>entity/<slug>`: the slug of the canonical label, so it is readable and the same on
every rebuild from the same inputs; a second entity with the same label but another type gets the
type as a suffix (`facebook` the platform, `facebook-company`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from unidecode import unidecode

from kg.gazetteer import Gazetteer
from kg.model import Entity, Extraction, Mention

if TYPE_CHECKING:
    from kg.resolution.decisions import DecisionSet
    from kg.resolution.matcher import DedupeMatcher

_POSSESSIVE = re.compile(r"['\u2019]s?$")


@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """Case, diacritics, quotes, dots, a leading 'the' and a possessive folded away (cached: the same few
    thousand names come back in every article)."""
    s = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2018", "'")
    s = unidecode(s).casefold().strip()
    s = re.sub(r"^the\s+", "", s)
    s = _POSSESSIVE.sub("", s)
    s = s.replace(".", "")
    s = re.sub(r"[\"'`#@(),;:!?]", " ", s)
    s = re.sub(r"[\s\-_/]+", " ", s)
    return s.strip()


@lru_cache(maxsize=1 << 14)
def slugify(label: str) -> str:
    s = unidecode(unicodedata.normalize("NFKC", label)).lower()
    s = re.sub(r"['\u2019]", "", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:80] or "unnamed"


@dataclass
class Resolved:
    """An extraction with every mention mapped to its entity."""

    extraction: Extraction
    entities: dict[Mention, Entity] = field(default_factory=dict)

    def entity(self, m: Mention | None) -> Entity | None:
        return self.entities.get(m) if m is not None else None


class Resolver:
    """Gazetteer-and-name resolution; `known` holds entities already in the store so IRIs stay put."""

    def __init__(self, gazetteer: Gazetteer, base_iri: str, known: dict[str, Entity] | None = None,
                 decisions: DecisionSet | None = None, matcher: DedupeMatcher | None = None) -> None:
        self.gazetteer = gazetteer
        self.base = base_iri
        self.decisions = decisions
        self.matcher = matcher
        self._linked: dict[tuple[str, str], str | None] = {}  # (normalised name, type) -> key dedupe chose
        self._cluster_label: dict[tuple[str, str], str] = {}  # (normalised name, type) -> cluster's label
        self.by_name: dict[tuple[str, str], str] = {}
        for e in gazetteer.entries.values():
            for n in e.names:
                self.by_name.setdefault((normalise(n), e.type), e.key)
        self.known: dict[str, Entity] = dict(known or {})
        for ent in self.known.values():
            self.by_name.setdefault((normalise(ent.label), ent.type), self._slug_of(ent.iri))
        if matcher is not None and self.known:
            matcher.add_known(self.known.values())

    def iri(self, key: str) -> str:
        return f"{self.base}entity/{key}"

    def _slug_of(self, iri: str) -> str:
        return iri.rsplit("/", 1)[-1]

    def _taken(self, slug: str, type_: str) -> bool:
        g = self.gazetteer.get(slug)
        if g is not None and g.type != type_:
            return True
        k = self.known.get(self.iri(slug))
        return k is not None and k.type != type_

    def entity_for(self, m: Mention) -> Entity:
        """The entity a mention names, after the analysts' merges and splits."""
        ent = self._match(m)
        if self.decisions is None:
            return ent
        split = self.decisions.splits.get((ent.iri, normalise(m.text)))
        if split is not None:
            return self.known.setdefault(split, Entity(split, m.text, ent.type, known=False))
        target = self.decisions.follow(ent.iri)
        if target == ent.iri:
            return ent
        key = target.rsplit("/", 1)[-1]
        if (g := self.gazetteer.get(key)) is not None and target == self.iri(key):
            return Entity(target, g.label, g.type, known=True)
        return self.known.get(target) or Entity(target, ent.label, ent.type, known=False)

    def _match(self, m: Mention) -> Entity:
        key = m.key
        if key is None:
            key = self.by_name.get((normalise(m.canonical), m.type))
        if key is None:
            key = self._linked.get((normalise(m.canonical), m.type))
        if key is not None and (g := self.gazetteer.get(key)) is not None:
            return Entity(self.iri(key), g.label, g.type, known=True)
        if key is not None and self.iri(key) in self.known:
            return self.known[self.iri(key)]
        label = self._cluster_label.get((normalise(m.canonical), m.type), m.canonical)
        slug = slugify(label)
        if self._taken(slug, m.type):
            slug = f"{slug}-{slugify(m.type)}"
        if self.iri(slug) in self.known:
            return self.known[self.iri(slug)]
        ent = Entity(self.iri(slug), label, m.type, known=False)
        self.known[ent.iri] = ent
        self.by_name.setdefault((normalise(m.canonical), m.type), slug)
        if self.matcher is not None:  # later articles link to it: incremental resolution
            self.matcher.add_known([ent])
        return ent

    def _link_unknown(self, extraction: Extraction) -> None:
        """dedupe links, in one batch, the mentions no key or exact name resolves (typos, variants)."""
        if self.matcher is None:
            return
        from kg.resolution.features import record_for_mention

        # No co-occurrence context: the indexed side (gazetteer names, minted entities) has none, and a
        # one-sided context keeps dedupe's learned blocks from ever pairing the two.
        context: list[str] = []
        todo: dict[tuple[str, str], Mention] = {}
        for m in extraction.mentions:
            name = (normalise(m.canonical), m.type)
            if m.key is None and name not in self.by_name and name not in self._linked:
                todo.setdefault(name, m)
        if not todo:
            return
        records = [record_for_mention(m.canonical, m.type, context, self.matcher.index) for m in todo.values()]
        for name, match in zip(todo, self.matcher.link(records)):
            key = match.key
            valid = key is not None and (
                (key in self.gazetteer.entries and self.gazetteer.entries[key].type == name[1])
                or self.iri(key) in self.known)
            self._linked[name] = key if valid else None

    def prepare(self, extractions: list[Extraction]) -> int:
        """Cluster, across a batch of articles, the mentions nothing known resolves (dedupe.Dedupe), so a
        new actor written several ways becomes one entity. Returns how many names joined a cluster."""
        if self.matcher is None:
            return 0
        from kg.resolution.features import record_for_mention

        for ex in extractions:
            self._link_unknown(ex)
        names: dict[tuple[str, str], list[str]] = {}
        for ex in extractions:
            for m in ex.mentions:
                name = (normalise(m.canonical), m.type)
                if m.key is None and name not in self.by_name and self._linked.get(name) is None:
                    names.setdefault(name, []).append(m.canonical)
        if len(names) < 2:
            return 0
        keys = list(names)
        records = [record_for_mention(names[k][0], k[1], (), self.matcher.index) for k in keys]
        joined = 0
        for cluster in self.matcher.cluster(records):
            if len(cluster) < 2:
                continue
            # The name written most often (then the longest) names the cluster.
            rep = max(cluster, key=lambda i: (len(names[keys[i]]), len(keys[i][0]), keys[i][0]))
            for i in cluster:
                self._cluster_label[keys[i]] = names[keys[rep]][0]
            joined += len(cluster)
        return joined

    def resolve(self, extraction: Extraction) -> Resolved:
        self._link_unknown(extraction)
        out = Resolved(extraction)
        for m in extraction.mentions:
            out.entities[m] = self.entity_for(m)
        for a in extraction.attributions:
            for party in (a.actor, a.by):
                if party is not None and party not in out.entities:
                    out.entities[party] = self.entity_for(party)
        return out
