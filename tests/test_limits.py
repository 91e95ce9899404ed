"""Query limits on a real server: a runaway query is killed at KG_QUERY_TIMEOUT, results are cut at
KG_MAX_RESULTS with a flag, and a write is visible to the next query (the workers' snapshot is refreshed)."""
from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pyoxigraph as ox
import pytest

from kg.query_results import write_solutions
from kg.stores import open_store
from tests.conftest import BASE, WRITE_TOKEN, copied_store, running_server

KGO = "PREFIX kgo: <https://w3id.org/influence-kg/ns#> "
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MAX = 5


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory, seeded_store_dir: Path) -> Iterator[str]:
    """A server over a copy of the seeds: 3 s timeout, 5 results at most, two workers, writes on."""
    env = {"KG_QUERY_TIMEOUT": "3", "KG_MAX_RESULTS": str(MAX), "KG_QUERY_WORKERS": "2",
           "KG_WRITE_TOKEN": WRITE_TOKEN}
    with copied_store(seeded_store_dir, tmp_path_factory.mktemp("limited")) as location, \
            running_server(location, env) as root:
        yield root


def sparql(root: str, query: str, accept: str = "application/sparql-results+json", **params: str) -> httpx.Response:
    return httpx.post(root + "/sparql", params=params, data={"query": query}, headers={"Accept": accept},
                      timeout=120)


def worker_processes(root: str) -> list[psutil.Process]:
    """The server's query workers (its children running kg.query_sandbox)."""
    port = root.rsplit(":", 1)[1]
    for p in psutil.process_iter(["cmdline"]):
        cmd = p.info["cmdline"] or []
        if "serve" in cmd and port in cmd:
            return [c for c in p.children(recursive=True) if "kg.query_sandbox" in " ".join(c.cmdline())]
    raise AssertionError(f"no server process on port {port}")


def query_workers(root: str) -> set[int]:
    return {p.pid for p in worker_processes(root)}


def wait_until_a_worker_computes(root: str, thread: threading.Thread) -> None:
    """Until a worker has used 0.1 s more CPU than when called (the runaway query is running)."""
    start = {p.pid: sum(p.cpu_times()[:2]) for p in worker_processes(root)}
    while thread.is_alive():
        for p in worker_processes(root):
            with contextlib.suppress(psutil.Error):
                if sum(p.cpu_times()[:2]) - start.get(p.pid, 0.0) > 0.1:
                    return
        time.sleep(0.05)


SANDBOX = ("KG_QUERY_TIMEOUT is enforced by the query sandbox's worker processes over snapshots of the store "
           "folder; a remote store's queries run on the server, under the server's own time limit")


@pytest.mark.embedded_only(reason=SANDBOX)
def test_a_runaway_query_is_stopped_at_the_timeout_while_a_quick_one_is_answered(limited: str) -> None:
    runaway: list[httpx.Response] = []
    thread = threading.Thread(target=lambda: runaway.append(sparql(limited, CROSS_JOIN)))
    thread.start()
    wait_until_a_worker_computes(limited, thread)
    quick = sparql(limited, "ASK { ?s a <https://w3id.org/influence-kg/ns#Article> }")
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    assert thread.is_alive()  # answered while the runaway query was still running
    thread.join(timeout=120)
    assert runaway[0].status_code == 503
    assert runaway[0].json()["error"] == "query_timeout"
    assert "KG_QUERY_TIMEOUT" in runaway[0].json()["message"]
    after = sparql(limited, "ASK { ?s ?p ?o }")
    assert after.status_code == 200 and after.json()["boolean"] is True


@pytest.mark.embedded_only(reason=SANDBOX)
def test_the_worker_of_a_stopped_query_is_killed_and_replaced(limited: str) -> None:
    before = query_workers(limited)
    assert len(before) == 2
    assert sparql(limited, CROSS_JOIN).status_code == 503
    after = query_workers(limited)
    gone = before - after
    assert len(gone) == 1 and len(after) == 2
    assert not any(psutil.pid_exists(pid) for pid in gone)  # killed, not left computing


def test_select_results_over_the_limit_are_cut_and_flagged(limited: str) -> None:
    r = sparql(limited, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50")
    assert r.status_code == 200 and r.headers["X-KG-Truncated"] == "true"
    body = r.json()
    assert len(body["results"]["bindings"]) == MAX and body["truncated"] is True
    csv = sparql(limited, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 50", accept="text/csv")
    assert csv.headers["X-KG-Truncated"] == "true" and len(csv.text.splitlines()) == MAX + 1


def test_construct_results_over_the_limit_are_cut_and_flagged(limited: str) -> None:
    r = sparql(limited, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50", accept="application/n-triples")
    assert r.status_code == 200 and r.headers["X-KG-Truncated"] == "true"
    assert len(r.text.strip().splitlines()) == MAX


def test_results_within_the_limit_carry_no_flag(limited: str) -> None:
    r = sparql(limited, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
    assert r.status_code == 200 and "X-KG-Truncated" not in r.headers
    assert len(r.json()["results"]["bindings"]) == 3 and "truncated" not in r.json()


def test_a_syntax_error_is_a_400_with_the_parser_position(limited: str) -> None:
    r = sparql(limited, "SELECT * WHERE { ?s ?p }")
    assert r.status_code == 400 and r.json()["error"] == "query_syntax_error"
    assert "1:" in r.json()["message"]


def test_the_request_dataset_is_respected(limited: str) -> None:
    count = KGO + "SELECT (COUNT(*) AS ?n) WHERE { ?a a kgo:Article }"
    assert int(sparql(limited, count).json()["results"]["bindings"][0]["n"]["value"]) == 5
    only_entities = sparql(limited, count, **{"default-graph-uri": BASE + "graph/entities"})
    assert int(only_entities.json()["results"]["bindings"][0]["n"]["value"]) == 0


def test_a_write_through_the_api_is_visible_to_the_next_query(limited: str) -> None:
    ask = 'ASK { ?d <http://www.w3.org/2000/01/rdf-schema#comment> "limits test: never the same" }'
    for _ in range(3):  # every worker has opened the snapshot from before the write
        assert sparql(limited, ask).json()["boolean"] is False
    body = {"kind": "different", "subject": "meta", "object": "internet-research-agency", "who": "tester",
            "why": "limits test: never the same"}
    r = httpx.post(limited + "/decisions", json=body, headers={"Authorization": f"Bearer {WRITE_TOKEN}"},
                   timeout=60)
    assert r.status_code == 201
    for _ in range(3):
        assert sparql(limited, ask).json()["boolean"] is True


def _table(results: ox.QuerySolutions) -> list[list[str]]:
    names = [v.value for v in results.variables]
    return [[str(s[n]) for n in names] for s in results]


def test_our_results_writers_give_the_answers_pyoxigraph_gives(seeded_store_dir: Path, tmp_path: Path) -> None:
    query = KGO + """PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT ?m ?text ?begin ?type ?none WHERE { ?m a kgo:Mention ; nif:anchorOf ?text ; nif:beginIndex ?begin ;
        kgo:mentionType ?type OPTIONAL { ?m kgo:nothing ?none } } ORDER BY ?m"""
    with copied_store(seeded_store_dir, tmp_path) as location, open_store(location, BASE) as store:
        for fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV,
                    ox.QueryResultsFormat.TSV):
            full, result = store.query(query), store.query(query)
            assert isinstance(full, ox.QuerySolutions) and isinstance(result, ox.QuerySolutions)
            theirs = full.serialize(format=fmt) or b""
            names = [v.value for v in result.variables]
            rows = [[s[n] for n in names] for s in result]
            assert len(rows) > 100
            ours = write_solutions(names, rows, fmt)
            if fmt in (ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV):
                assert ours == theirs, fmt
            else:
                mine, reference = (ox.parse_query_results(b, format=fmt) for b in (ours, theirs))
                assert isinstance(mine, ox.QuerySolutions) and isinstance(reference, ox.QuerySolutions)
                assert _table(mine) == _table(reference), fmt


def test_a_cut_json_result_says_so() -> None:
    doc = json.loads(write_solutions(["x"], [[ox.Literal("a")]], ox.QueryResultsFormat.JSON, truncated=True))
    assert doc["truncated"] is True and doc["results"]["bindings"] == [{"x": {"type": "literal", "value": "a"}}]
