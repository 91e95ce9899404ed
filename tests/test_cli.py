"""The `kg` command as a user runs it: extract contract, query, export, and clear errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from tests.conftest import run_kg


def test_extract_writes_one_record_per_file_in_input_order(seed_paths: list[str]) -> None:
    r = run_kg("extract", *seed_paths, "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [rec["source"] for rec in records] == seed_paths
    for rec in records:
        for ent in rec["entities"]:
            assert {"id", "label", "type", "mentions"} <= set(ent)
        text = Path(rec["source"]).read_text(encoding="utf-8")
        for ent in rec["entities"]:
            for m in ent["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]


def test_extract_gives_one_id_to_one_entity_across_files(seed_paths: list[str]) -> None:
    r = run_kg("extract", *seed_paths)
    ids = {e["label"]: e["id"] for line in r.stdout.splitlines() for e in json.loads(line)["entities"]
           if e["label"] == "Facebook"}
    assert ids == {"Facebook": "http://127.0.0.1:8000/entity/facebook"}


def test_extract_reads_stdin() -> None:
    r = run_kg("extract", "-", stdin="Twitter said it removed 936 accounts originating in China.")
    rec = json.loads(r.stdout)
    assert rec["source"] == "-"
    assert {"twitter_accounts": 936} in [t["counts"] for t in rec["takedowns"]]


def test_extract_of_a_missing_file_fails_with_a_message() -> None:
    r = run_kg("extract", "no/such/file.txt")
    assert r.returncode != 0 and "no such file" in r.stderr


def test_an_unsupported_file_type_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "a.pdf"
    p.write_bytes(b"%PDF")
    r = run_kg("ingest", str(p), "--store", str(tmp_path / "s"))
    assert r.returncode == 2 and "unsupported file type" in r.stderr


def test_a_bad_jsonl_line_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text('{"text": "Meta removed 5 Facebook accounts."}\n{"text": 3}\n', encoding="utf-8")
    r = run_kg("ingest", str(p), "--store", str(tmp_path / "s"))
    assert r.returncode == 2 and "a.jsonl:2" in r.stderr
    q = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/influence-kg/ns#Article> }",
               "--format", "csv", "--store", str(tmp_path / "s"))
    assert q.stdout.split()[-1] == "0"


def test_ingest_query_and_export_round_trip(tmp_path: Path, seed_paths: list[str]) -> None:
    store = str(tmp_path / "s")
    r = run_kg("ingest", seed_paths[0], "--store", store)
    assert r.returncode == 0 and "ingested 1 article" in r.stderr
    q = run_kg("query", "attributions", "--format", "json", "--store", store)
    labels = {b["actorLabel"]["value"] for b in json.loads(q.stdout)["results"]["bindings"]}
    assert "KGB of Belarus" in labels
    for fmt, parser in (("turtle", "turtle"), ("ntriples", "nt"), ("rdfxml", "xml"), ("jsonld", "json-ld")):
        out = tmp_path / f"export.{fmt}"
        e = run_kg("export", "--format", fmt, "-o", str(out), "--store", store)
        assert e.returncode == 0, e.stderr
        g = rdflib.Dataset() if parser == "json-ld" else rdflib.Graph()
        g.parse(str(out), format=parser)
        assert len(list(g.quads() if isinstance(g, rdflib.Dataset) else g)) > 100


def test_query_takes_a_rq_file_and_params(tmp_path: Path, seed_paths: list[str]) -> None:
    store = str(tmp_path / "s")
    run_kg("ingest", seed_paths[0], "--store", store)
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?e ?label WHERE { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }", encoding="utf-8")
    r = run_kg("query", str(rq), "-p", "e=http://127.0.0.1:8000/entity/meta", "--format", "tsv", "--store", store)
    assert r.returncode == 0 and '"Meta"@en' in r.stdout


def test_a_query_syntax_error_is_reported(tmp_path: Path) -> None:
    r = run_kg("query", "SELECT WHERE {", "--store", str(tmp_path / "s"))
    assert r.returncode == 2 and "syntax error" in r.stderr


def test_an_unknown_named_query_lists_the_known_ones(tmp_path: Path) -> None:
    r = run_kg("query", "nosuchquery", "--store", str(tmp_path / "s"))
    assert r.returncode == 2 and "takedowns" in r.stderr


@pytest.mark.embedded_only(reason="checks that KG_STORE names the folder the store is created in")
def test_the_store_setting_comes_from_the_environment(tmp_path: Path, seed_paths: list[str]) -> None:
    r = run_kg("ingest", seed_paths[0], env={"KG_STORE": str(tmp_path / "env-store")})
    assert r.returncode == 0
    assert (tmp_path / "env-store").is_dir()


@pytest.mark.embedded_only(reason="the RocksDB lock of a store folder")
def test_a_store_held_by_another_process_is_reported_not_corrupted(tmp_path: Path) -> None:
    from kg.stores import open_store
    from tests.conftest import BASE

    with open_store(tmp_path / "s", BASE):
        r = run_kg("ingest", "-", "--store", str(tmp_path / "s"), stdin="Meta removed 5 Facebook accounts.")
    assert r.returncode == 2 and "open in another process" in r.stderr
    ok = run_kg("ingest", "-", "--store", str(tmp_path / "s"), stdin="Meta removed 5 Facebook accounts.")
    assert ok.returncode == 0 and "ingested 1 article" in ok.stderr
