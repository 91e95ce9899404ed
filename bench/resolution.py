"""Entity resolution: held-apart pair quality (dedupe vs a rapidfuzz baseline) and link/cluster speed.

(a) Pairwise precision and recall on the held-apart pairs (`split == "eval"` in pairs.jsonl), end to end
    (gazetteer link, then the cluster model for mentions neither side of which links) and model only
    (the pair classifier or the fuzzy score, no gazetteer), plus the hard non-matches on their own.
(b) Speed: 2,000 entities (gazetteer entries plus invented new actors) named with realistic variation,
    resolved as 2,000, 20,000 and 100,000 mentions: `link`, then `cluster` for what links to nothing.
    Each size runs in its own process so its peak RSS is its own.
"""
from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from kg.gazetteer import GazEntry, load_gazetteer
from kg.resolution.baseline import FuzzyMatcher
from kg.resolution.evaluate import decisions, model_only, score
from kg.resolution.features import FeatureIndex, record_for_mention
from kg.resolution.matcher import DedupeMatcher
from kg.resolution.pairs import read_pairs

PAIRS = Path(__file__).resolve().parent.parent / "kg" / "resolution" / "data" / "pairs.jsonl"
RESULTS = Path(__file__).resolve().parent / "results" / "resolution.json"
SIZES = (2_000, 20_000, 100_000)
N_ENTITIES = 2_000
SYLLABLES = ["ka", "lo", "mir", "va", "sen", "dra", "tor", "ne", "pol", "ris", "an", "ko", "vel", "ti", "zar", "mu"]
KINDS = {"Person": "", "Channel": " Channel", "Company": " Media Group", "Group": " Network", "ResearchOrg": " Lab"}


def quality(index: FeatureIndex) -> dict[str, Any]:
    """Precision and recall of both matchers on the held-apart pairs."""
    from rapidfuzz import fuzz

    from kg.resolution.linker import normalise

    pairs = read_pairs(PAIRS, "eval")
    hard = [p for p in pairs if p["hard"]]
    # The hard pairs both ways: the hard non-matches, and the matches whose names look unalike
    # (acronyms, demonym forms, transliterations), where a string matcher has the least to go on.
    unalike = [p for p in pairs if p["match"]
               and fuzz.token_set_ratio(normalise(p["a"]["name"]), normalise(p["b"]["name"])) < 80]
    hard_both = hard + unalike
    out: dict[str, Any] = {"pairs": len(pairs), "matches": sum(p["match"] for p in pairs), "hard_pairs": len(hard),
                           "hard_both_ways": len(hard_both)}
    for name, linker in (("dedupe", DedupeMatcher.load(index)), ("baseline", FuzzyMatcher(index))):
        d = decisions(linker, pairs, index)
        m = model_only(linker, pairs, index, linker.cluster_threshold)
        dh = [x for x, p in zip(d, pairs) if p["hard"]]
        mh = [x for x, p in zip(m, pairs) if p["hard"]]
        out[name] = {
            "end_to_end": score(d, pairs).as_dict(),
            "model_only": score(m, pairs).as_dict(),
            "hard_false_matches": score(dh, hard).fp,
            "hard_both_ways_correct": sum(x == p["match"] for x, p in zip(d, pairs) if p in hard_both),
            "hard_false_matches_model_only": score(mh, hard).fp,
            "misses": [f"{p['a']['name']} | {p['b']['name']}" for x, p in zip(d, pairs) if p["match"] and not x],
            "false_matches": [f"{p['a']['name']} | {p['b']['name']}" for x, p in zip(d, pairs) if x and not p["match"]],
        }
    return out


def _typo(s: str, rng: random.Random) -> str:
    if len(s) < 6:
        return s
    i = rng.randrange(1, len(s) - 2)
    return s[:i] + s[i + 1] + s[i] + s[i + 2:] if rng.random() < 0.5 else s[:i] + s[i + 1:]


def _new_name(rng: random.Random, type_: str) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}" if type_ == "Person" else f"{word()}{KINDS[type_]}"


def surfaces(entry: GazEntry, index: FeatureIndex, rng: random.Random) -> list[str]:
    """How articles write one entity: its names, case, "the", possessive, demonym form, a typo."""
    names = list(dict.fromkeys(entry.names))
    base = rng.choice(names)
    out = [*names, base.lower(), f"the {base}", f"{base}'s", _typo(base, rng)]
    state = index.gazetteer.get(index.state_of(entry.key))
    if state is not None and state.demonyms and entry.type != "State":
        out.append(f"{state.demonyms[0]} {entry.label}")
    return out


def universe(index: FeatureIndex, rng: random.Random) -> list[tuple[str | None, str, list[str]]]:
    """N_ENTITIES entities as (gazetteer key or None, type, surfaces)."""
    known = sorted(index.gazetteer.entries.values(), key=lambda e: e.key)
    picked = rng.sample(known, min(len(known), N_ENTITIES * 3 // 5))
    ents: list[tuple[str | None, str, list[str]]] = [(e.key, e.type, surfaces(e, index, rng)) for e in picked]
    while len(ents) < N_ENTITIES:
        type_ = rng.choice(sorted(KINDS))
        name = _new_name(rng, type_)
        ents.append((None, type_, [name, name.lower(), f"{name}'s", _typo(name, rng), f"the {name}"]))
    return ents


def mentions(index: FeatureIndex, n: int, seed: int = 0) -> tuple[list[dict[str, Any]], list[str]]:
    """n mention records in documents of eight, Zipf-like entity frequencies, context from known keys;
    with each mention's true entity (its key, or `new:<n>` for an invented actor)."""
    rng = random.Random(seed)
    ents = universe(index, random.Random(1))
    weights = [1 / (r + 1) ** 0.8 for r in range(len(ents))]
    out: list[dict[str, Any]] = []
    truth: list[str] = []
    while len(out) < n:
        doc = rng.choices(range(len(ents)), weights=weights, k=8)
        ctx = sorted({k for k, _, _ in (ents[i] for i in doc) if k})[:6]
        for i in doc:
            key, type_, names = ents[i]
            out.append(record_for_mention(rng.choice(names), type_, [c for c in ctx if c != key], index))
            truth.append(key or f"new:{i}")
    return out[:n], truth[:n]


def _pairs(counts: Counter[Any]) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def accuracy(links: list[Any], truth: list[str], rest_idx: list[int], clusters: list[list[int]]) -> dict[str, float]:
    """Link precision/recall against the true keys; pairwise precision/recall of the clusters of the rest."""
    linked = [(m.key, t) for m, t in zip(links, truth) if m.key is not None]
    known = sum(not t.startswith("new:") for t in truth)
    right = sum(k == t for k, t in linked)
    same_cluster = _pairs(Counter((ci, truth[rest_idx[j]]) for ci, c in enumerate(clusters) for j in c))
    all_cluster = _pairs(Counter(ci for ci, c in enumerate(clusters) for _ in c))
    same_truth = _pairs(Counter(truth[i] for i in rest_idx))
    return {
        "link_precision": round(right / max(len(linked), 1), 4), "link_recall": round(right / max(known, 1), 4),
        "cluster_pair_precision": round(same_cluster / max(all_cluster, 1), 4),
        "cluster_pair_recall": round(same_cluster / max(same_truth, 1), 4),
    }


def speed_one(n: int) -> dict[str, Any]:
    """Resolve n mentions in this process: link all, cluster the unlinked; seconds and peak RSS."""
    index = FeatureIndex(load_gazetteer())
    recs, truth = mentions(index, n)
    matcher = DedupeMatcher.load(index)
    t0 = time.perf_counter()
    links = matcher.link(recs)
    t1 = time.perf_counter()
    rest_idx = [i for i, m in enumerate(links) if m.key is None]
    rest = [recs[i] for i in rest_idx]
    clusters = matcher.cluster(rest)
    t2 = time.perf_counter()
    return {**accuracy(links, truth, rest_idx, clusters),
        "mentions": n, "linked": sum(m.key is not None for m in links),
        "linked_exact": sum(m.how == "exact" for m in links), "unlinked": len(rest),
        "distinct_unlinked_names": len({(r["type"], r["name"]) for r in rest}), "clusters": len(clusters),
        "link_seconds": round(t1 - t0, 2), "cluster_seconds": round(t2 - t1, 2), "total_seconds": round(t2 - t0, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def speed(sizes: tuple[int, ...] = SIZES) -> list[dict[str, Any]]:
    """Each size in a fresh process, so peak memory is per size."""
    rows = []
    for n in sizes:
        res = subprocess.run([sys.executable, "-m", "bench.resolution", "--one", str(n)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
    for prev, row in itertools.pairwise(rows):
        ratio = row["mentions"] / prev["mentions"]
        row["time_growth"] = round(row["total_seconds"] / max(prev["total_seconds"], 1e-9), 2)
        row["growth_exponent"] = round(math.log(max(row["time_growth"], 1e-9)) / math.log(ratio), 2)
    return rows


def print_report(q: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """Two small tables."""
    print(f"held-apart pairs: {q['pairs']} ({q['matches']} matches, {q['hard_pairs']} hard non-matches)")
    print(f"hard pairs both ways ({q['hard_both_ways']}: hard non-matches and matches with unalike names), "
          f"decided right: dedupe {q['dedupe']['hard_both_ways_correct']}, "
          f"baseline {q['baseline']['hard_both_ways_correct']}")
    print(f"{'matcher':<10}{'e2e P':>8}{'e2e R':>8}{'model P':>9}{'model R':>9}{'hard FP':>9}{'model hard FP':>15}")
    for name in ("dedupe", "baseline"):
        r = q[name]
        print(f"{name:<10}{r['end_to_end']['precision']:>8.3f}{r['end_to_end']['recall']:>8.3f}"
              f"{r['model_only']['precision']:>9.3f}{r['model_only']['recall']:>9.3f}{r['hard_false_matches']:>9}"
              f"{r['hard_false_matches_model_only']:>15}")
    print(f"\n{'mentions':>9}{'link s':>9}{'cluster s':>10}{'total s':>9}{'peak MB':>9}{'growth':>8}{'exp':>6}"
          f"{'link P':>8}{'link R':>8}{'clus P':>8}{'clus R':>8}")
    for r in rows:
        print(f"{r['mentions']:>9}{r['link_seconds']:>9}{r['cluster_seconds']:>10}{r['total_seconds']:>9}"
              f"{r['peak_rss_mb']:>9}{r.get('time_growth', ''):>8}{r.get('growth_exponent', ''):>6}"
              f"{r['link_precision']:>8}{r['link_recall']:>8}{r['cluster_pair_precision']:>8}"
              f"{r['cluster_pair_recall']:>8}")


def main() -> None:
    """Run both parts, print the tables, write bench/results/resolution.json."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--one", type=int, help="internal: time one size in this process and print JSON")
    ap.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.one:
        print(json.dumps(speed_one(args.one)))
        return
    index = FeatureIndex(load_gazetteer())
    q = quality(index)
    rows = speed(tuple(args.sizes))
    print_report(q, rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    summary = {"gazetteer_entries": len(index.gazetteer.entries), "quality": q, "speed": rows}
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {RESULTS}")


if __name__ == "__main__":
    main()
