"""HTTP `/sparql` throughput for small SELECTs: `kg serve` next to `oxigraph serve` on the same data, same run.

The cached 1M-triple store (bench/corpus_quads.py) is copied for `kg serve` (which takes the store's write
lock and its query workers read snapshots of it); `oxigraph serve-read-only` serves the cached folder itself.
Both get the same rotation of 500 different label lookups (one per entity of the gazetteer; a fixed query would
flatter caches) over keep-alive connections from an asyncio client with 1 and 8 concurrent clients; every
answer is checked to be a 200. The servers take turns in short slices (the other idle) so that load from
elsewhere on the machine hits both alike. The figure is requests per second, and kg's as a ratio of oxigraph's.

    .venv/bin/python -m bench.http_scale [--size 1000000] [--seconds 9] [--clients 1 8] [--workers 2]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.corpus_quads import BASE, cached
from bench.scale_common import free_port, oxigraph_server, percentile, save, table, wait_for_port

SKOS = "http://www.w3.org/2004/02/skos/core#"


def label_queries(folder: Path, count: int = 500) -> list[str]:
    """`count` lookups by preferred label, each of a different entity."""
    store = ox.Store.read_only(str(folder))
    rows = store.query(f"SELECT DISTINCT ?label WHERE {{ GRAPH <{BASE}graph/entities> {{ ?e <{SKOS}prefLabel> "
                       f"?label }} }} ORDER BY ?label LIMIT {count}")
    return [f"PREFIX skos: <{SKOS}> SELECT ?e ?type WHERE {{ ?e skos:prefLabel {row['label']} ; a ?type }}"
            for row in rows]  # type: ignore[index]


async def _client(host: str, port: int, requests: list[bytes], start: int, stop_at: float,
                  latencies: list[float], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = start
    try:
        while time.perf_counter() < stop_at:
            t = time.perf_counter()
            writer.write(requests[i % len(requests)])
            i += 1
            head = await reader.readuntil(b"\r\n\r\n")
            status = head[9:12]
            length = -1
            chunked = False
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"transfer-encoding" and b"chunked" in value.lower():
                    chunked = True
            if chunked:
                while True:
                    size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            else:
                await reader.readexactly(length)
            if status != b"200":
                errors.append(status.decode())
            latencies.append((time.perf_counter() - t) * 1000)
    finally:
        writer.close()


def load(url: str, path: str, params: str, queries: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """Requests per second and latency with `clients` keep-alive connections sending GETs for `seconds`."""
    parsed = urllib.parse.urlsplit(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    requests = [(f"GET {path}?query={urllib.parse.quote(q)}{params} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                 "Accept: application/sparql-results+json\r\n\r\n").encode() for q in queries]
    latencies: list[float] = []
    errors: list[str] = []

    async def main() -> float:
        start = time.perf_counter()
        stop_at = start + seconds
        await asyncio.gather(*(_client(host, port, requests, c * len(requests) // clients, stop_at, latencies,
                                       errors) for c in range(clients)))
        return time.perf_counter() - start

    asyncio.run(_warm(host, port, requests, errors))
    elapsed = asyncio.run(main())
    if errors:
        raise RuntimeError(f"{len(errors)} requests failed, e.g. HTTP {errors[0]}")
    return {"clients": clients, "requests": len(latencies), "rps": round(len(latencies) / elapsed, 1),
            "median_ms": round(sorted(latencies)[len(latencies) // 2], 2),
            "p99_ms": round(percentile(latencies, 0.99), 2)}


async def _warm(host: str, port: int, requests: list[bytes], errors: list[str]) -> None:
    """One pass over the rotation: parses, caches and worker start-up are not measured."""
    await _client(host, port, requests, 0, time.perf_counter() + 1.0, [], errors)


@contextmanager
def kg_server(folder: Path, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    log = open(folder.parent / "kg-serve.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([kg, "serve", "--store", str(folder), "--port", str(port)],
                            env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, timeout=120)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()


def measure(size: int, seconds: float, clients: list[int], workers: int, slices: int = 3) -> dict[str, Any]:
    """Both servers up at once; for each client count they take turns in `slices` slices of seconds/slices,
    so load from anything else on the machine hits both alike. Requests per second over all slices."""
    folder, info = cached(size)
    queries = label_queries(folder)
    out: dict[str, Any] = {"store_quads": info["quads"], "queries": len(queries), "seconds_each": seconds,
                           "slices": slices, "query_workers": workers, "cpus": os.cpu_count(), "runs": []}
    with tempfile.TemporaryDirectory(prefix="kg-http-scale-") as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(folder, copy)
        env = {"KG_BASE_IRI": BASE, "KG_QUERY_WORKERS": str(workers), "KG_MAX_RESULTS": "100000"}
        with kg_server(copy, env) as kg_url, oxigraph_server(folder) as ox_url:
            targets = {"kg serve": (kg_url, "/sparql", ""), "oxigraph serve": (ox_url, "/query", "&union-default-graph")}
            for c in clients:
                parts: dict[str, list[dict[str, Any]]] = {name: [] for name in targets}
                for _ in range(slices):
                    for name, (url, path, params) in targets.items():
                        parts[name].append(load(url, path, params, queries, c, seconds / slices))
                for name, runs in parts.items():
                    requests = sum(r["requests"] for r in runs)
                    out["runs"].append({"server": name, "clients": c, "requests": requests,
                                        "rps": round(requests / seconds, 1),
                                        "slice_rps": [r["rps"] for r in runs],
                                        "median_ms": round(statistics.median(r["median_ms"] for r in runs), 2),
                                        "p99_ms": max(r["p99_ms"] for r in runs)})
                    print(f"  {name}, {c} client(s): {out['runs'][-1]['rps']} req/s", flush=True)
    by = {(r["server"], r["clients"]): r for r in out["runs"]}
    out["ratio"] = {str(c): round(by[("kg serve", c)]["rps"] / by[("oxigraph serve", c)]["rps"], 2) for c in clients}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=9.0, help="per server and client count, in 3 slices")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--workers", type=int, default=2, help="KG_QUERY_WORKERS for kg serve")
    parser.add_argument("--label", default="current", help="name of this run in the results (e.g. before)")
    args = parser.parse_args()
    print(f"== /sparql throughput on the {args.size:,}-triple store", flush=True)
    res = measure(args.size, args.seconds, args.clients, args.workers)
    print(table(["server", "clients", "req/s", "median ms", "p99 ms", "ratio kg/oxigraph"],
                [[r["server"], r["clients"], r["rps"], r["median_ms"], r["p99_ms"],
                  f"{res['ratio'][str(r['clients'])]}x" if r["server"] == "kg serve" else ""]
                 for r in res["runs"]]))
    save(f"http_{args.label}", res)


if __name__ == "__main__":
    main()
