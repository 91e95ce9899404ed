"""What running SPARQL in killable worker processes costs per query, against running it in the server's thread.

N small SELECTs (a rotation of different ones) are timed both ways in the same run, alternating, each with
the same evaluation and serialisation (`kg.query_sandbox.evaluate`); the sandbox adds the pipe, pickling and
the worker. Also times the snapshot (RocksDB checkpoint) a query takes after a write.

    .venv/bin/python -m bench.query_cost [--store DIR] [-n 2000] [--workers 2]

Without --store, the seed articles (../shared/seeds) and the demo corpus are ingested into a temporary store;
with it, a copy of that store is used.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.query_sandbox import QueryRequest, QuerySandbox, evaluate
from kg.stores import Store, open_store

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
P = ("PREFIX kgo: <https://w3id.org/influence-kg/ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
     "PREFIX dcterms: <http://purl.org/dc/terms/> ")
QUERIES = [
    P + "SELECT ?label WHERE { ?e skos:prefLabel ?label ; a kgo:StateAgency } LIMIT 10",
    P + "SELECT ?article ?title WHERE { ?article a kgo:Article ; dcterms:title ?title } LIMIT 10",
    P + "SELECT ?actor ?stance WHERE { ?a a kgo:Attribution ; kgo:attributedTo ?actor ; kgo:stance ?stance } LIMIT 10",
    P + "SELECT ?t ?n WHERE { ?t a kgo:TakedownCount ; kgo:count ?n } LIMIT 10",
    P + "SELECT (COUNT(*) AS ?n) WHERE { ?m a kgo:Mention }",
    P + "SELECT ?alias WHERE { ?e skos:prefLabel \"Meta\" ; skos:altLabel ?alias } LIMIT 10",
]


def build_store(target: Path, source: Path | None) -> None:
    if source is not None:
        shutil.copytree(source, target)
        return
    from kg.pipeline import ingest
    from kg.readers import demo_articles, read_paths

    with open_store(target, "http://127.0.0.1:8000/") as store:
        ingest(store, list(read_paths(sorted(str(p) for p in SEEDS.glob("*.txt")))) + demo_articles())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def snapshot_ms(store: Store, folder: Path, rounds: int = 10) -> list[float]:
    """A small committed write, then a checkpoint: what the first query after a write pays."""
    out = []
    for i in range(rounds):
        g = ox.NamedNode(f"{store.base}graph/bench")
        store.write([ox.Quad(ox.NamedNode(f"{store.base}bench/{i}"), ox.NamedNode(f"{store.base}bench/p"),
                             ox.Literal(str(i)), g)])
        target = folder / f"snap-{i}"
        out.append(timed(lambda: store.backup(target)))  # noqa: B023 - called at once
    store.remove_graph(ox.NamedNode(f"{store.base}graph/bench"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=None, help="store to copy (default: seeds + demo)")
    parser.add_argument("-n", type=int, default=2000, help="queries timed each way")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        build_store(path, args.store)
        with open_store(path, "http://127.0.0.1:8000/") as store:
            sandbox = QuerySandbox(store, args.workers, timeout=30)
            sandbox.start()
            try:
                requests = [QueryRequest(q, store.base) for q in QUERIES]
                for r in requests * 5:  # warm up both paths: workers open the snapshot, pages get cached
                    evaluate(store, r), sandbox.run(r)
                local: list[float] = []
                pooled: list[float] = []
                for i in range(args.n):
                    r = requests[i % len(requests)]
                    local.append(timed(lambda: evaluate(store, r)))  # noqa: B023 - called at once
                    pooled.append(timed(lambda: sandbox.run(r)))  # noqa: B023
            finally:
                sandbox.close()
            snaps = snapshot_ms(store, Path(tmp))
            quads = sum(1 for _ in store.quads())
    print(f"{args.n} small SELECTs each way ({len(QUERIES)} different ones in rotation), store of {quads} quads, "
          f"{args.workers} workers")
    for name, values in (("in-thread", local), ("sandbox", pooled)):
        print(f"{name:10} median {statistics.median(values):7.3f} ms   p99 {percentile(values, 0.99):7.3f} ms")
    ratio = statistics.median(pooled) / statistics.median(local)
    print(f"ratio (median) {ratio:.2f}x; added per query (median) "
          f"{statistics.median(pooled) - statistics.median(local):.3f} ms")
    print(f"snapshot after a write: median {statistics.median(snaps):.1f} ms, max {max(snaps):.1f} ms "
          f"({len(snaps)} writes)")


if __name__ == "__main__":
    main()
