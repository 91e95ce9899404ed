"""Dedupe-backed matching: mentions to gazetteer or known entities (`link`), unmatched mentions to each other (`cluster`).

Type is a hard constraint: every type has its own dedupe index and its own partition, so a Platform
is never compared with a Company. Exact normalised names of one type short-circuit before dedupe.
"""
from __future__ import annotations

import io
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import dedupe
import dedupe.core

from kg.gazetteer import Gazetteer
from kg.model import Entity
from kg.resolution.features import FeatureIndex, record_for_mention
from kg.resolution.training import canonical_records

log = logging.getLogger(__name__)
Record = dict[str, Any]
# Two candidate entities whose scores are this close are too close to call: no link.
AMBIGUITY_MARGIN = 0.1


@dataclass(frozen=True)
class Match:
    """A record, the canonical key it links to (None: no confident match), the score and how it was decided."""

    record: Record
    key: str | None
    score: float
    how: str


def _data_file(name: str) -> bytes:
    return resources.files("kg.resolution").joinpath("data", name).read_bytes()


def _freeze(rec: Record) -> str:
    return json.dumps(rec, sort_keys=True)


class DedupeMatcher:
    """Links records to canonical entities with a trained `StaticGazetteer`; clusters the rest with `StaticDedupe`."""

    def __init__(self, index: FeatureIndex, link_settings: bytes, cluster_settings: bytes,
                 thresholds: dict[str, float]) -> None:
        self.index = index
        self._link_settings = link_settings
        self._cluster_settings = cluster_settings
        self.link_threshold = float(thresholds["link"])
        self.cluster_threshold = float(thresholds["cluster"])
        # dedupe keeps record ids in fixed-width numpy arrays: plain ints are safe, long strings are cut.
        self.canonical: dict[int, Record] = {}
        self.key_of: dict[int, str] = {}
        exact: dict[tuple[str, str], set[str]] = defaultdict(set)
        for (name, type_), key in index.exact.items():
            exact[(name, type_)].add(key)
        self._exact = exact
        self._by_type: dict[str, Any] = {}
        self._pending: dict[str, dict[int, Record]] = defaultdict(dict)
        self._known: set[tuple[str, str]] = set()
        for rid, rec in canonical_records(index).items():
            self._add(rid.split("#", 1)[0], rec)

    @classmethod
    def load(cls, gazetteer: Gazetteer | FeatureIndex, settings_path: Path | None = None,
             cluster_path: Path | None = None, thresholds_path: Path | None = None) -> DedupeMatcher:
        """The shipped models (package data) unless paths are given; every gazetteer name is indexed."""
        index = gazetteer if isinstance(gazetteer, FeatureIndex) else FeatureIndex(gazetteer)
        link = settings_path.read_bytes() if settings_path else _data_file("matcher.settings")
        clus = cluster_path.read_bytes() if cluster_path else _data_file("cluster.settings")
        if thresholds_path is None and settings_path is not None:
            thresholds_path = settings_path.with_name("thresholds.json")
        raw = thresholds_path.read_bytes() if thresholds_path else _data_file("thresholds.json")
        return cls(index, link, clus, json.loads(raw))

    def _add(self, key: str, rec: Record) -> None:
        rid = len(self.canonical)
        self.canonical[rid] = rec
        self.key_of[rid] = key
        self._pending[rec["type"]][rid] = rec

    def add_known(self, entities: Iterable[Entity]) -> None:
        """Index entities minted earlier (label and type), keyed by the last part of their IRI."""
        for ent in entities:
            key = ent.iri.rsplit("/", 1)[-1]
            if (key, ent.type) in self._known:  # a long-lived resolver may hand the same entity over again
                continue
            self._known.add((key, ent.type))
            rec = record_for_mention(ent.label, ent.type, (), self.index)
            self._exact[(rec["name"], ent.type)].add(key)
            self._add(key, rec)

    def _gazetteer_for(self, type_: str) -> Any:
        """The per-type StaticGazetteer, with any names added since it was last used indexed now."""
        gaz = self._by_type.get(type_)
        if gaz is None:
            gaz = dedupe.StaticGazetteer(io.BytesIO(self._link_settings), num_cores=0)
            self._by_type[type_] = gaz
        pending = self._pending.pop(type_, None)
        if pending:
            gaz.index(pending)
        return gaz

    def exact_key(self, rec: Record) -> str | None:
        """The one entity whose normalised name and type equal the record's, if exactly one does."""
        keys = self._exact.get((rec["name"], rec["type"]))
        return next(iter(keys)) if keys and len(keys) == 1 else None

    def _decide(self, rec: Record, candidates: Sequence[tuple[int, float]]) -> Match:
        best: dict[str, float] = {}
        for rid, score in candidates:
            key = self.key_of[int(rid)]
            if self.canonical[int(rid)]["type"] == rec["type"]:  # post-filter: the index is per type already
                best[key] = max(best.get(key, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or ranked[0][1] < self.link_threshold:
            return Match(rec, None, ranked[0][1] if ranked else 0.0, "none")
        if len(ranked) > 1 and ranked[1][1] >= self.link_threshold and ranked[0][1] - ranked[1][1] < AMBIGUITY_MARGIN:
            return Match(rec, None, ranked[0][1], "ambiguous")
        return Match(rec, ranked[0][0], ranked[0][1], "dedupe")

    def link(self, records: Sequence[Record]) -> list[Match]:
        """The best canonical key for each record, or None below the threshold or when ambiguous."""
        out: list[Match | None] = [None] * len(records)
        todo: dict[str, dict[int, Record]] = defaultdict(dict)
        same: dict[str, list[int]] = defaultdict(list)
        ids: dict[str, int] = {}
        for i, rec in enumerate(records):
            key = self.exact_key(rec)
            if key is not None:
                out[i] = Match(rec, key, 1.0, "exact")
                continue
            frozen = _freeze(rec)
            same[frozen].append(i)
            ids.setdefault(frozen, len(ids))
            todo[rec["type"]][ids[frozen]] = rec
        frozen_of = {v: k for k, v in ids.items()}
        for type_, data in todo.items():
            gaz = self._gazetteer_for(type_)
            if not gaz.indexed_data:
                continue
            for rid, cands in gaz.search(data, threshold=0.0, n_matches=None, generator=True):
                decided = self._decide(data[int(rid)], cands)
                for i in same[frozen_of[int(rid)]]:
                    out[i] = Match(records[i], decided.key, decided.score, decided.how)
        return [m if m is not None else Match(records[i], None, 0.0, "none") for i, m in enumerate(out)]

    def cluster(self, records: Sequence[Record]) -> list[list[int]]:
        """Groups of record indices that are one entity: same type only; equal names grouped before dedupe."""
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, rec in enumerate(records):
            groups[(rec["type"], rec["name"])].append(i)
        by_type: dict[str, dict[int, Record]] = defaultdict(dict)
        members: dict[int, list[int]] = {}
        for gid, ((type_, _), idxs) in enumerate(sorted(groups.items())):
            rep = dict(records[idxs[0]])
            ctx = sorted({c for i in idxs for c in (records[i]["context"] or ())})[:20]
            rep["context"] = tuple(ctx) or None
            by_type[type_][gid] = rep
            members[gid] = idxs
        clusters: list[list[int]] = []
        for type_, data in sorted(by_type.items()):
            done: set[int] = set()
            if len(data) > 1:
                model = dedupe.StaticDedupe(io.BytesIO(self._cluster_settings), num_cores=0, in_memory=True)
                try:
                    parts = model.partition(data, threshold=self.cluster_threshold)
                except dedupe.core.BlockingError:  # nothing blocked together: every group stands alone
                    parts = []
                for ids, _scores in parts:
                    clusters.append(sorted(i for gid in ids for i in members[int(gid)]))
                    done.update(int(gid) for gid in ids)
            clusters.extend(sorted(members[gid]) for gid in data if gid not in done)
        return sorted(clusters)

    def pair_score(self, a: Record, b: Record, model: str = "link") -> float:
        """The classifier's probability that two records are one entity (1.0 for an exact name, 0.0 across types)."""
        if a["type"] != b["type"]:
            return 0.0
        if a["name"] == b["name"]:
            return 1.0
        gaz = self._gazetteer_for(a["type"]) if model == "link" else self._cluster_model()
        distances = gaz.data_model.distances([(a, b)])
        return float(gaz.classifier.predict_proba(distances)[0, -1])

    def _cluster_model(self) -> Any:
        model = self._by_type.get("__cluster__")
        if model is None:
            model = dedupe.StaticDedupe(io.BytesIO(self._cluster_settings), num_cores=0, in_memory=True)
            self._by_type["__cluster__"] = model
        return model
