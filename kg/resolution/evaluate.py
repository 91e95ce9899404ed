"""End-to-end pairwise evaluation: two mentions match when the system would give them one entity."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kg.resolution.features import FeatureIndex, record_for_mention

Record = dict[str, Any]


class Linker(Protocol):
    """What both the dedupe matcher and the baseline offer."""

    cluster_threshold: float

    def link(self, records: Sequence[Record]) -> Sequence[Any]: ...

    def pair_score(self, a: Record, b: Record, model: str = "link") -> float: ...


@dataclass(frozen=True)
class Scores:
    """Pairwise precision and recall over a set of labelled pairs."""

    n: int
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_dict(self) -> dict[str, float | int]:
        """Counts and ratios, rounded for a report."""
        return {"n": self.n, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4)}


def side_record(side: dict[str, Any], index: FeatureIndex) -> Record:
    """The record for one side of a labelled pair; its own `state` is only a fallback."""
    return record_for_mention(side["name"], side["type"], side.get("context", []), index, side.get("state", ""))


def decisions(linker: Linker, pairs: Sequence[dict[str, Any]], index: FeatureIndex) -> list[bool]:
    """Same entity? Across types never; both linked: same key; one linked: no; neither: the cluster model."""
    recs = [side_record(p[s], index) for p in pairs for s in ("a", "b")]
    links = linker.link(recs)
    out = []
    for i, _ in enumerate(pairs):
        ra, rb = recs[2 * i], recs[2 * i + 1]
        ka, kb = links[2 * i].key, links[2 * i + 1].key
        if ra["type"] != rb["type"]:
            out.append(False)
        elif ka is not None and kb is not None:
            out.append(ka == kb)
        elif ka is not None or kb is not None:
            out.append(False)
        else:
            out.append(linker.pair_score(ra, rb, "cluster") >= linker.cluster_threshold)
    return out


def model_only(linker: Linker, pairs: Sequence[dict[str, Any]], index: FeatureIndex, threshold: float) -> list[bool]:
    """Same entity by the pair model alone, no gazetteer: what the features and classifier can do."""
    out = []
    for p in pairs:
        ra, rb = side_record(p["a"], index), side_record(p["b"], index)
        out.append(linker.pair_score(ra, rb, "cluster") >= threshold)
    return out


def score(pred: Sequence[bool], pairs: Sequence[dict[str, Any]]) -> Scores:
    """Count true and false positives and misses against the labels."""
    tp = sum(1 for d, p in zip(pred, pairs) if d and p["match"])
    fp = sum(1 for d, p in zip(pred, pairs) if d and not p["match"])
    fn = sum(1 for d, p in zip(pred, pairs) if not d and p["match"])
    return Scores(len(pairs), tp, fp, fn)
