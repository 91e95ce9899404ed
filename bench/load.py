"""Load test: a real `kg serve` on a copy of a store with the seeds and the demo corpus, N concurrent clients.

Clients mix actor lookups, named queries, SPARQL SELECTs and article ingestion (POST /articles with
generated articles) for --seconds. Reported per request kind: count, median and p99 latency, 5xx answers;
then lost articles (acknowledged with 201/200 but absent afterwards) and the server's RSS at start and end.

    python -m bench.load [--seconds 60] [--clients 16] [--store DIR]
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.generate import article
from kg.queries import named_queries

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
BASE = "http://127.0.0.1:8000/"
ACTORS = ("internet-research-agency", "meta", "facebook", "gru", "china", "russia", "inter-services-public-relations",
          "kgb-of-belarus", "spamouflage", "graphika", "twitter", "iran", "no-such-actor-here")
NAMED = ("takedowns", "attributions", "operations", "takedown_conflicts", "actors", "claimants", "languages")
SELECTS = (
    ("PREFIX kgo: <https://w3id.org/influence-kg/ns#> SELECT ?a ?t WHERE { ?a a kgo:Article ; "
    "<http://purl.org/dc/terms/title> ?t } LIMIT 50"),
    ("PREFIX kgo: <https://w3id.org/influence-kg/ns#> SELECT ?e (COUNT(?m) AS ?n) WHERE { ?m kgo:refersTo ?e } "
    "GROUP BY ?e ORDER BY DESC(?n) LIMIT 20"),
    ("PREFIX kgo: <https://w3id.org/influence-kg/ns#> SELECT ?k (SUM(?c) AS ?n) WHERE { ?x kgo:countKeyOf ?k ; "
    "kgo:count ?c } GROUP BY ?k"),
    ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?e ?l WHERE { ?e skos:prefLabel ?l "
    "FILTER(CONTAINS(LCASE(?l), \"agency\")) } LIMIT 100"),
)
MIX = (("actor", 35), ("named_query", 25), ("sparql", 30), ("ingest", 10))


def rss_mb(pid: int) -> float:
    """RSS of the server and its query workers together."""
    try:
        import psutil

        proc = psutil.Process(pid)
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return float(total) / 2**20
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def build_store(path: Path) -> None:
    from kg.pipeline import ingest
    from kg.readers import demo_articles, read_paths
    from kg.store import open_store

    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    with open_store(path, BASE) as store:
        ingest(store, list(read_paths(seeds)) + demo_articles())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, token: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store", str(store),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "KG_WRITE_TOKEN": token})
    root = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{root}/openapi.json", timeout=2).status_code == 200:
                return proc, root
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("kg serve did not start")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    acknowledged: list[str] = field(default_factory=list)

    def add(self, kind: str, seconds: float, status: int) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        counts = self.statuses.setdefault(kind, {})
        counts[status] = counts.get(status, 0) + 1


class Client:
    def __init__(self, root: str, token: str, named_route: bool, tally: Tally, numbers: itertools.count[int],
                 seed: int) -> None:
        self.root, self.token, self.named_route, self.tally, self.numbers = root, token, named_route, tally, numbers
        self.rnd = random.Random(seed)
        self.queries = {q.name: q for q in named_queries().values()}

    async def one(self, http: httpx.AsyncClient) -> None:
        kind = self.rnd.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        start = time.perf_counter()
        try:
            r = await self.request(http, kind)
        except httpx.HTTPError as exc:
            self.tally.errors[kind] = self.tally.errors.get(kind, 0) + 1
            self.tally.add(kind, time.perf_counter() - start, 599 if isinstance(exc, httpx.TimeoutException) else 598)
            return
        self.tally.add(kind, time.perf_counter() - start, r.status_code)
        if kind == "ingest" and r.status_code in (200, 201):
            self.tally.acknowledged.append(r.json()["iri"])

    async def request(self, http: httpx.AsyncClient, kind: str) -> httpx.Response:
        json_results = {"Accept": "application/sparql-results+json"}
        if kind == "actor":
            return await http.get(f"{self.root}/actors/{self.rnd.choice(ACTORS)}")
        if kind == "named_query":
            name = self.rnd.choice(NAMED)
            if self.named_route:
                return await http.get(f"{self.root}/queries/{name}", headers=json_results)
            return await http.post(f"{self.root}/sparql", data={"query": self.queries[name].text},
                                   headers=json_results)
        if kind == "sparql":
            return await http.post(f"{self.root}/sparql", data={"query": self.rnd.choice(SELECTS)},
                                   headers=json_results)
        body = article(100_000 + next(self.numbers))
        return await http.post(f"{self.root}/articles", json=body, headers={"Authorization": f"Bearer {self.token}"})


async def run_clients(root: str, token: str, clients: int, seconds: float, tally: Tally, named_route: bool
                      ) -> None:
    numbers = itertools.count()
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        async def loop(n: int) -> None:
            client = Client(root, token, named_route, tally, numbers, n)
            while time.monotonic() < deadline:
                await client.one(http)

        await asyncio.gather(*(loop(n) for n in range(clients)))


def lost_articles(root: str, iris: list[str]) -> list[str]:
    lost = []
    for iri in iris:
        r = httpx.get(f"{root}/sparql", params={"query": f"ASK {{ <{iri}> a <https://w3id.org/influence-kg/ns#Article> }}"},
                      headers={"Accept": "application/sparql-results+json"}, timeout=60)
        if r.status_code != 200 or not r.json()["boolean"]:
            lost.append(iri)
    return lost


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(tally: Tally, seconds: float, clients: int, lost: list[str], rss: tuple[float, float]) -> dict[str, Any]:
    kinds = {}
    for kind, lat in sorted(tally.latencies.items()):
        statuses = tally.statuses[kind]
        kinds[kind] = {"requests": len(lat), "median_ms": round(statistics.median(lat) * 1000, 1),
                       "p99_ms": round(percentile(lat, 0.99) * 1000, 1),
                       "5xx": sum(n for s, n in statuses.items() if 500 <= s < 598),
                       "transport_errors": tally.errors.get(kind, 0),
                       "statuses": {str(s): n for s, n in sorted(statuses.items())}}
    return {"seconds": seconds, "clients": clients, "kinds": kinds,
            "acknowledged_articles": len(tally.acknowledged), "lost_articles": len(lost),
            "rss_mb_start": round(rss[0], 1), "rss_mb_end": round(rss[1], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--store", type=Path, help="A store to copy (default: seeds + demo, built now)")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "load.json")
    args = ap.parse_args()
    token = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        store = Path(tmp) / "store"
        if args.store:
            shutil.copytree(args.store, store)
        else:
            print("building the store (seeds + demo)...", flush=True)
            build_store(store)
        proc, root = start_server(store, token)
        try:
            rss_start = rss_mb(proc.pid)
            tally = Tally()
            print(f"{args.clients} clients for {args.seconds:.0f} s against {root}", flush=True)
            named_route = "/queries/{name}" in httpx.get(f"{root}/openapi.json", timeout=30).json()["paths"]
            samples: list[tuple[float, float]] = []
            stop = threading.Event()

            def sample() -> None:
                t0 = time.monotonic()
                while not stop.wait(1.0):
                    samples.append((time.monotonic() - t0, rss_mb(proc.pid)))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            asyncio.run(run_clients(root, token, args.clients, args.seconds, tally, named_route))
            stop.set()
            sampler.join()
            rss_end = rss_mb(proc.pid)
            lost = lost_articles(root, tally.acknowledged)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    result = report(tally, args.seconds, args.clients, lost, (rss_start, rss_end))
    # Flat memory: the first quarter warms up (models load on the first ingestion); after it, compare
    # the RSS a quarter of the way in with the RSS at the end.
    warm = [mb for t, mb in samples if t >= args.seconds / 4]
    if warm:
        result["rss_mb_after_warmup"] = round(warm[0], 1)
        result["rss_mb_max"] = round(max(mb for _, mb in samples), 1)
        result["rss_growth_after_warmup"] = round(rss_end / warm[0], 3)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{'kind':<12} {'requests':>8} {'median ms':>10} {'p99 ms':>9} {'5xx':>5}")
    for kind, k in result["kinds"].items():
        print(f"{kind:<12} {k['requests']:>8} {k['median_ms']:>10} {k['p99_ms']:>9} {k['5xx']:>5}  {k['statuses']}")
    print(f"articles acknowledged {result['acknowledged_articles']}, lost {result['lost_articles']}; "
          f"server RSS (with its query workers) {result['rss_mb_start']} MB at start, "
          f"{result.get('rss_mb_after_warmup')} MB after the first quarter, {result['rss_mb_end']} MB at the end "
          f"(x{result.get('rss_growth_after_warmup')} after warm-up)")


if __name__ == "__main__":
    main()
