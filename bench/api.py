"""API latency under concurrency: `/actors/{id}/relationships` and `/queries/{name}` over HTTP, each next to
the same work done directly on pyoxigraph in this process, as a ratio.

A store is built from the seeds and the demo corpus; a copy of it is served by a real `kg serve` (uvicorn) on a
free loopback port, and the benchmark process opens the original itself for the direct runs. Each side runs
the same rotation of requests with 8 concurrent clients (threads); the figures are the median and the 99th
percentile of per-request latency, and the ratio of HTTP to direct for each.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = Path(__file__).resolve().parent / "results" / "api.json"
BASE = "http://127.0.0.1:8000/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(path: Path) -> None:
    from kg.pipeline import ingest
    from kg.readers import demo_articles, read_paths
    from kg.stores import open_store

    with open_store(path, BASE) as store:
        ingest(store, list(read_paths(sorted(str(p) for p in SEEDS.glob("*.txt")))) + demo_articles())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(calls: list[Callable[[], Any]], clients: int) -> list[float]:
    """Run every call once across `clients` threads; per-call latency in milliseconds."""
    def one(call: Callable[[], Any]) -> float:
        t = time.perf_counter()
        call()
        return (time.perf_counter() - t) * 1000

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, calls))


def summary(ms: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(ms), 2), "p99_ms": round(percentile(ms, 0.99), 2), "n": len(ms)}


class Server:
    def __init__(self, store: Path) -> None:
        self.port = _free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store", str(store), "--port",
                                      str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env={**os.environ, "KG_BASE_IRI": BASE})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.root + "/openapi.json", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("kg serve did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


EXAMPLES = {"actor": ["wagner-group", "russia", "china", "internet-research-agency"], "state": ["belarus", "russia"],
            "platform": ["facebook", "twitter"], "since": ["2020-01-01"], "tactic": ["fake-personas"]}


def query_requests(store: Any) -> list[tuple[str, dict[str, str]]]:
    """Every named query, each with its required parameters filled from a few realistic values."""
    from kg.queries import named_queries

    out: list[tuple[str, dict[str, str]]] = []
    for q in named_queries().values():
        required = [p.name for p in q.params if p.required]
        variants = max([len(EXAMPLES[n]) for n in required] or [1])
        for i in range(variants):
            out.append((q.name, {n: EXAMPLES[n][i % len(EXAMPLES[n])] for n in required}))
    return out


def actor_slugs(store: Any, n: int) -> list[str]:
    from kg.lookups.actors import list_actors

    page = list_actors(store, limit=n)
    return [item.slug for item in page.items]


def run(rounds: int, clients: int) -> dict[str, Any]:
    from kg.lookups.relationships import relationships
    from kg.queries import prepare
    from kg.stores import open_store

    with tempfile.TemporaryDirectory() as tmp:
        original, served = Path(tmp) / "store", Path(tmp) / "served"
        build_store(original)
        shutil.copytree(original, served)
        with open_store(original, BASE) as store:
            slugs = actor_slugs(store, 40)
            queries = query_requests(store)
            texts = {(name, tuple(sorted(p.items()))): prepare(store, name, p) for name, p in queries}

            def direct_rel(slug: str) -> Callable[[], Any]:
                return lambda: relationships(store, slug)

            def direct_query(name: str, params: dict[str, str]) -> Callable[[], Any]:
                import pyoxigraph as ox

                text = texts[(name, tuple(sorted(params.items())))]
                return lambda: store.query(text).serialize(format=ox.QueryResultsFormat.JSON)  # type: ignore[union-attr]

            rel_direct = [direct_rel(s) for s in slugs] * rounds
            q_direct = [direct_query(n, p) for n, p in queries] * rounds
            timed(rel_direct[:len(slugs)] + q_direct[:len(queries)], clients)  # warm caches alike
            results: dict[str, Any] = {"clients": clients, "actors": len(slugs), "named_query_requests": len(queries),
                                       "rounds": rounds}
            direct = {"relationships": summary(timed(rel_direct, clients)),
                      "queries": summary(timed(q_direct, clients))}
        server = Server(served)
        try:
            with httpx.Client(timeout=60, limits=httpx.Limits(max_connections=clients)) as http:
                def get(url: str, **params: str) -> Callable[[], Any]:
                    def call() -> None:
                        r = http.get(server.root + url, params=params,
                                     headers={"accept": "application/sparql-results+json, application/json"})
                        r.raise_for_status()
                    return call

                rel_http = [get(f"/actors/{s}/relationships") for s in slugs] * rounds
                q_http = [get(f"/queries/{n}", **p) for n, p in queries] * rounds
                timed(rel_http[:len(slugs)] + q_http[:len(queries)], clients)
                over_http = {"relationships": summary(timed(rel_http, clients)),
                             "queries": summary(timed(q_http, clients))}
        finally:
            server.stop()
    for kind in ("relationships", "queries"):
        results[kind] = {"http": over_http[kind], "direct": direct[kind],
                         "ratio_median": round(over_http[kind]["median_ms"] / direct[kind]["median_ms"], 2),
                         "ratio_p99": round(over_http[kind]["p99_ms"] / direct[kind]["p99_ms"], 2)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the request rotation")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    args = parser.parse_args()
    results = run(args.rounds, args.clients)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"{args.clients} concurrent clients; {results['actors']} actors x {args.rounds} rounds, "
          f"{results['named_query_requests']} named-query requests x {args.rounds} rounds")
    print(f"{'request':<32}{'HTTP median':>12}{'p99':>9}{'direct median':>15}{'p99':>9}{'ratio med':>11}{'p99':>7}")
    for kind, label in (("relationships", "/actors/{id}/relationships"), ("queries", "/queries/{name}")):
        r = results[kind]
        print(f"{label:<32}{r['http']['median_ms']:>10.1f}ms{r['http']['p99_ms']:>7.1f}ms"
              f"{r['direct']['median_ms']:>13.1f}ms{r['direct']['p99_ms']:>7.1f}ms"
              f"{r['ratio_median']:>10.2f}x{r['ratio_p99']:>6.2f}x")


if __name__ == "__main__":
    main()
