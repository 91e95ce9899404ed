"""Ingest throughput end to end (extract, resolve, write) on synthetic corpora, with 1 and 2 workers.

Each (size, workers) run is its own process on a fresh store, so its peak memory is its own. Reported:
articles and words per second, seconds per stage, peak RSS of the writer and of a worker, bytes on disk
per quad, and, measured in the same run, the raw pyoxigraph rate for the same article graphs written one
transaction per article into a fresh store: end-to-end / raw is the figure the issue asks for (>= 0.5).
Across sizes, the growth exponent of each cost (log-log slope: 1.0 is linear) is fitted and printed.
RSS is also sampled as each quarter of the corpus enters the pipeline; with KG_BENCH_PYTHON_HEAP=1 so is
Python's own heap (tracemalloc, which slows the run), to tell the pipeline's memory from RocksDB's.

    python -m bench.ingest [--sizes 1000 3000 10000] [--workers 1 2] [--largest-workers N]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

BASE = "http://127.0.0.1:8000/"
RAW_SAMPLE = 1000
"""Articles whose graphs are re-written one transaction each for the raw rate (enough for a steady rate)."""


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def raw_rate(store_path: Path, graphs: list[str], scratch: Path) -> float:
    """Articles per second when the stored article graphs are written, one transaction each, to a new store."""
    import pyoxigraph as ox

    src = ox.Store.read_only(str(store_path))
    per_article = [list(src.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in graphs]
    del src
    dst = ox.Store(str(scratch))
    start = time.perf_counter()
    for quads in per_article:
        dst.extend(quads)
    dst.flush()
    return len(per_article) / (time.perf_counter() - start)


def run_one(size: int, workers: int, corpus: Path, work: Path) -> dict[str, Any]:
    """One ingest in this process: the figures of one (size, workers) cell.

    Startup (imports, opening the store, building the spaCy pipeline and the dedupe matcher) is timed on
    its own: it is the same few seconds whatever the corpus, and the per-article rate is the steady one.
    The articles stream from the file, as `kg ingest` reads them, so peak memory is the pipeline's own.
    """
    start = time.perf_counter()
    from extractors.pipeline import default_pipeline
    from kg.pipeline import ingest, resolver_for
    from kg.readers import read_paths
    from kg.stores import open_store

    words = 0
    rss_quarters: list[int] = []  # RSS (MB) as each quarter of the corpus goes into the pipeline
    heap_quarters: list[int] = []  # Python's own heap (MB, tracemalloc), with KG_BENCH_PYTHON_HEAP=1
    if os.environ.get("KG_BENCH_PYTHON_HEAP"):
        tracemalloc.start()

    def counted() -> Any:
        nonlocal words
        for n, article in enumerate(read_paths([str(corpus)]), 1):
            words += len(article.text.split())
            if n % max(1, size // 4) == 0:
                rss_quarters.append(round(_rss_mb()))
                if tracemalloc.is_tracing():
                    heap_quarters.append(round(tracemalloc.get_traced_memory()[0] / 2**20))
            yield article

    store_path = work / "store"
    with open_store(store_path, BASE) as store:
        resolver = resolver_for(store)
        nlp = default_pipeline() if workers == 1 else None
        started = time.perf_counter()
        report = ingest(store, counted(), nlp, resolver, workers=workers)
        ingest_seconds = time.perf_counter() - started
    wall = time.perf_counter() - start  # with startup and the final flush on close: what a user waits for
    with open_store(store_path, BASE) as store:
        graphs = store.article_graphs()
        quads = next(iter(store.query(  # type: ignore[arg-type]
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))["n"].value
    n = len(report.added)
    out: dict[str, Any] = {
        "articles": n, "words": words, "workers": workers, "seconds": round(wall, 2),
        "startup_seconds": round(started - start, 2), "ingest_seconds": round(ingest_seconds, 2),
        "articles_per_second": round(n / ingest_seconds, 1), "words_per_second": round(words / ingest_seconds),
        "wall_articles_per_second": round(n / wall, 1),
        "stage_seconds": {k: round(v, 2) for k, v in report.seconds.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        if workers > 1 else None,
        "rss_mb_by_quarter": rss_quarters, "python_heap_mb_by_quarter": heap_quarters or None,
        "quads": int(quads), "bytes_on_disk": folder_bytes(store_path),
    }
    out["bytes_per_quad"] = round(out["bytes_on_disk"] / out["quads"], 1)
    raw = raw_rate(store_path, sorted(graphs)[:RAW_SAMPLE], work / "raw")
    out["raw_articles_per_second"] = round(raw, 1)
    out["ratio_to_raw"] = round(out["articles_per_second"] / raw, 2)
    out["wall_ratio_to_raw"] = round(out["wall_articles_per_second"] / raw, 2)
    return out


def slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log y on log x: the exponent k in cost ~ size^k."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx, my = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return round(sum((p[0] - mx) * (p[1] - my) for p in pts) / den, 2) if den else None


def exponents(runs: list[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    for w in sorted({r["workers"] for r in runs}):
        rs = sorted((r for r in runs if r["workers"] == w), key=lambda r: r["articles"])
        xs = [float(r["articles"]) for r in rs]
        costs = {"ingest_seconds": [r["ingest_seconds"] for r in rs], "peak_rss_mb": [r["peak_rss_mb"] for r in rs],
                 "bytes_on_disk": [r["bytes_on_disk"] for r in rs]}
        for stage in rs[0]["stage_seconds"] if rs else ():
            costs[f"{stage}_seconds"] = [r["stage_seconds"][stage] for r in rs]
        out[f"workers={w}"] = {k: slope(xs, v) for k, v in costs.items()}
    return out


def print_table(runs: list[dict[str, Any]], exps: dict[str, dict[str, float | None]]) -> None:
    print("stages: extract, resolve and build in the main thread; write in the writer thread, overlapping them")
    print(f"{'articles':>8} {'wk':>2} {'start s':>7} {'art/s':>7} {'words/s':>8} {'extract':>7} {'resolve':>7} "
          f"{'build':>6} {'write':>6} {'RSS MB':>6} {'B/quad':>6} {'raw art/s':>9} {'ratio':>5} {'wall ratio':>10}")
    for r in runs:
        s = r["stage_seconds"]
        print(f"{r['articles']:>8} {r['workers']:>2} {r['startup_seconds']:>7} {r['articles_per_second']:>7} "
              f"{r['words_per_second']:>8} {s['extract']:>7} {s['resolve']:>7} {s['build']:>6} {s['write']:>6} "
              f"{r['peak_rss_mb']:>6} {r['bytes_per_quad']:>6} {r['raw_articles_per_second']:>9} "
              f"{r['ratio_to_raw']:>5} {r['wall_ratio_to_raw']:>10}")
    for r in runs:
        heap = f", Python heap {r['python_heap_mb_by_quarter']} MB" if r["python_heap_mb_by_quarter"] else ""
        print(f"{r['articles']} articles, {r['workers']} worker(s): RSS by quarter of the corpus "
              f"{r['rss_mb_by_quarter']} MB{heap}")
    for w, e in exps.items():
        print(f"growth exponents ({w}): " + ", ".join(f"{k} {v}" for k, v in e.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--largest-workers", type=int, default=None,
                    help="at the largest size, run only this worker count (it takes longest)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--one", nargs=2, metavar=("CORPUS", "WORK"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:  # a child: one cell, its JSON on stdout
        print(json.dumps(run_one(args.sizes[0], args.workers[0], Path(args.one[0]), Path(args.one[1]))))
        return
    from bench.corpus import write_jsonl

    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        for size in args.sizes:
            corpus = write_jsonl(Path(tmp) / f"corpus-{size}.jsonl", size, args.seed)
            for workers in args.workers:
                if args.largest_workers is not None and size == max(args.sizes) and workers != args.largest_workers:
                    continue
                work = Path(tmp) / f"run-{size}-{workers}"
                work.mkdir()
                done = subprocess.run(
                    [sys.executable, "-m", "bench.ingest", "--sizes", str(size), "--workers", str(workers),
                     "--one", str(corpus), str(work)], capture_output=True, text=True, check=True)
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
                print(f"{size} articles, {workers} worker(s): {runs[-1]['articles_per_second']} articles/s",
                      flush=True)
                shutil.rmtree(work)
    exps = exponents(runs)
    result = {"machine": {"cpus": _cpus(), "python": sys.version.split()[0], "pyoxigraph": _version("pyoxigraph")},
              "corpus": f"bench.corpus seed {args.seed}", "runs": runs, "growth_exponents": exps}
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(result, indent=2) + "\n")
    print_table(runs, exps)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    main()
