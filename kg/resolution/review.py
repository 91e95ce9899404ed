"""Pairs of entities the model is least sure about, for an analyst to judge: most uncertain first."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kg.gazetteer import Gazetteer
from kg.model import Entity
from kg.resolution.decisions import load
from kg.resolution.features import record_for_mention
from kg.resolution.matcher import DedupeMatcher
from kg.stores import Store

# Below this the pair is plainly two entities; above it the resolver would have linked them.
LOW, HIGH = 0.2, 0.97


@dataclass(frozen=True)
class Suggestion:
    a: Entity
    b: Entity
    score: float

    @property
    def uncertainty(self) -> float:
        return abs(self.score - 0.5)


def uncertain_pairs(store: Store, gazetteer: Gazetteer, matcher: DedupeMatcher, limit: int = 20
                    ) -> list[Suggestion]:
    """Minted entities against each other and the gazetteer, same type only, scored by the dedupe model;
    pairs already decided are left out."""
    decided = load(store)
    minted = sorted(store.known_entities().values(), key=lambda e: e.iri)
    pool: dict[str, list[Entity]] = {}
    for g in gazetteer.entries.values():
        pool.setdefault(g.type, []).append(Entity(f"{store.base}entity/{g.key}", g.label, g.type, known=True))
    for e in minted:
        pool.setdefault(e.type, []).append(e)
    seen: set[frozenset[str]] = set()
    out: list[Suggestion] = []
    for e in minted:
        if decided.follow(e.iri) != e.iri:
            continue
        others = [o for o in pool.get(e.type, []) if o.iri != e.iri]
        labels = [o.label for o in others]
        for _, _, i in process.extract(e.label, labels, scorer=fuzz.token_set_ratio, limit=3, score_cutoff=60):
            o = others[i]
            pair = frozenset((e.iri, o.iri))
            if pair in seen or pair in decided.different or decided.follow(o.iri) == e.iri:
                continue
            seen.add(pair)
            score = matcher.pair_score(record_for_mention(e.label, e.type, (), matcher.index),
                                       record_for_mention(o.label, o.type, (), matcher.index))
            if LOW <= score <= HIGH:
                out.append(Suggestion(o if o.known else e, e if o.known else o, score))
    return sorted(out, key=lambda s: (s.uncertainty, s.a.iri, s.b.iri))[:limit]
