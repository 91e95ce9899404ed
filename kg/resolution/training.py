"""Trains the dedupe link and cluster models from the training pairs, reproducibly, and picks thresholds."""
from __future__ import annotations

import io
import json
import logging
import os
import random
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import dedupe
import dedupe.variables
import numpy

from kg.gazetteer import Gazetteer, load_gazetteer
from kg.resolution.features import FeatureIndex, record_for_gazetteer, record_for_mention
from kg.resolution.pairs import read_pairs

log = logging.getLogger(__name__)
MIN_PRECISION = 0.99  # chosen on training pairs, one point above the 0.98 target, for the held-apart margin
CANONICAL_SAMPLE = 800
Record = dict[str, Any]


def variables() -> list[Any]:
    """The data model: engineered fields, not the raw surface; type is a hard block, not a feature."""
    return [
        dedupe.variables.String("name"),
        dedupe.variables.String("core", has_missing=True),
        dedupe.variables.Exact("acronym", has_missing=True),
        dedupe.variables.Exact("state", has_missing=True),
        dedupe.variables.Exact("numbers", has_missing=True),
        dedupe.variables.Set("context", has_missing=True),
    ]


@dataclass
class TrainReport:
    """What a training run produced and how well it fits the pairs it saw."""

    seed: int
    n_pairs: int
    n_match: int
    n_distinct: int
    link_threshold: float
    cluster_threshold: float
    train_precision: float  # end to end on the training pairs, at the chosen thresholds
    train_recall: float
    predicates_link: list[str]
    predicates_cluster: list[str]


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Seed `random` and numpy; dedupe also calls `numpy.random.default_rng()` unseeded, so that is
    pinned to a seeded sequence for the duration only."""
    random.seed(seed)
    numpy.random.seed(seed)
    original = numpy.random.default_rng
    counter = iter(range(seed * 1000, seed * 1000 + 10**6))

    def rng(s: Any = None) -> numpy.random.Generator:
        return original(next(counter) if s is None else s)

    numpy.random.default_rng = rng  # type: ignore[assignment]
    try:
        yield
    finally:
        numpy.random.default_rng = original


def pair_records(pairs: Sequence[dict[str, Any]], index: FeatureIndex) -> list[tuple[Record, Record, bool]]:
    """Records for each labelled pair, same-type pairs only: cross-type pairs never reach dedupe."""
    out = []
    for p in pairs:
        a, b = p["a"], p["b"]
        if a["type"] != b["type"]:
            continue
        ra = record_for_mention(a["name"], a["type"], a.get("context", []), index, a.get("state", ""))
        rb = record_for_mention(b["name"], b["type"], b.get("context", []), index, b.get("state", ""))
        out.append((ra, rb, bool(p["match"])))
    return out


def canonical_records(index: FeatureIndex) -> dict[str, Record]:
    """One record per gazetteer name (label, aliases, short names), keyed `<key>#<n>`."""
    out: dict[str, Record] = {}
    for e in sorted(index.gazetteer.entries.values(), key=lambda e: e.key):
        for n, name in enumerate(dict.fromkeys([*e.names, *e.short_names])):
            out[f"{e.key}#{n}"] = record_for_gazetteer(e, name, index)
    return out


def _canonical_sample(index: FeatureIndex, seed: int, size: int = CANONICAL_SAMPLE) -> dict[str, Record]:
    """A seeded sample of gazetteer names to learn blocking against: dedupe's block learner is quadratic
    in the records it is given (3,000+ names took minutes), and a sample shows it the same shapes."""
    recs = canonical_records(index)
    keys = sorted(recs)
    picked = random.Random(seed).sample(keys, min(size, len(keys)))
    return {f"g{k}": recs[k] for k in sorted(picked)}


def scores(model: Any, pairs: Sequence[tuple[Record, Record]]) -> numpy.ndarray:
    """The classifier's match probability for each pair, outside any blocking."""
    if not pairs:
        return numpy.zeros(0)
    distances = model.data_model.distances(list(pairs))
    return numpy.asarray(model.classifier.predict_proba(distances)[:, -1])


def pick_threshold(s: numpy.ndarray, y: numpy.ndarray, min_precision: float = MIN_PRECISION) -> float:
    """The lowest threshold whose precision on (s, y) reaches `min_precision`, between 0.5 and 0.95."""
    for t in numpy.round(numpy.arange(0.5, 0.951, 0.01), 2):
        pred = s >= t
        tp = int((pred & y).sum())
        if tp and tp / int(pred.sum()) >= min_precision:
            return float(t)
    return 0.95


def pick_link_threshold(settings_dir: Path, index: FeatureIndex, pairs: Sequence[dict[str, Any]],
                        cluster_threshold: float, min_precision: float = MIN_PRECISION) -> tuple[float, Any]:
    """The lowest link threshold from 0.7 up whose end-to-end precision on the training pairs (gazetteer
    link, then the cluster model) reaches `min_precision`: the link score is judged as it is used."""
    from kg.resolution.evaluate import decisions, score
    from kg.resolution.matcher import DedupeMatcher

    thresholds = {"link": 0.7, "cluster": cluster_threshold}
    matcher = DedupeMatcher(index, (settings_dir / "matcher.settings").read_bytes(),
                            (settings_dir / "cluster.settings").read_bytes(), thresholds)
    fit = None
    for t in numpy.round(numpy.arange(0.7, 0.951, 0.05), 2):
        matcher.link_threshold = float(t)
        fit = score(decisions(matcher, pairs, index), pairs)
        if fit.precision >= min_precision:
            return float(t), fit
    return 0.95, fit


def _settings_bytes(model: Any) -> bytes:
    buf = io.BytesIO()
    model.write_settings(buf)
    return buf.getvalue()


def classifier(seed: int) -> Any:
    """Logistic regression as dedupe uses, but class-balanced, a wider C grid, shuffled seeded folds and
    ranked by average precision: dedupe's default (F1, C down to 1e-5) shrinks the state veto to nothing."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    return GridSearchCV(
        estimator=LogisticRegression(class_weight="balanced", max_iter=2000),
        param_grid={"C": [0.1, 1.0, 10.0, 100.0]},
        scoring="average_precision",
        cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=seed),
        n_jobs=1,
    )


def _train_model(kind: str, labelled: dict[str, list[tuple[Record, Record]]], messy: dict[Any, Record],
                 canonical: dict[Any, Record], seed: int) -> Any:
    with seeded(seed):
        if kind == "link":
            model: Any = dedupe.Gazetteer(variables(), num_cores=0)
            model.classifier = classifier(seed)
            model.mark_pairs(labelled)
            model.prepare_training(messy, canonical, sample_size=5000)
        else:
            model = dedupe.Dedupe(variables(), num_cores=0)
            model.classifier = classifier(seed)
            model.mark_pairs(labelled)
            model.prepare_training({**messy, **canonical}, sample_size=5000)
        model.train(recall=0.8, index_predicates=True)
    return model


def train(pairs_path: Path, settings_dir: Path, seed: int = 0, gazetteer: Gazetteer | None = None) -> TrainReport:
    """Rebuild `matcher.settings`, `cluster.settings` and `thresholds.json` from the training split only."""
    index = FeatureIndex(gazetteer or load_gazetteer())
    pairs = read_pairs(pairs_path, "train")
    rows = pair_records(pairs, index)
    labelled = {"match": [(a, b) for a, b, m in rows if m], "distinct": [(a, b) for a, b, m in rows if not m]}
    messy = {f"m{i}": r for i, r in enumerate(r for a, b, _ in rows for r in (a, b))}
    canonical = _canonical_sample(index, seed)
    link = _train_model("link", labelled, messy, canonical, seed)
    clus = _train_model("cluster", labelled, messy, canonical, seed)
    y = numpy.array([m for _, _, m in rows], dtype=bool)
    s_clus = scores(clus, [(a, b) for a, b, _ in rows])
    t_clus = pick_threshold(s_clus, y)
    settings_dir.mkdir(parents=True, exist_ok=True)
    (settings_dir / "matcher.settings").write_bytes(_settings_bytes(link))
    (settings_dir / "cluster.settings").write_bytes(_settings_bytes(clus))
    t_link, fit = pick_link_threshold(settings_dir, index, pairs, t_clus)
    (settings_dir / "thresholds.json").write_text(
        json.dumps({"link": t_link, "cluster": t_clus, "seed": seed}, indent=2) + "\n", encoding="utf-8")
    return TrainReport(
        seed=seed, n_pairs=len(rows), n_match=int(y.sum()), n_distinct=int((~y).sum()),
        link_threshold=t_link, cluster_threshold=t_clus,
        train_precision=fit.precision, train_recall=fit.recall,
        predicates_link=sorted(str(p) for p in link.predicates),
        predicates_cluster=sorted(str(p) for p in clus.predicates),
    )


if __name__ == "__main__":
    # dedupe learns blocking rules by iterating over sets of predicates, whose order follows string
    # hashing: fix the hash seed so that two command-line runs write the same settings.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, "-m", "kg.resolution.training", *sys.argv[1:]],
                  {**os.environ, "PYTHONHASHSEED": "0"})
    import argparse

    logging.basicConfig(level=logging.WARNING)
    here = Path(__file__).parent / "data"
    ap = argparse.ArgumentParser(prog="kg er train", description="Rebuild the dedupe settings from labelled pairs.")
    ap.add_argument("--pairs", type=Path, default=here / "pairs.jsonl")
    ap.add_argument("--out", type=Path, default=here)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if not args.pairs.is_file():
        sys.exit(f"error: no pairs file {args.pairs}")
    print(json.dumps(asdict(train(args.pairs, args.out, seed=args.seed)), indent=2))
