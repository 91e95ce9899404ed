"""Ingestion into a real on-disk store: provenance, idempotence, transactions, SHACL."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.model import Article
from kg.pipeline import ingest
from kg.readers import read_paths
from kg.stores import Store, open_store
from kg.validation import validate
from tests.conftest import BASE, new_store


def _count(store: Store) -> int:
    return sum(1 for _ in store.quads())


def test_each_article_gets_its_own_named_graph(seeded_store_dir: Path, seed_paths: list[str]) -> None:
    with open_store(seeded_store_dir, BASE) as store:
        assert len(store.article_graphs()) == len(seed_paths)


def test_reingesting_the_same_articles_adds_nothing(seeded_store_dir: Path, seed_paths: list[str]) -> None:
    with open_store(seeded_store_dir, BASE) as store:
        before = _count(store)
        report = ingest(store, read_paths(seed_paths))
        assert report.added == [] and len(report.skipped) == len(seed_paths)
        assert _count(store) == before


def test_the_ingested_graph_conforms_to_the_shapes(seeded_store_dir: Path) -> None:
    with open_store(seeded_store_dir, BASE) as store:
        report = validate(store)
    assert report.conforms, report.text


def test_a_broken_graph_fails_the_shapes(store: Store) -> None:
    ingest(store, [Article(text="Meta removed 41 Facebook accounts linked to the Belarusian KGB.", source="t")])
    store.update("PREFIX kgo: <https://w3id.org/influence-kg/ns#> "
                 "DELETE { GRAPH ?g { ?a kgo:contentHash ?h } } WHERE { GRAPH ?g { ?a kgo:contentHash ?h } }")
    assert not validate(store).conforms


def test_every_statement_reaches_its_evidence_and_source(seeded_store_dir: Path) -> None:
    with open_store(seeded_store_dir, BASE) as store:
        rows = list(store.query("""
            PREFIX kgo: <https://w3id.org/influence-kg/ns#>
            SELECT ?s WHERE { ?s a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* kgo:Statement .
              FILTER NOT EXISTS { ?s kgo:evidence/kgo:source ?a . ?s kgo:source ?a . ?s kgo:extractor ?x } }"""))
    assert rows == []


def test_evidence_offsets_slice_the_article_text(seeded_store_dir: Path) -> None:
    with open_store(seeded_store_dir, BASE) as store:
        rows = list(store.query("""
            PREFIX kgo: <https://w3id.org/influence-kg/ns#>
            PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
            SELECT ?text ?b ?e ?anchor WHERE { ?m a kgo:Mention ; nif:beginIndex ?b ; nif:endIndex ?e ;
              nif:anchorOf ?anchor ; kgo:source/kgo:text ?text }"""))
    assert rows
    for r in rows:
        assert r["text"].value[int(r["b"].value):int(r["e"].value)] == r["anchor"].value


def test_an_article_is_written_in_one_transaction(store: Store) -> None:
    before = _count(store)
    bad = [ox.Quad(ox.NamedNode(BASE + "x"), ox.NamedNode(BASE + "p"), ox.Literal("1"), store.graphs.article("0" * 64)),
           "not a quad"]
    try:
        store.write(bad)  # type: ignore[arg-type]
    except TypeError:
        pass
    assert _count(store) == before
    assert not store.has_article("0" * 64)


def test_entities_minted_in_one_run_keep_their_iri_after_reopening(tmp_path: Path, store_kind: str) -> None:
    text = "Researchers at the Kestrel Analytics Institute said the network was run from Minsk."
    with new_store(store_kind, tmp_path) as location:
        with open_store(location, BASE) as store:
            ingest(store, [Article(text=text, source="a")])
            first = {e.label: e.iri for e in store.known_entities().values()}
        with open_store(location, BASE) as store:
            ingest(store, [Article(text=text + " More.", source="b")])
            second = {e.label: e.iri for e in store.known_entities().values()}
    assert first["Kestrel Analytics Institute"] == second["Kestrel Analytics Institute"]
    assert first["Kestrel Analytics Institute"] == BASE + "entity/kestrel-analytics-institute"


def test_the_takedowns_query_lists_counts_platform_company_and_source(seeded_store_dir: Path) -> None:
    from kg.queries import run

    with open_store(seeded_store_dir, BASE) as store:
        rows = [{k: (r[k].value if r[k] is not None else None) for k in ("key", "count", "companyLabel",
                 "removedByLabel", "actorLabel", "article")} for r in run(store, "takedowns")]  # type: ignore[union-attr]
    kgb = [r for r in rows if r["key"] == "facebook_accounts" and r["count"] == "41"]
    assert kgb and kgb[0]["companyLabel"] == "Meta" and kgb[0]["removedByLabel"] == "Meta"
    assert kgb[0]["actorLabel"] == "KGB of Belarus" and kgb[0]["article"].startswith(BASE + "article/")


def test_html_is_reduced_to_its_main_text_before_extraction(store: Store) -> None:
    from tests.conftest import FIXTURES

    articles = list(read_paths([str(FIXTURES / "page.html")]))
    assert len(articles) == 1 and articles[0].media_type == "text/html"
    text = articles[0].text
    assert "93 Facebook accounts" in text and "Norway election teaser" not in text and "World" not in text
    report = ingest(store, articles)
    assert report.added and report.takedowns >= 1
    labels = {r["l"].value for r in store.query(  # type: ignore[union-attr]
        "SELECT DISTINCT ?l WHERE { ?m a <https://w3id.org/influence-kg/ns#Mention> ; "
        "<https://w3id.org/influence-kg/ns#refersTo>/<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")}
    assert {"Meta", "Facebook", "Egypt", "Stanford Internet Observatory"} <= labels
    assert not {"Norway", "Canada", "Germany", "Brazil"} & labels


def test_an_article_title_is_not_page_chrome(tmp_path: Path) -> None:
    from kg.readers import read_paths

    p = tmp_path / "a.txt"
    p.write_text("Share this article\n22. 11. 2021\n\nMeta removes a network run from Belarus\n\n"
                 "Meta said on Tuesday it removed 41 Facebook accounts.", encoding="utf-8")
    (article,) = list(read_paths([str(p)]))
    assert article.title == "Meta removes a network run from Belarus"
