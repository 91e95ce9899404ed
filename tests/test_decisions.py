"""Analyst decisions survive re-ingestion and rebuilds; merged-away IRIs keep resolving."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kg.errors import BadInput
from kg.model import Article
from kg.pipeline import ingest, rebuild
from kg.resolution.decisions import record
from kg.stores import Store, open_store
from tests.conftest import BASE, free_port, kg_command

A1 = Article(text="Researchers at the Kestrel Analytics Institute said Meta removed 12 Facebook accounts.", source="a1")
A2 = Article(text="The Harrier Data Lab, a research group, published the data on Facebook.", source="a2")


def refers(store: Store, surface: str) -> set[str]:
    rows = store.query("PREFIX kgo: <https://w3id.org/influence-kg/ns#> "
                       "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
                       f'SELECT ?e WHERE {{ ?m nif:anchorOf "{surface}" ; kgo:refersTo ?e }}')
    return {r["e"].value for r in rows}  # type: ignore[union-attr]


def test_a_merge_moves_mentions_and_survives_reingest_and_rebuild(store: Store) -> None:
    ingest(store, [A1, A2])
    keep, away = BASE + "entity/kestrel-analytics-institute", BASE + "entity/harrier-data-lab"
    assert refers(store, "Harrier Data Lab") == {away}
    record(store, "merge", keep, away, who="tester", why="the lab is the institute's former name")
    assert refers(store, "Harrier Data Lab") == {keep}
    ingest(store, [Article(text=A2.text + " It added more.", source="a3")])
    assert refers(store, "Harrier Data Lab") == {keep}
    rebuild(store)
    assert refers(store, "Harrier Data Lab") == {keep}
    assert bool(store.query(f"ASK {{ <{away}> <http://www.w3.org/2002/07/owl#sameAs> <{keep}> }}"))


def test_a_split_survives_a_rebuild(store: Store) -> None:
    ingest(store, [Article(text="Twitter removed 936 accounts. Twitter said the network was large.", source="s")])
    twitter = BASE + "entity/twitter"
    record(store, "split", twitter, mention="Twitter", who="tester", why="test")
    new = refers(store, "Twitter")
    assert new and twitter not in new
    rebuild(store)
    assert refers(store, "Twitter") == new


def test_a_platform_and_a_company_are_never_merged(store: Store) -> None:
    ingest(store, [Article(text="Meta said Facebook removed 41 accounts.", source="m")])
    with pytest.raises(BadInput):
        record(store, "merge", BASE + "entity/meta", BASE + "entity/facebook")


def test_a_platform_and_a_company_with_the_same_name_stay_apart(store: Store) -> None:
    ingest(store, [Article(text="Twitter, Inc. said Twitter removed 936 accounts.", source="t")])
    assert refers(store, "Twitter") == {BASE + "entity/twitter"}
    assert refers(store, "Twitter, Inc.") == {BASE + "entity/x-corp"}


def test_decided_differences_are_published_with_who_decided(store: Store) -> None:
    ingest(store, [Article(text="Meta said Facebook removed 41 accounts.", source="m")])
    record(store, "different", BASE + "entity/meta", BASE + "entity/facebook", who="analyst-7", why="company vs platform")
    rows = list(store.query("PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?who WHERE { "
                            f"<{BASE}entity/meta> <http://www.w3.org/2002/07/owl#differentFrom> <{BASE}entity/facebook> . "
                            f"?d <https://w3id.org/influence-kg/ns#subject> <{BASE}entity/meta> ; prov:wasAttributedTo ?who }}"))
    assert rows[0]["who"].value == "analyst-7"  # type: ignore[index]


def test_an_old_iri_redirects_after_a_merge(tmp_path: Path) -> None:
    import subprocess
    import time

    path = tmp_path / "s"
    with open_store(path, BASE) as s:
        ingest(s, [A1, A2])
        record(s, "merge", BASE + "entity/kestrel-analytics-institute", BASE + "entity/harrier-data-lab")
    port = free_port()
    import os

    proc = subprocess.Popen(kg_command("serve", "--store", str(path), "--port", str(port)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "KG_WRITE_TOKEN": "s3cret"})
    root = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(root + "/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        r = httpx.get(root + "/entity/harrier-data-lab", follow_redirects=False)
        assert r.status_code == 301
        assert r.headers["location"].endswith("/entity/kestrel-analytics-institute")
        a = httpx.get(root + "/actors/harrier-data-lab", follow_redirects=True)
        assert a.status_code == 200 and a.json()["id"] == BASE + "entity/kestrel-analytics-institute"
        body = {"kind": "different", "subject": "meta", "object": "facebook", "who": "api-user", "why": "test"}
        assert httpx.post(root + "/decisions", json=body).status_code == 401
        bad = httpx.post(root + "/decisions", json=body, headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 403 and bad.json()["error"] == "forbidden"
        ok = httpx.post(root + "/decisions", json=body, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 201 and ok.json()["who"] == "api-user"
        assert any(d["kind"] == "different" for d in httpx.get(root + "/decisions").json())
        missing = httpx.post(root + "/decisions", json={**body, "object": "no-such-entity"},
                             headers={"Authorization": "Bearer s3cret"})
        assert missing.status_code == 404
        review = httpx.get(root + "/er/review", params={"limit": 5}, timeout=60)
        assert review.status_code == 200 and isinstance(review.json(), list)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_one_takedown_reported_twice_is_one_event_and_a_disagreement_is_flagged(store: Store) -> None:
    from datetime import date

    from kg.queries import run

    first = Article(text="Meta said on Tuesday it removed 41 Facebook accounts linked to the Belarusian KGB.",
                    source="r1", published=date(2021, 12, 9))
    second = Article(text="Meta took down 44 Facebook accounts it tied to the Belarusian KGB, the company said.",
                     source="r2", published=date(2021, 12, 10))
    ingest(store, [first, second])
    events = {r["t"].value for r in store.query(  # type: ignore[union-attr]
        "SELECT ?t WHERE { ?t a <https://w3id.org/influence-kg/ns#Takedown> }")}
    assert events == {BASE + "takedown/meta--kgb-of-belarus--2021-12"}
    rows = [(r["count"].value, r["article"].value) for r in run(store, "takedown_conflicts")]  # type: ignore[union-attr]
    assert sorted(c for c, _ in rows) == ["41", "44"] and len({a for _, a in rows}) == 2
    operations = {r["o"].value: int(r["n"].value) for r in store.query(  # type: ignore[union-attr]
        "PREFIX kgo: <https://w3id.org/influence-kg/ns#> SELECT ?o (COUNT(DISTINCT ?src) AS ?n) WHERE { "
        "?a a kgo:Attribution ; kgo:operation ?o ; kgo:source ?src } GROUP BY ?o")}
    assert operations == {BASE + "operation/kgb-of-belarus--2021-12": 2}


def test_review_offers_uncertain_pairs_and_records_the_answers(tmp_path: Path) -> None:
    from tests.conftest import run_kg

    path = tmp_path / "s"
    with open_store(path, BASE) as s:
        ingest(s, [Article(text="Researchers at the Kestrel Analytics Institute studied the network.", source="k1"),
                   Article(text="The Kestrel Institute said the campaign used fake accounts.", source="k2")])
    r = run_kg("er", "review", "--store", str(path), "--who", "reviewer-1", stdin="n\nf\n")
    assert r.returncode == 0, r.stderr
    assert "Kestrel" in r.stdout and "same entity?" in r.stdout
    d = run_kg("er", "decisions", "--store", str(path))
    assert "different" in d.stdout and "reviewer-1" in d.stdout


def test_a_new_actor_written_several_ways_in_a_batch_becomes_one_entity(store: Store) -> None:
    ingest(store, [Article(text="Researchers at the Kestrel Analytics Institute said the network was large.", source="a"),
                   Article(text="The Kestrel Analytic Institute published the data on Facebook.", source="b"),
                   Article(text="Analysts at Kestrel Analytics Institute found fake accounts.", source="c")])
    minted = [e for e in store.known_entities().values() if "Kestrel" in e.label]
    assert [e.iri for e in minted] == [BASE + "entity/kestrel-analytics-institute"]
    assert refers(store, "Kestrel Analytic Institute") == {BASE + "entity/kestrel-analytics-institute"}


def test_a_later_article_links_to_an_entity_minted_earlier(store: Store) -> None:
    ingest(store, [Article(text="Researchers at the Kestrel Analytics Institute said the network was large.", source="a")])
    ingest(store, [Article(text="The Kestrel Analytic Institute published the data on Facebook.", source="b")])
    assert refers(store, "Kestrel Analytic Institute") == {BASE + "entity/kestrel-analytics-institute"}


def test_exports_say_a_platform_is_not_its_owner_and_who_decided(store: Store) -> None:
    rows = list(store.query(  # type: ignore[union-attr]
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX kgo: <https://w3id.org/influence-kg/ns#> "
        f"SELECT ?who WHERE {{ <{BASE}entity/facebook> <http://www.w3.org/2002/07/owl#differentFrom> <{BASE}entity/meta> . "
        f"?d kgo:subject <{BASE}entity/facebook> ; kgo:object <{BASE}entity/meta> ; prov:wasAttributedTo ?who }}"))
    assert rows and rows[0]["who"].value == "influence-kg gazetteer"
