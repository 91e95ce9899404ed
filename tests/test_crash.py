"""Crash safety and one writer: `kg ingest` killed mid-run leaves whole articles and a store that reruns to
the clean result; a store held by `kg serve` or `kg ingest` is refused to the other, clearly."""
from __future__ import annotations

import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bench.generate import write_jsonl
from kg.errors import KGError
from kg.gazetteer import load_gazetteer
from kg.store import GraphStore, open_store
from tests.conftest import BASE, kg_command, run_kg, running_server

pytestmark = pytest.mark.embedded_only("kills `kg ingest` on a store folder; the remote store's all-or-nothing writes are tested in test_remote_store")
ARTICLES = 500
Graphs = dict[str, Counter[str]]


def graphs_of(path: Path) -> Graphs:
    """Every graph's quads as text, without ingestion timestamps and with blank nodes made anonymous."""
    out: Graphs = {}
    with open_store(path, BASE) as store:
        for q in store.quads():
            if q.predicate.value.endswith("generatedAtTime"):
                continue
            line = re.sub(r"_:\w+", "_:b", f"{q.subject} {q.predicate} {q.object}")
            out.setdefault(str(getattr(q.graph_name, "value", "")), Counter())[line] += 1
    return out


def article_graphs(graphs: Graphs) -> dict[str, Counter[str]]:
    return {g: quads for g, quads in graphs.items() if g.startswith(BASE + "graph/article/")}


def count_articles_read_only(path: Path) -> int:
    """Article graphs seen through a read-only handle, which works while another process writes."""
    try:
        store = GraphStore(path, BASE, read_only=True)
    except (KGError, RuntimeError):  # not created yet, or created half-way (no column families yet)
        return 0
    try:
        return len(store.article_graphs())
    finally:
        store.close()


@dataclass
class Crash:
    after_kill: Graphs
    rerun: subprocess.CompletedProcess[str]
    after_rerun: Graphs
    clean: Graphs


@pytest.fixture(scope="module")
def crash(tmp_path_factory: pytest.TempPathFactory) -> Crash:
    """A clean run of 500 generated articles, and a run SIGKILLed once it has written some, then rerun."""
    tmp = tmp_path_factory.mktemp("crash")
    corpus = write_jsonl(tmp / "articles.jsonl", ARTICLES)
    clean = tmp / "clean"
    assert run_kg("ingest", str(corpus), "--store", str(clean)).returncode == 0
    crashed = tmp / "crashed"
    proc = subprocess.Popen(kg_command("ingest", str(corpus), "--store", str(crashed)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while proc.poll() is None and time.monotonic() < deadline:
            if count_articles_read_only(crashed) > 0:  # articles are written after all are extracted
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    after_kill = graphs_of(crashed)
    rerun = run_kg("ingest", str(corpus), "--store", str(crashed))
    return Crash(after_kill, rerun, graphs_of(crashed), graphs_of(clean))


def test_a_store_killed_mid_ingest_opens_with_part_of_the_articles(crash: Crash) -> None:
    assert 0 < len(article_graphs(crash.after_kill)) < ARTICLES


def test_every_article_graph_left_by_the_kill_is_whole(crash: Crash) -> None:
    for graph, quads in article_graphs(crash.after_kill).items():
        assert quads == crash.clean[graph], graph


def test_the_rerun_completes_with_the_clean_runs_article_graphs_and_quad_counts(crash: Crash) -> None:
    assert crash.rerun.returncode == 0, crash.rerun.stderr
    after, clean = article_graphs(crash.after_rerun), article_graphs(crash.clean)
    assert len(after) == ARTICLES and after.keys() == clean.keys()
    assert {g: q.total() for g, q in after.items()} == {g: q.total() for g, q in clean.items()}
    assert crash.after_rerun[BASE + "graph/ontology"] == crash.clean[BASE + "graph/ontology"]


def _minted_anonymous(graphs: Graphs) -> Counter[str]:
    """All quads with every entity the resolver invented (not in the gazetteer) replaced by one placeholder."""
    known = {f"<{BASE}entity/{k}>" for k in load_gazetteer().entries}
    out: Counter[str] = Counter()
    for graph, quads in graphs.items():
        for line, n in quads.items():
            line = re.sub(rf"<{re.escape(BASE)}entity/[^>]+>", lambda m: m[0] if m[0] in known else "<minted>",
                          line)
            out[f"{graph} {line}"] += n
    return out


def test_after_the_rerun_only_invented_entities_differ_from_the_clean_run(crash: Crash) -> None:
    """The rerun resolves the articles after the kill against entities the first run had already minted,
    where the clean run clustered the whole batch at once: a spelling variant ("X Ltd") may join the
    existing entity X instead of becoming its own. Every other fact is the same."""
    entities = BASE + "graph/entities"
    rerun = {g: q for g, q in crash.after_rerun.items() if g != entities}
    clean = {g: q for g, q in crash.clean.items() if g != entities}
    assert _minted_anonymous(rerun) == _minted_anonymous(clean)
    known = {f"<{BASE}entity/{k}>" for k in load_gazetteer().entries}

    def about_known(graphs: Graphs) -> Counter[str]:
        return Counter({q: n for q, n in graphs[entities].items() if q.split(" ", 1)[0] in known})

    def minted(graphs: Graphs) -> set[str]:
        return {q.split(" ", 1)[0] for q in graphs[entities] if q.split(" ", 1)[0] not in known}

    assert about_known(crash.after_rerun) == about_known(crash.clean)
    assert minted(crash.after_rerun) <= minted(crash.clean)


# ---------------------------------------------------------------------------------------------- one writer

@pytest.fixture()
def served_copy(tmp_path: Path, seeded_store_dir: Path) -> Iterator[tuple[Path, str]]:
    path = tmp_path / "store"
    shutil.copytree(seeded_store_dir, path)
    with running_server(path) as root:
        yield path, root


def _article_iris(root: str) -> set[str]:
    r = httpx.get(f"{root}/sparql", params={"query": "SELECT ?a WHERE { ?a a "
                                                   "<https://w3id.org/influence-kg/ns#Article> }"},
                  headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert r.status_code == 200
    return {b["a"]["value"] for b in r.json()["results"]["bindings"]}


def test_kg_ingest_on_a_store_kg_serve_holds_fails_clearly_and_the_server_keeps_its_data(
        served_copy: tuple[Path, str], tmp_path: Path) -> None:
    path, root = served_copy
    before = _article_iris(root)
    corpus = write_jsonl(tmp_path / "more.jsonl", 3)
    done = run_kg("ingest", str(corpus), "--store", str(path))
    assert done.returncode == 2
    message = " ".join(done.stderr.split())  # the console wraps long lines
    assert "open in another process" in message and "Traceback" not in message
    assert _article_iris(root) == before and len(before) == 5
    assert httpx.get(f"{root}/actors/meta", timeout=30).status_code == 200


def test_kg_serve_on_a_store_kg_ingest_holds_fails_clearly(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "articles.jsonl", ARTICLES)
    path = tmp_path / "store"
    ingest = subprocess.Popen(kg_command("ingest", str(corpus), "--store", str(path)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not (path / "LOCK").exists() and ingest.poll() is None:
            time.sleep(0.05)
        serve = subprocess.run(kg_command("serve", "--store", str(path), "--port", "0"), check=False,
                               capture_output=True, text=True, timeout=120)
        still_running = ingest.poll() is None
    finally:
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()
    assert still_running, "the ingest ended before the server was started: nothing was tested"
    assert serve.returncode != 0
    assert "is open in another process" in " ".join((serve.stdout + serve.stderr).split())
