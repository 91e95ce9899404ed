"""The HTTP service over a real uvicorn server: SPARQL protocol, formats, errors, actor lookups."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest
import rdflib

META_KGB = """
PREFIX kgo: <https://w3id.org/influence-kg/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?article ?evidence WHERE {
  ?a a kgo:Attribution ; kgo:attributedTo ?actor ; kgo:claimedBy ?by ; kgo:source ?article ;
     kgo:evidence/<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> ?evidence .
  ?actor skos:prefLabel "KGB of Belarus"@en ; kgo:partOf ?state .
  ?state skos:prefLabel "Belarus"@en .
  ?by skos:prefLabel "Meta"@en .
}"""
SELECT_ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/influence-kg/ns#Attribution> ; ?p ?o }"


def test_sparql_finds_that_meta_attributed_the_network_to_the_belarusian_kgb(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": META_KGB},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    rows = r.json()["results"]["bindings"]
    assert rows, "no attribution of the KGB of Belarus by Meta"
    assert any("KGB" in row["evidence"]["value"] for row in rows)
    article = rows[0]["article"]["value"]
    title = httpx.get(server + "/sparql", params={"query": f"SELECT ?t WHERE {{ <{article}> <http://purl.org/dc/terms/source> ?t }}"})
    assert "000_434b2bd314849a6d.txt" in title.json()["results"]["bindings"][0]["t"]["value"]


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_the_three_protocol_forms_give_the_same_answer(server: str, how: str) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    if how == "get":
        r = httpx.get(server + "/sparql", params={"query": META_KGB}, headers=accept)
    elif how == "form":
        r = httpx.post(server + "/sparql", data={"query": META_KGB}, headers=accept)
    else:
        r = httpx.post(server + "/sparql", content=META_KGB.encode(),
                       headers={**accept, "Content-Type": "application/sparql-query"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) >= 1


def test_select_results_as_json(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": SELECT_ALL}, headers={"Accept": "application/sparql-results+json"})
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert len(json.loads(r.text)["results"]["bindings"]) == 5


def test_select_results_as_xml(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": SELECT_ALL}, headers={"Accept": "application/sparql-results+xml"})
    root = ET.fromstring(r.content)
    assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 5


@pytest.mark.parametrize("media,delimiter", [("text/csv", ","), ("text/tab-separated-values", "\t")])
def test_select_results_as_csv_and_tsv(server: str, media: str, delimiter: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": SELECT_ALL}, headers={"Accept": media})
    assert r.headers["content-type"].startswith(media)
    rows = list(csv.reader(io.StringIO(r.text), delimiter=delimiter))
    assert len(rows) == 6 and len(rows[0]) == 3


def test_ask_answers_a_boolean(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": "ASK { ?s a <https://w3id.org/influence-kg/ns#Takedown> }"})
    assert r.json()["boolean"] is True


@pytest.mark.parametrize("media,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                       ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_construct_results_parse_in_each_graph_format(server: str, media: str, fmt: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    g = rdflib.Graph().parse(data=r.content, format=fmt)
    assert len(g) > 0


def test_a_syntax_error_is_a_400_with_the_parser_message(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": "SELEC ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "query_syntax_error" and "SPARQL syntax error" in body["message"]


def test_an_unservable_accept_header_is_a_406(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": SELECT_ALL}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.json()["error"] == "unsupported_format"


def test_a_missing_query_is_a_400(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"default-graph-uri": "http://127.0.0.1:8000/graph/entities"})
    assert r.status_code == 400 and "query" in r.json()["message"]
    r = httpx.post(server + "/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and "content type" in r.json()["message"]


def test_actor_lookup_gives_labels_aliases_type_and_article_count(server: str) -> None:
    r = httpx.get(server + "/actors/inter-services-public-relations")
    assert r.status_code == 200
    body = r.json()
    assert body["label"] == "Inter-Services Public Relations"
    assert body["type"] == "StateAgency"
    assert "ISPR" in body["aliases"]
    assert body["article_count"] == 1
    assert any(a["role"] == "attributed_to" for a in body["attributions"])


def test_an_unknown_actor_is_a_404_with_json(server: str) -> None:
    r = httpx.get(server + "/actors/no-such-actor")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_entity_iris_dereference_on_the_server(server: str) -> None:
    r = httpx.get(server + "/entity/meta", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef("http://127.0.0.1:8000/entity/meta"), None, None) in g


def test_the_openapi_docs_are_served(server: str) -> None:
    assert httpx.get(server + "/docs").status_code == 200
    paths = httpx.get(server + "/openapi.json").json()["paths"]
    assert {"/sparql", "/actors/{ident}", "/export"} <= set(paths)


@pytest.mark.parametrize("fmt,parser", [("trig", "trig"), ("nquads", "nquads"), ("turtle", "turtle"),
                                        ("jsonld", "json-ld")])
def test_the_export_parses(server: str, fmt: str, parser: str) -> None:
    r = httpx.get(server + "/export", params={"format": fmt}, timeout=60)
    assert r.status_code == 200
    g = rdflib.Dataset() if parser in ("trig", "nquads", "json-ld") else rdflib.Graph()
    g.parse(data=r.content, format=parser)
    assert len(list(g.quads() if isinstance(g, rdflib.Dataset) else g)) > 1000


def test_minted_iris_of_articles_mentions_and_takedowns_dereference(server: str) -> None:
    rows = httpx.get(server + "/sparql", params={"query": "SELECT ?m ?t WHERE { ?m a <https://w3id.org/influence-kg/ns#Mention> . "
                     "?t a <https://w3id.org/influence-kg/ns#Takedown> } LIMIT 1"}).json()["results"]["bindings"]
    for key in ("m", "t"):
        path = rows[0][key]["value"].replace("http://127.0.0.1:8000", "")
        r = httpx.get(server + path, headers={"Accept": "application/n-triples"})
        assert r.status_code == 200 and rows[0][key]["value"] in r.text
    assert httpx.get(server + "/takedown/no-such-thing").status_code == 404
