"""Stores of 1M and 10M triples shaped like ours, built without running the pipeline on every article.

The full pipeline (spaCy, resolution, one transaction per article) is too slow for 10M triples here, so:
`TEMPLATES` generated articles (bench/generate.py) go through the real pipeline once, into memory; their
article graphs, as N-Quads, become templates. Article k is template k % TEMPLATES with its own hash, and each
entity it names swapped (deterministically, per article) for a gazetteer entity of the same class, picked with
a skew towards the head of the list (a few actors are named often, most rarely), so the entities graph (the
gazetteer: ~3,600 actors) is joined the way real data joins it. Operations and takedowns stay shared by a few
articles each. The quads are bulk-loaded (`pyoxigraph.Store.bulk_load`) into a folder that is cached under
bench/.cache/ (gitignored) and reused by later runs.

    .venv/bin/python -m bench.corpus_quads --triples 1000000
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import re
import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from kg.stores import open_store
from kg.vocab import KGO

BASE = "http://127.0.0.1:8000/"
CACHE = Path(__file__).resolve().parent / ".cache"
TEMPLATES = 200
VERSION = 2  # bump when the shape of the generated quads changes: cached stores are rebuilt
_ENTITY = re.compile(re.escape(f"<{BASE}entity/") + r"([^>]+)>")
_SHARED = re.compile(re.escape(f"<{BASE}") + r"(operation|takedown)/([^>]+)>")
log = logging.getLogger(__name__)


def _nquads(quads: Iterator[ox.Quad]) -> str:
    return (ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")


def _templates() -> tuple[list[tuple[str, str]], dict[str, str], str]:
    """(hash16, N-Quads of the article graph) per template article, the class of every entity, and the
    entities graph the pipeline wrote (gazetteer and minted entities) as N-Quads."""
    from bench.generate import article
    from kg.model import Article
    from kg.pipeline import ingest

    articles = [Article(a["text"], f"generated/{n}.txt", a["title"], published=date.fromisoformat(a["published"]))
                for n in range(TEMPLATES) if (a := article(n))]
    with open_store(None, BASE) as store:
        ingest(store, articles)
        prefix = f"{BASE}graph/article/"
        out = []
        for g in store.article_graphs():
            body = _nquads(store.graph_quads(ox.NamedNode(g)))
            out.append((g[len(prefix):], body))
        types = {}
        for row in store.query(f"SELECT ?e ?t WHERE {{ GRAPH <{store.graphs.entities.value}> {{ ?e a ?t }} }}"):
            t = row["t"].value  # type: ignore[index]
            if t.startswith(KGO):
                types[row["e"].value[len(BASE) + len("entity/"):]] = t[len(KGO):]  # type: ignore[index]
        entities = _nquads(store.graph_quads(store.graphs.entities))
    return sorted(out), types, entities


def _article_nquads(k: int, template: tuple[str, str], types: dict[str, str],
                    pools: dict[str, list[str]]) -> str:
    """Article k: the template with its own hash, entities and shared nodes."""
    old_hash, text = template
    digest = hashlib.sha256(f"synthetic article {k}".encode()).hexdigest()
    text = text.replace(old_hash, digest[:16])
    text = re.sub(r'"[0-9a-f]{64}"', f'"{digest}"', text, count=0)
    rnd = random.Random(k)
    swaps: dict[str, str] = {}

    def entity(m: re.Match[str]) -> str:
        slug = m.group(1)
        if slug not in swaps:
            pool = pools.get(types.get(slug, ""), [])
            swaps[slug] = pool[int(len(pool) * rnd.random() ** 3)] if pool and rnd.random() < 0.8 else slug
        return f"<{BASE}entity/{swaps[slug]}>"

    text = _ENTITY.sub(entity, text)
    return _SHARED.sub(lambda m: f"<{BASE}{m.group(1)}/{m.group(2)}-{k // 4}>", text)


def build(target: Path, triples: int) -> dict[str, float]:
    """A store of about `triples` quads in `target` (replaced); returns what the build measured."""
    started = time.perf_counter()
    templates, types, entities = _templates()
    shutil.rmtree(target, ignore_errors=True)
    with open_store(target, BASE):  # schema, ontology and gazetteer, the way kg writes them
        pass
    store = ox.Store(str(target))
    pools: dict[str, list[str]] = {}
    gaz_types = store.query(f"SELECT ?e ?t WHERE {{ GRAPH <{BASE}graph/entities> {{ ?e a ?t }} }} ORDER BY ?e")
    for row in gaz_types:
        e, t = row["e"].value, row["t"].value  # type: ignore[index]
        if t.startswith(KGO) and e.startswith(f"{BASE}entity/"):
            pools.setdefault(t[len(KGO):], []).append(e[len(BASE) + len("entity/"):])
    for pool in pools.values():  # the head of the skew is not the alphabet's head
        random.Random(0).shuffle(pool)
    per_article = sum(t[1].count("\n") for t in templates) / len(templates)
    schema = len(store)
    count = max(1, int((triples - schema) / per_article))
    prepared = time.perf_counter()

    def chunks() -> Iterator[str]:
        for first in range(0, count, 2000):
            yield "".join(_article_nquads(k, templates[k % len(templates)], types, pools)
                          for k in range(first, min(count, first + 2000)))

    store.load(entities.encode("utf-8"), ox.RdfFormat.N_QUADS)  # with the entities the templates minted
    for chunk in chunks():
        store.bulk_load(chunk.encode("utf-8"), ox.RdfFormat.N_QUADS)
    store.flush()
    size = len(store)
    del store
    elapsed = time.perf_counter() - started
    info = {"quads": size, "articles": count, "quads_per_article": round(per_article, 1),
            "template_articles": len(templates),
            "build_seconds": round(elapsed, 1), "load_seconds": round(time.perf_counter() - prepared, 1),
            "bytes_on_disk": sum(p.stat().st_size for p in target.rglob("*") if p.is_file()), "version": VERSION}
    target.with_suffix(".json").write_text(json.dumps(info, indent=2))
    return info


def cached(triples: int) -> tuple[Path, dict[str, float]]:
    """The cached store of about `triples` quads, built on first use."""
    target = CACHE / f"store-{triples}"
    info_file = target.with_suffix(".json")
    if info_file.exists():
        info = json.loads(info_file.read_text())
        if info.get("version") == VERSION:
            return target, info
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")
    log.warning("building a store of %s triples in %s (cached for later runs)", f"{triples:,}", target)
    return target, build(target, triples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, action="append", help="size (repeatable); default 1M and 10M")
    args = parser.parse_args()
    for n in args.triples or [1_000_000, 10_000_000]:
        path, info = cached(n)
        print(path, json.dumps(info))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    main()
