"""Real SPARQL clients against a real server: SPARQLWrapper, and rdflib's SPARQLStore / SPARQLUpdateStore."""
from __future__ import annotations

from typing import Any

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, RDFXML, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.conftest import BASE, WRITE_TOKEN

KGO = rdflib.Namespace("https://w3id.org/influence-kg/ns#")
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
KGB = rdflib.URIRef(BASE + "entity/kgb-of-belarus")
META = rdflib.URIRef(BASE + "entity/meta")
KGB_EVIDENCE = f"""
PREFIX kgo: <{KGO}>
SELECT ?by ?evidence WHERE {{
  ?a a kgo:Attribution ; kgo:attributedTo <{KGB}> ; kgo:claimedBy ?by ; kgo:evidence/<{NIF}anchorOf> ?evidence .
}}"""
KGB_CONSTRUCT = f"CONSTRUCT {{ ?a ?p ?o }} WHERE {{ ?a <{KGO}attributedTo> <{KGB}> ; ?p ?o }}"
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


def wrapper(root: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(root + "/sparql", updateEndpoint=root + "/sparql/update")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_select_in_json_finds_meta_attributing_to_the_kgb(server: str) -> None:
    result: Any = wrapper(server, KGB_EVIDENCE, JSON).queryAndConvert()
    bindings = result["results"]["bindings"]
    assert {b["by"]["value"] for b in bindings} == {str(META)}
    assert all("KGB" in b["evidence"]["value"] for b in bindings)


def test_sparqlwrapper_select_in_xml(server: str) -> None:
    doc: Any = wrapper(server, KGB_EVIDENCE, XML).queryAndConvert()
    uris = {n.firstChild.data for n in doc.getElementsByTagName("uri")}
    assert str(META) in uris


@pytest.mark.parametrize("method", [("GET", None), (POST, URLENCODED), (POST, POSTDIRECTLY)])
def test_sparqlwrapper_ask_over_every_request_form(server: str, method: tuple[str, str | None]) -> None:
    client = wrapper(server, f"ASK {{ ?a <{KGO}attributedTo> <{KGB}> }}", JSON)
    client.setMethod(method[0])
    if method[1]:
        client.setRequestMethod(method[1])
    result: Any = client.queryAndConvert()
    assert result["boolean"] is True


def test_sparqlwrapper_construct_in_rdfxml_and_turtle(server: str) -> None:
    graph: Any = wrapper(server, KGB_CONSTRUCT, RDFXML).queryAndConvert()
    assert isinstance(graph, rdflib.Graph) and (None, KGO.claimedBy, META) in graph
    turtle: Any = wrapper(server, KGB_CONSTRUCT, TURTLE).queryAndConvert()
    assert (None, KGO.claimedBy, META) in rdflib.Graph().parse(data=turtle, format="turtle")


def test_sparqlwrapper_default_graph_restricts_the_dataset(server: str) -> None:
    find = wrapper(server, f"SELECT ?g WHERE {{ GRAPH ?g {{ ?a <{KGO}attributedTo> <{KGB}> }} }}", JSON)
    found: Any = find.queryAndConvert()
    graph = found["results"]["bindings"][0]["g"]["value"]
    client = wrapper(server, f"SELECT DISTINCT ?a WHERE {{ ?a a <{KGO}Article> }}", JSON)
    client.addDefaultGraph(graph)
    result: Any = client.queryAndConvert()
    assert len(result["results"]["bindings"]) == 1


def test_sparqlwrapper_reports_a_malformed_query(server: str) -> None:
    with pytest.raises(QueryBadFormed):
        wrapper(server, "SELECT ?x WHERE { ?x ?y }", JSON).query()


def test_sparqlwrapper_update_with_the_token(writable_server: str) -> None:
    client = wrapper(writable_server, "INSERT DATA { GRAPH <urn:x:wrapper> { <urn:x:s> <urn:x:p> 'w' } }", JSON)
    client.setMethod(POST)
    client.addCustomHttpHeader("Authorization", AUTH["Authorization"])
    assert client.query().response.status == 204
    check: Any = wrapper(writable_server, "ASK { GRAPH <urn:x:wrapper> { <urn:x:s> <urn:x:p> 'w' } }",
                         JSON).queryAndConvert()
    assert check["boolean"] is True


def test_rdflib_sparqlstore_queries_and_reads_triples(server: str) -> None:
    graph = rdflib.Graph(SPARQLStore(server + "/sparql"))
    rows = list(graph.query(KGB_EVIDENCE))
    assert rows and {str(r[0]) for r in rows} == {str(META)}  # type: ignore[index]
    attributions = set(graph.subjects(rdflib.RDF.type, KGO.Attribution))
    assert any((a, KGO.attributedTo, KGB) in graph for a in attributions)


def test_rdflib_sparqlstore_lists_the_named_graphs(server: str) -> None:
    store = SPARQLStore(server + "/sparql")
    names = {str(c.identifier if isinstance(c, rdflib.Graph) else c) for c in store.contexts()}
    assert sum(n.startswith(BASE + "graph/article/") for n in names) == 5


def test_rdflib_sparqlupdatestore_adds_and_removes_in_a_named_graph(writable_server: str) -> None:
    store = SPARQLUpdateStore(writable_server + "/sparql", writable_server + "/sparql/update", headers=dict(AUTH))
    graph = rdflib.Graph(store, identifier=rdflib.URIRef("urn:x:rdflib"))
    triple = (rdflib.URIRef("urn:x:s"), rdflib.URIRef("urn:x:p"), rdflib.Literal("from rdflib", lang="en"))
    graph.add(triple)
    assert triple in graph and len(graph) == 1  # reads the graph through default-graph-uri
    reader = rdflib.Graph(SPARQLStore(writable_server + "/sparql"))
    assert triple in reader
    graph.remove(triple)
    assert triple not in graph and triple not in reader
