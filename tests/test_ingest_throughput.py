"""Ingestion throughput: batched writes that stay whole per article, `kg ingest --workers N` giving the same
store as one process, and the synthetic corpus the benchmark runs on."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.corpus import article, write_jsonl
from kg.pipeline import FIRST_BATCH, ingest
from kg.readers import read_paths
from kg.store import BULK_MIN_QUADS, GraphStore
from tests.conftest import BASE, run_kg

ARTICLES = 300


def _export(store: Path) -> list[str]:
    """The N-Quads export without ingestion timestamps, blank nodes (the gazetteer's, labelled at random per
    store) made anonymous, in a stable order."""
    done = run_kg("export", "--store", str(store), "--format", "nquads")
    assert done.returncode == 0, done.stderr
    return sorted(re.sub(r"_:\w+", "_:b", line) for line in done.stdout.splitlines()
                  if "generatedAtTime" not in line)


@pytest.mark.embedded_only("compares two store folders written by `kg ingest`")
def test_two_workers_store_byte_for_byte_what_one_worker_stores(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", ARTICLES, seed=7)
    for workers in ("1", "2"):
        done = run_kg("ingest", str(corpus), "--store", str(tmp_path / workers), "--workers", workers)
        assert done.returncode == 0, done.stderr
        assert f"ingested {ARTICLES} article(s)" in " ".join(done.stderr.split())
    one, two = _export(tmp_path / "1"), _export(tmp_path / "2")
    assert len(one) > ARTICLES * 100  # the articles are in it, not only the gazetteer
    assert one == two


def test_workers_below_one_are_refused(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", 2)
    done = run_kg("ingest", str(corpus), "--store", str(tmp_path / "s"), "--workers", "0")
    assert done.returncode != 0
    assert not (tmp_path / "s").exists()


def test_articles_are_written_in_growing_batches_and_all_arrive(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", ARTICLES)
    batches: list[int] = []
    store = GraphStore(tmp_path / "s", BASE)
    try:
        report = ingest(store, read_paths([str(corpus)]), on_written=batches.append)
        assert batches == [FIRST_BATCH, 2 * FIRST_BATCH, ARTICLES - 3 * FIRST_BATCH]
        assert len(store.article_graphs()) == len(report.added) == ARTICLES
        assert set(report.seconds) == {"extract", "resolve", "build", "write"}
    finally:
        store.close()


def _quads(n: int, graph: int) -> list[ox.Quad]:
    g = ox.NamedNode(f"{BASE}graph/article/{graph:016x}")
    return [ox.Quad(ox.NamedNode(f"{BASE}article/{graph:016x}/mention/{i}"), ox.NamedNode(f"{BASE}p"),
                    ox.Literal(f"value {i}"), g) for i in range(n)]


def test_a_large_batch_through_the_bulk_loader_stores_what_transactions_store(tmp_path: Path) -> None:
    per_article = [_quads(BULK_MIN_QUADS // 4 + 1, g) for g in range(4)]
    bulk, single = GraphStore(tmp_path / "bulk", BASE), GraphStore(tmp_path / "single", BASE)
    try:
        bulk.write([q for quads in per_article for q in quads])  # above BULK_MIN_QUADS: the bulk loader
        for quads in per_article:
            single.write(quads)
        for quads in per_article:
            graph = quads[0].graph_name
            assert isinstance(graph, ox.NamedNode)
            assert set(bulk.graph_quads(graph)) == set(single.graph_quads(graph)) == set(quads)
        assert sorted(bulk.article_graphs()) == sorted(single.article_graphs())
    finally:
        bulk.close()
        single.close()


def test_the_corpus_is_the_same_for_a_seed_and_another_for_another_seed() -> None:
    assert article(12, seed=1) == article(12, seed=1)
    assert article(12, seed=1)["text"] != article(12, seed=2)["text"]


def test_the_corpus_has_chrome_takedown_counts_and_attributions() -> None:
    texts = [article(n)["text"] for n in range(200)]
    assert all(re.search(r"\d[\d,]* (accounts|pages|groups|channels|profiles)", t) for t in texts)
    assert any("denied" in t or "rejected" in t for t in texts)
    assert any(re.search(r"\(([A-Z]{2,})\)", t) for t in texts)  # an acronym introduced in brackets
    assert all("Skip to main content" in t or "Subscribe" in t or "Share on" in t or "Advertisement" in t
               for t in texts)
