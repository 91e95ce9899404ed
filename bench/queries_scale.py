"""Named-query latency at 1M and 10M triples: embedded store, remote `oxigraph serve`, raw pyoxigraph.

Every named query (queries/*.rq, with the example parameters of tests/test_named_queries.py) runs three ways
over the same cached store (bench/corpus_quads.py), alternating round by round so drift hits all three alike:
  direct   - `pyoxigraph.Store.query(text, use_default_graph_as_union=True)` in this process: the reference;
  embedded - `kg.queries.run` on a GraphStore (parameter checks, binding, the kg store layer);
  remote   - `kg.queries.run` on a RemoteStore talking to `oxigraph serve-read-only` over the same folder.
Each run reads every solution. Rounds per query: until ~1 s is spent (at least 3, at most 25); with fewer than
100 rounds the p99 is the slowest round. Also the query-shape traps (the same lookup written two ways) and how
each cost grows from 1M to 10M (the log-log slope).

    .venv/bin/python -m bench.queries_scale [--sizes 1000000 10000000] [--budget 1.0]
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.corpus_quads import BASE, cached
from bench.scale_common import exponent, oxigraph_server, percentile, save, table
from kg.queries import named_queries, prepare, run
from kg.remote_store import RemoteStore
from kg.store import GraphStore
from kg.stores import Store

EXAMPLES = {"actor": "wagner-group", "state": "belarus", "platform": "facebook", "since": "2020-01-01",
            "tactic": "fake-personas"}  # as in tests/test_named_queries.py
MODES = ("direct", "embedded", "remote")
P = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX kgo: <https://w3id.org/influence-kg/ns#> "
# Each trap: the slow shape and the same answer written the fast way.
TRAPS = {
    "label lookup: p1|p2|p3 path vs VALUES ?p": (
        P + 'SELECT ?e WHERE { ?e skos:prefLabel|skos:altLabel|skos:hiddenLabel "Wagner Group"@en }',
        P + 'SELECT ?e WHERE { VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel } '
            '?e ?p "Wagner Group"@en }'),
    # The other way round in a join: VALUES ?p ran first, over every label triple (pyoxigraph 0.5.13).
    "labels of the entities mentions refer to: VALUES ?p vs p1|p2|p3 path": (
        P + f"SELECT ?m ?l WHERE {{ ?m kgo:refersTo <{BASE}entity/youtube> , ?e . "
            "VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel } ?e ?p ?l }",
        P + f"SELECT ?m ?l WHERE {{ ?m kgo:refersTo <{BASE}entity/youtube> , ?e . "
            "?e skos:prefLabel|skos:altLabel|skos:hiddenLabel ?l }"),
    "label lookup: FILTER(STR(?l) = ...) vs the literal in the pattern": (
        P + 'SELECT ?e WHERE { ?e skos:prefLabel ?l FILTER(STR(?l) = "Wagner Group") }',
        P + 'SELECT ?e WHERE { ?e skos:prefLabel "Wagner Group"@en }'),
    "mentions of an actor: OPTIONAL + FILTER(?x = <iri>) vs the IRI in the pattern": (
        P + "SELECT ?m WHERE { ?m a kgo:Mention OPTIONAL { ?m kgo:refersTo ?x } "
            f"FILTER(?x = <{BASE}entity/wagner-group>) }}",
        P + f"SELECT ?m WHERE {{ ?m a kgo:Mention ; kgo:refersTo <{BASE}entity/wagner-group> }}"),
    # takedown_conflicts.rq had the EXISTS form; over all keys it ran for minutes at 1M triples.
    "conflicting counts (one key): FILTER EXISTS vs a join": (
        P + 'SELECT DISTINCT ?t ?n WHERE { ?c kgo:countKeyOf "facebook_accounts" ; kgo:count ?n . '
            '?t kgo:hasCount ?c FILTER EXISTS { ?t kgo:hasCount ?c2 . ?c2 kgo:countKeyOf "facebook_accounts" ; '
            "kgo:count ?o FILTER(?o != ?n) } }",
        P + 'SELECT DISTINCT ?t ?n WHERE { ?c kgo:countKeyOf "facebook_accounts" ; kgo:count ?n . '
            '?t kgo:hasCount ?c . ?t kgo:hasCount ?c2 . ?c2 kgo:countKeyOf "facebook_accounts" ; '
            "kgo:count ?o FILTER(?o != ?n) }"),
}


def _consume(result: Any) -> int:
    if isinstance(result, ox.QueryBoolean):
        return int(bool(result))
    return sum(1 for _ in result)


def _time(fn: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    n = fn()
    return (time.perf_counter() - start) * 1000, n


def _rounds(fns: dict[str, Callable[[], int]], budget: float) -> dict[str, Any]:
    """Alternate the ways round by round. The first round is a warm-up, not counted unless it alone took
    the budget (a slow query): then it is the only sample, so the run stays within the time box."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    rows: dict[str, int] = {}
    spent = 0.0
    for k, fn in fns.items():
        ms, rows[k] = _time(fn)
        times[k].append(ms)
        spent += ms / 1000
    if spent >= budget:
        return _stats(times, rows)
    times = {k: [] for k in fns}
    while True:
        for k, fn in fns.items():
            ms, rows[k] = _time(fn)
            times[k].append(ms)
            spent += ms / 1000
        done = len(next(iter(times.values())))
        if done >= 25 or (done >= 3 and spent >= budget):
            return _stats(times, rows)


def _stats(times: dict[str, list[float]], rows: dict[str, int]) -> dict[str, Any]:
    return {k: {"median_ms": round(statistics.median(v), 3), "p99_ms": round(percentile(v, 0.99), 3),
                "rounds": len(v), "rows": rows[k]} for k, v in times.items()}


def measure_size(folder: Path, budget: float, skip: dict[str, float]) -> dict[str, Any]:
    """Every named query three ways, but those in skip (predicted seconds per run) are not run."""
    raw = ox.Store.read_only(str(folder))
    embedded = GraphStore(folder, BASE, read_only=True)
    out: dict[str, Any] = {"queries": {}, "traps": {}}
    # Every file of the store read once first: the operating system's page cache then holds it for every way
    # alike (slow queries get one sample each, and the first way to touch a cold store would pay for all).
    # Reading the files does that in seconds; a full SPARQL scan took 140 s at 10M quads.
    started = time.perf_counter()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            with file.open("rb") as f:
                while f.read(1 << 23):
                    pass
    out["warm_read_seconds"] = round(time.perf_counter() - started, 1)
    count = P + "SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a kgo:{} }}"
    out["counts"] = {c: int(next(iter(raw.query(count.format(c), use_default_graph_as_union=True)))["n"].value)  # type: ignore[index, call-overload]
                     for c in ("Article", "Mention", "Attribution", "TakedownCount")}
    with oxigraph_server(folder) as url:
        remote = RemoteStore(url, BASE, read_only=True)
        stores: dict[str, Store] = {"embedded": embedded, "remote": remote}
        for name, q in named_queries().items():
            if name in skip:
                out["queries"][name] = {"skipped": f"predicted {skip[name]:.0f} s per run (linear from the "
                                                   "smaller store): too slow for the time box"}
                print(f"  {name}: skipped, predicted {skip[name]:.0f} s per run", flush=True)
                continue
            params = {p.name: EXAMPLES[p.name] for p in q.params if p.name in EXAMPLES and p.required}
            text = prepare(embedded, name, params)
            fns: dict[str, Callable[[], int]] = {
                "direct": lambda t=text: _consume(raw.query(t, base_iri=BASE, use_default_graph_as_union=True))}
            for mode, store in stores.items():
                fns[mode] = lambda s=store, n=name, p=params: _consume(run(s, n, p))  # type: ignore[misc]
            res = _rounds(fns, budget)
            for mode in ("embedded", "remote"):
                res[mode]["ratio"] = round(res[mode]["median_ms"] / max(res["direct"]["median_ms"], 1e-6), 2)
            out["queries"][name] = res
            print(f"  {name}: " + ", ".join(f"{m} {res[m]['median_ms']:.2f} ms" for m in MODES), flush=True)
        remote.close()
    for label, (slow, fast) in TRAPS.items():
        if label in skip:
            out["traps"][label] = {"skipped": f"predicted {skip[label]:.0f} s per run: too slow for the time box"}
            continue
        res = _rounds({"slow": lambda t=slow: _consume(raw.query(t, use_default_graph_as_union=True)),
                       "fast": lambda t=fast: _consume(raw.query(t, use_default_graph_as_union=True))}, budget)
        if res["slow"]["rows"] != res["fast"]["rows"]:
            raise AssertionError(f"trap {label!r}: the two shapes disagree ({res['slow']['rows']} vs "
                                 f"{res['fast']['rows']} rows)")
        res["slowdown"] = round(res["slow"]["median_ms"] / max(res["fast"]["median_ms"], 1e-6), 1)
        out["traps"][label] = res
    embedded.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--budget", type=float, default=1.0, help="seconds per query and size (about)")
    parser.add_argument("--slow", type=float, default=4.0,
                        help="skip a query at the next size when a linear guess from this one exceeds this")
    args = parser.parse_args()
    results: dict[str, Any] = {"sizes": {}}
    skip: dict[str, float] = {}
    for i, size in enumerate(args.sizes):
        folder, info = cached(size)
        print(f"== named queries on {info['quads']:,} quads ({info['articles']:,} articles)", flush=True)
        started = time.perf_counter()
        data = {"store": info, **measure_size(folder, args.budget, skip),
                "seconds": round(time.perf_counter() - started, 1)}
        results["sizes"][str(size)] = data
        if i + 1 < len(args.sizes):
            scale = args.sizes[i + 1] / size
            skip = {k: r["direct"]["median_ms"] / 1000 * scale for k, r in data["queries"].items()
                    if "direct" in r and r["direct"]["median_ms"] / 1000 * scale > args.slow}
            skip.update({k: r["slow"]["median_ms"] / 1000 * scale for k, r in data["traps"].items()
                         if "slow" in r and r["slow"]["median_ms"] / 1000 * scale > args.slow})
    sizes = [str(s) for s in args.sizes]
    for size in sizes:
        data = results["sizes"][size]
        print(f"\nNamed queries, {data['store']['quads']:,} quads: median / p99 ms; ratio = median / direct")
        rows = [[name, r["skipped"], "", "", "", "", "", ""] if "skipped" in r else [name, f"{r['direct']['median_ms']:.2f} / {r['direct']['p99_ms']:.2f}",
                 f"{r['embedded']['median_ms']:.2f} / {r['embedded']['p99_ms']:.2f}", f"{r['embedded']['ratio']}x",
                 f"{r['remote']['median_ms']:.2f} / {r['remote']['p99_ms']:.2f}", f"{r['remote']['ratio']}x",
                 r["direct"]["rows"], r["direct"]["rounds"]] for name, r in data["queries"].items()]
        print(table(["query", "direct", "embedded", "ratio", "remote", "ratio", "rows", "rounds"], rows))
        print(table(["trap (direct pyoxigraph)", "slow ms", "fast ms", "slowdown"],
                    [[k, r["skipped"], "", ""] if "skipped" in r else
                     [k, r["slow"]["median_ms"], r["fast"]["median_ms"], f"{r['slowdown']}x"]
                     for k, r in data["traps"].items()]))
    if len(sizes) >= 2:
        small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
        n0, n1 = small["store"]["quads"], large["store"]["quads"]
        growth: dict[str, dict[str, float | None]] = {}
        for name in small["queries"]:
            if "skipped" in large["queries"][name]:
                continue
            growth[name] = {m: exponent(small["queries"][name][m]["median_ms"], large["queries"][name][m]["median_ms"],
                                        n0, n1) for m in MODES}
        results["growth"] = {"from_quads": n0, "to_quads": n1, "exponents": growth}
        print(f"\nGrowth of the median from {n0:,} to {n1:,} quads (log-log slope; 1 = linear in the store)")
        print(table(["query", *MODES], [[k, *(v[m] for m in MODES)] for k, v in growth.items()]))
    save("queries", results)


if __name__ == "__main__":
    main()
