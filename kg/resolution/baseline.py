"""A plain rapidfuzz matcher with the same normalisation and an acronym rule, for comparison with dedupe."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import fuzz, process

from kg.model import Entity
from kg.resolution.features import FeatureIndex, acronym_of, record_for_mention
from kg.resolution.matcher import Match

Record = dict[str, Any]


class FuzzyMatcher:
    """token_sort_ratio over normalised names of the same type; an acronym equal to a name scores 95."""

    def __init__(self, index: FeatureIndex, threshold: float = 90.0) -> None:
        self.index = index
        self.link_threshold = threshold
        self.cluster_threshold = threshold / 100
        self.names: dict[str, list[str]] = defaultdict(list)
        self.keys: dict[str, list[str]] = defaultdict(list)
        for e in sorted(index.gazetteer.entries.values(), key=lambda e: e.key):
            for n in e.names:
                self._add(e.type, record_for_mention(n, e.type, (), index)["name"], e.key)

    def _add(self, type_: str, name: str, key: str) -> None:
        self.names[type_].append(name)
        self.keys[type_].append(key)

    def add_known(self, entities: Iterable[Entity]) -> None:
        """Index entities minted earlier by label and type."""
        for ent in entities:
            self._add(ent.type, record_for_mention(ent.label, ent.type, (), self.index)["name"],
                      ent.iri.rsplit("/", 1)[-1])

    def _score(self, a: str, b: str) -> float:
        if a == b:
            return 100.0
        if acronym_of(b) == a or acronym_of(a) == b:
            return 95.0
        return float(fuzz.token_sort_ratio(a, b))

    def _best(self, type_: str, name: str) -> tuple[str | None, float]:
        names = self.names.get(type_, [])
        if not names:
            return None, 0.0
        by_name = dict(zip(names, self.keys[type_]))
        if name in by_name:
            return by_name[name], 100.0
        initials = acronym_of(name)
        for n, k in zip(names, self.keys[type_]):
            if acronym_of(n) == name or (initials is not None and initials == n):
                return k, 95.0
        hit = process.extractOne(name, names, scorer=fuzz.token_sort_ratio, score_cutoff=self.link_threshold)
        return (self.keys[type_][hit[2]], float(hit[1])) if hit else (None, 0.0)

    def link(self, records: Sequence[Record]) -> list[Match]:
        """Best-scoring name of the same type above the threshold; each distinct name scored once."""
        cache: dict[tuple[str, str], tuple[str | None, float]] = {}
        out = []
        for rec in records:
            ck = (rec["type"], rec["name"])
            if ck not in cache:
                cache[ck] = self._best(*ck)
            key, sc = cache[ck]
            out.append(Match(rec, key, sc / 100, "fuzzy" if key else "none"))
        return out

    def pair_score(self, a: Record, b: Record, model: str = "link") -> float:
        """The fuzzy score of two records as a probability-like number; 0 across types."""
        return 0.0 if a["type"] != b["type"] else self._score(a["name"], b["name"]) / 100
