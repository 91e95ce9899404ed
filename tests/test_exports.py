"""Exports: every RDF format streamed, the actor network (GraphML, GEXF, CSV) and a valid STIX 2.1 bundle."""
from __future__ import annotations

import csv
import io
import json
import threading
import zipfile
from pathlib import Path
from typing import BinaryIO

import httpx
import networkx as nx
import pytest
import rdflib
import stix2
from stix2validator import ValidationOptions, validate_string

from kg.exports.stix import build_bundle
from kg.exports.streaming import chunks
from kg.pipeline import ingest
from kg.readers import read_paths
from kg.stores import Store
from tests.conftest import BASE, run_kg

KGO = rdflib.Namespace("https://w3id.org/influence-kg/ns#")
WAGNER = f"{BASE}entity/wagner-group"
POLITICO = f"{BASE}entity/politico"


def get(root: str, **params: str) -> httpx.Response:
    return httpx.get(root + "/export", params=params, timeout=120)


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("trig", "trig"), ("nquads", "nquads"),
                                        ("ntriples", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_each_rdf_format_parses_and_holds_an_attribution_to_wagner(full_server: str, fmt: str, parser: str) -> None:
    r = get(full_server, format=fmt)
    assert r.status_code == 200
    g = rdflib.Dataset() if parser in ("trig", "nquads", "json-ld") else rdflib.Graph()
    g.parse(data=r.content, format=parser)
    triples = g.quads((None, KGO.attributedTo, rdflib.URIRef(WAGNER), None)) if isinstance(g, rdflib.Dataset) \
        else g.triples((None, KGO.attributedTo, rdflib.URIRef(WAGNER)))
    assert len(list(triples)) >= 1


def test_quad_formats_keep_each_article_in_its_own_graph(full_server: str) -> None:
    g = rdflib.Dataset()
    g.parse(data=get(full_server, format="nquads").content, format="nquads")
    graphs = {str(c.identifier) for c in g.contexts()}
    assert f"{BASE}graph/entities" in graphs
    assert len([x for x in graphs if x.startswith(f"{BASE}graph/article/")]) == 25  # 5 seeds + 20 demo articles


def test_the_export_is_streamed_in_chunks(full_server: str) -> None:
    with httpx.stream("GET", full_server + "/export", params={"format": "ntriples"}, timeout=120) as r:
        assert r.status_code == 200
        assert "content-length" not in r.headers
        assert r.headers["transfer-encoding"] == "chunked"
        assert sum(1 for _ in r.iter_raw()) > 1


def test_the_export_names_its_file(full_server: str) -> None:
    r = get(full_server, format="nquads", graph="graph/entities")
    assert r.headers["content-disposition"] == 'attachment; filename="influence-kg-entities.nq"'
    assert r.headers["content-type"].startswith("application/n-quads")


def test_graph_parameter_exports_one_named_graph(full_server: str) -> None:
    g = rdflib.Dataset()
    g.parse(data=get(full_server, format="trig", graph=f"{BASE}graph/entities").content, format="trig")
    named = {str(c.identifier) for c in g.contexts() if len(c)}
    assert named == {f"{BASE}graph/entities"}


def test_an_unknown_graph_is_404(full_server: str) -> None:
    r = get(full_server, format="trig", graph="graph/nothing-here")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_an_unknown_format_is_400_naming_the_valid_ones(full_server: str) -> None:
    r = get(full_server, format="docx")
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "bad_input"
    assert all(name in body["message"] for name in ("turtle", "graphml", "gexf", "csv-edges", "stix"))


def test_graph_with_a_network_format_is_400(full_server: str) -> None:
    assert get(full_server, format="graphml", graph="graph/entities").status_code == 400


# ------------------------------------------------------------------------------------------- network

def _edges(g: nx.MultiDiGraph, relation: str) -> list[tuple[str, str, dict[str, object]]]:
    return [(a, b, d) for a, b, d in g.edges(data=True) if d.get("relation") == relation]


def test_graphml_has_actors_and_the_attribution_edge(full_server: str) -> None:
    g = nx.read_graphml(io.BytesIO(get(full_server, format="graphml").content))
    assert g.nodes[WAGNER]["label"] == "Wagner Group"
    assert g.nodes[WAGNER]["type"] == "Group" and g.nodes[WAGNER]["articles"] >= 1
    assert any(d["stance"] == "Asserted" for a, b, d in _edges(g, "attributedTo") if (a, b) == (POLITICO, WAGNER))
    assert {"targets", "originCountry", "removedBy", "ownedBy", "partOf"} <= {d["relation"] for *_, d in g.edges(data=True)}


def test_co_mention_weight_counts_shared_articles(full_server: str) -> None:
    g = nx.read_graphml(io.BytesIO(get(full_server, format="graphml").content))
    weights = {(a, b): d["weight"] for a, b, d in _edges(g, "coMentioned")}
    # Meta and Facebook are named together in more than one of the takedown reports.
    assert weights[(f"{BASE}entity/facebook", f"{BASE}entity/meta")] >= 2
    assert all(a < b for a, b in weights)


def test_gexf_carries_the_same_network_as_graphml(full_server: str) -> None:
    gml = nx.read_graphml(io.BytesIO(get(full_server, format="graphml").content))
    gexf = nx.read_gexf(io.BytesIO(get(full_server, format="gexf").content))
    assert set(gexf.nodes) == set(gml.nodes)
    assert gexf.number_of_edges() == gml.number_of_edges()
    assert gexf.nodes[WAGNER]["label"] == "Wagner Group"


def test_csv_zip_holds_nodes_and_edges_matching_the_network(full_server: str) -> None:
    gml = nx.read_graphml(io.BytesIO(get(full_server, format="graphml").content))
    z = zipfile.ZipFile(io.BytesIO(get(full_server, format="csv").content))
    assert sorted(z.namelist()) == ["edges.csv", "nodes.csv"]
    nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8"))))
    edges = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode("utf-8"))))
    assert {n["id"] for n in nodes} == set(gml.nodes) and len(edges) == gml.number_of_edges()
    assert any(e["source"] == POLITICO and e["target"] == WAGNER and e["relation"] == "attributedTo" for e in edges)


def test_csv_nodes_alone_parses(full_server: str) -> None:
    r = get(full_server, format="csv-nodes")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {"id": WAGNER, "label": "Wagner Group", "type": "Group"}.items() <= next(
        x for x in rows if x["id"] == WAGNER).items()


# ---------------------------------------------------------------------------------------------- STIX

def test_stix_bundle_validates_without_errors(full_server: str) -> None:
    text = get(full_server, format="stix").text
    result = validate_string(text, ValidationOptions(version="2.1"))
    assert result.is_valid and not result.errors


def test_stix_bundle_parses_with_the_stix2_library(full_server: str) -> None:
    bundle = stix2.parse(get(full_server, format="stix").text, allow_custom=False)
    by_type: dict[str, list[object]] = {}
    for o in bundle.objects:
        by_type.setdefault(o.type, []).append(o)
    assert len(by_type["report"]) == 25
    assert {"identity", "campaign", "intrusion-set", "threat-actor", "attack-pattern", "relationship"} <= set(by_type)
    wagner = next(o for o in by_type["intrusion-set"] if o.name == "Wagner Group")
    attributions = [r for r in by_type["relationship"]
                    if r.relationship_type == "attributed-to" and r.target_ref == wagner.id]
    assert attributions and all(r.confidence in (50, 85) for r in attributions)
    assert all(r.published and r.object_refs for r in by_type["report"])


def test_stix_bundle_is_deterministic(full_server: str) -> None:
    assert get(full_server, format="stix").content == get(full_server, format="stix").content


def test_stix_report_links_to_the_article_url(store: Store, tmp_path: Path) -> None:
    article = {"url": "https://example.org/news/takedown", "title": "Meta removes network linked to Russia",
               "published": "2024-03-01",
               "text": "Meta said on Friday it removed 12 Facebook accounts linked to the Russian government."}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(article) + "\n", encoding="utf-8")
    ingest(store, read_paths([str(path)]))
    report = next(o for o in build_bundle(store) if o["type"] == "report")
    assert {"source_name": "article", "url": article["url"]} in report["external_references"]
    assert report["published"] == "2024-03-01T00:00:00.000Z"


# ------------------------------------------------------------------------------------------ CLI, core

@pytest.mark.parametrize("fmt", ["nquads", "graphml"])
def test_kg_export_writes_a_file(full_store_dir: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    r = run_kg("export", "--format", fmt, "--out", str(out), "--store", str(full_store_dir))
    assert r.returncode == 0, r.stderr
    if fmt == "nquads":
        g = rdflib.Dataset()
        g.parse(str(out), format="nquads")
        assert list(g.quads((None, KGO.attributedTo, rdflib.URIRef(WAGNER), None)))
    else:
        assert WAGNER in nx.read_graphml(str(out))


def test_kg_export_rejects_an_unknown_format(full_store_dir: Path) -> None:
    r = run_kg("export", "--format", "docx", "--store", str(full_store_dir))
    assert r.returncode != 0
    assert "unknown export format" in r.stderr and "stix" in r.stderr


def test_a_reader_that_stops_stops_the_writer() -> None:
    written, stopped = [0], threading.Event()

    def write(out: BinaryIO) -> None:
        try:
            for _ in range(10_000):
                out.write(b"x" * 65536)
                written[0] += 1
        finally:
            stopped.set()

    stream = chunks(write)
    next(stream), next(stream)
    stream.close()  # type: ignore[attr-defined]
    assert stopped.wait(timeout=30)
    assert written[0] < 100  # bounded by the queue, not the 10,000 blocks on offer
