"""Linked data over a real server: every minted IRI in five formats, the ontology at its namespace, VoID."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.compare import isomorphic

from tests.conftest import BASE, copied_store, run_kg, running_server

KGO = rdflib.Namespace("https://w3id.org/influence-kg/ns#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml"}
MEDIA = [*RDFLIB_FORMATS, "application/ld+json", "text/html"]


def sparql_one(root: str, query: str) -> str:
    r = httpx.get(root + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"},
                  timeout=60)
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    assert rows, query
    return str(next(iter(rows[0].values()))["value"])


@pytest.fixture(scope="module")
def iris(full_server: str) -> dict[str, str]:
    """One IRI of each kind the graph mints, read from the served graph, with its expected type."""
    def first(cls: str, prefix: str) -> str:
        return sparql_one(full_server, f"SELECT ?x WHERE {{ ?x a <{KGO}{cls}> "
                                       f'FILTER(STRSTARTS(STR(?x), "{BASE}{prefix}")) }} ORDER BY ?x LIMIT 1')
    return {"State": BASE + "entity/russia", "Article": first("Article", "article/"),
            "Operation": first("Operation", "operation/"), "Takedown": first("Takedown", "takedown/"),
            "Mention": first("Mention", "article/"), "Attribution": first("Attribution", "article/")}


def url(root: str, iri: str) -> str:
    assert iri.startswith(BASE)
    return root + "/" + iri[len(BASE):]


def get(root: str, iri: str, accept: str, **params: str) -> httpx.Response:
    return httpx.get(url(root, iri), headers={"Accept": accept}, params=params, timeout=60)


def jsonld_graph(root: str, body: str) -> rdflib.Graph:
    """Parse JSON-LD offline: the document references the context by its base-IRI URL, which this test
    fetches from the server once and substitutes (rdflib would otherwise try to fetch it)."""
    doc = json.loads(body)
    assert doc["@context"] == BASE + "context.jsonld"
    doc["@context"] = httpx.get(root + "/context.jsonld").json()["@context"]
    return rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")


@pytest.mark.parametrize("kind", ["State", "Article", "Operation", "Takedown"])
@pytest.mark.parametrize("media", MEDIA)
def test_a_minted_iri_answers_in_every_format_with_its_type(full_server: str, iris: dict[str, str], kind: str,
                                                           media: str) -> None:
    iri = iris[kind]
    r = get(full_server, iri, media)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert r.headers["vary"] == "Accept"
    if media == "text/html":
        assert f"/ns#{kind}" in r.text and "?format=ttl" in r.text and "?format=jsonld" in r.text
        return
    g = jsonld_graph(full_server, r.text) if media == "application/ld+json" \
        else rdflib.Graph().parse(data=r.text, format=RDFLIB_FORMATS[media])
    assert (rdflib.URIRef(iri), rdflib.RDF.type, KGO[kind]) in g


@pytest.mark.parametrize("kind", ["State", "Takedown", "Mention"])
def test_jsonld_says_exactly_what_turtle_says(full_server: str, iris: dict[str, str], kind: str) -> None:
    turtle = rdflib.Graph().parse(data=get(full_server, iris[kind], "text/turtle").text, format="turtle")
    jsonld = jsonld_graph(full_server, get(full_server, iris[kind], "application/ld+json").text)
    assert len(turtle) > 3 and isomorphic(turtle, jsonld)


def test_jsonld_uses_the_published_terms(full_server: str, iris: dict[str, str]) -> None:
    doc = get(full_server, iris["Mention"], "application/ld+json").json()
    node = next(n for n in doc["@graph"] if n["@id"] == iris["Mention"])
    assert node["@type"] == "Mention" and node["refersTo"].startswith(BASE + "entity/")
    context = httpx.get(full_server + "/context.jsonld").json()["@context"]
    assert context["refersTo"] == {"@id": "kgo:refersTo", "@type": "@id"} and context["kgo"] == str(KGO)


def test_html_shows_the_label_and_links_locally(full_server: str) -> None:
    r = get(full_server, BASE + "entity/russia", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>Russia</h1>" in r.text
    assert 'href="/ns#State"' in r.text and 'href="/entity/russia?format=rdf"' in r.text
    assert 'href="/article/' in r.text  # statements citing it link to their local pages
    # The entity page is the web interface's (scripts enhance it); it loads nothing from elsewhere.
    assert '<script src="http' not in r.text and "http://127.0.0.1:8000/entity/russia</p>" in r.text


def test_a_mention_names_its_article_without_its_text(full_server: str, iris: dict[str, str]) -> None:
    article = sparql_one(full_server, f"SELECT ?a WHERE {{ <{iris['Mention']}> <{KGO}source> ?a }}")
    g = rdflib.Graph().parse(data=get(full_server, iris["Mention"], "text/turtle").text, format="turtle")
    assert (rdflib.URIRef(article), rdflib.DCTERMS.title, None) in g
    assert (rdflib.URIRef(article), KGO.text, None) not in g
    whole = rdflib.Graph().parse(data=get(full_server, article, "text/turtle").text, format="turtle")
    assert (rdflib.URIRef(article), KGO.text, None) in whole


def test_format_parameter_overrides_accept(full_server: str, iris: dict[str, str]) -> None:
    r = get(full_server, iris["Takedown"], "text/html", format="nt")
    assert r.headers["content-type"].startswith("application/n-triples")
    g = rdflib.Graph().parse(data=r.text, format="nt")
    assert (rdflib.URIRef(iris["Takedown"]), rdflib.RDF.type, KGO.Takedown) in g
    assert get(full_server, iris["Takedown"], "*/*", format="html").headers["content-type"].startswith("text/html")
    assert get(full_server, iris["Takedown"], "*/*", format="png").status_code == 406


def test_default_is_turtle_and_unservable_accept_is_406(full_server: str) -> None:
    assert get(full_server, BASE + "entity/russia", "*/*").headers["content-type"].startswith("text/turtle")
    bad = get(full_server, BASE + "entity/russia", "image/png")
    assert bad.status_code == 406 and bad.json()["error"] == "unsupported_format"


def test_a_gazetteer_entity_never_mentioned_still_describes(full_server: str) -> None:
    iri = sparql_one(full_server, f"""SELECT ?e WHERE {{ ?e a <{KGO}StateAgency> ;
        <http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER NOT EXISTS {{ ?m <{KGO}refersTo> ?e }} }}
        ORDER BY ?e LIMIT 1""")
    g = rdflib.Graph().parse(data=get(full_server, iri, "text/turtle").text, format="turtle")
    assert (rdflib.URIRef(iri), rdflib.RDF.type, KGO.StateAgency) in g


def test_unknown_iris_are_404_json_or_html(full_server: str) -> None:
    for path in ("/entity/no-such-entity", "/article/0000000000000000", "/takedown/nobody--nobody--1900-01"):
        r = httpx.get(full_server + path, headers={"Accept": "text/turtle"})
        assert r.status_code == 404 and r.json()["error"] == "not_found", path
        assert r.headers["vary"] == "Accept"
    page = httpx.get(full_server + "/entity/no-such-entity", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no-such-entity" in page.text


@pytest.mark.parametrize("path", ["/ns", "/ns/", "/ontology"])
@pytest.mark.parametrize("media", [*RDFLIB_FORMATS, "application/ld+json"])
def test_the_ontology_is_served_at_its_namespace(full_server: str, path: str, media: str) -> None:
    r = httpx.get(full_server + path, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    assert r.headers["vary"] == "Accept"
    g = jsonld_graph(full_server, r.text) if media == "application/ld+json" \
        else rdflib.Graph().parse(data=r.text, format=RDFLIB_FORMATS[media])
    assert (KGO.Attribution, rdflib.RDF.type, rdflib.OWL.Class) in g
    assert (KGO.refersTo, rdflib.RDF.type, rdflib.OWL.ObjectProperty) in g


def test_the_ontology_reads_as_html(full_server: str) -> None:
    r = httpx.get(full_server + "/ns", headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("text/html") and r.headers["vary"] == "Accept"
    assert '<dt id="Attribution">' in r.text and "linking an operation to an actor" in r.text
    assert '<dt id="refersTo">' in r.text


def test_the_tactics_scheme_is_served(full_server: str) -> None:
    tactics = rdflib.Namespace("https://w3id.org/influence-kg/tactics#")
    g = rdflib.Graph().parse(data=httpx.get(full_server + "/tactics", headers={"Accept": "text/turtle"}).text,
                             format="turtle")
    assert (tactics["fake-personas"], rdflib.RDF.type, rdflib.SKOS.Concept) in g
    page = httpx.get(full_server + "/tactics", headers={"Accept": "text/html"})
    assert '<dt id="fake-personas">' in page.text and page.headers["vary"] == "Accept"


def void_graph(root: str, media: str = "text/turtle") -> rdflib.Graph:
    r = httpx.get(root + "/.well-known/void", headers={"Accept": media}, timeout=120)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    if media == "application/ld+json":
        return jsonld_graph(root, r.text)
    return rdflib.Graph().parse(data=r.text, format=RDFLIB_FORMATS[media])


def test_void_counts_what_the_store_holds(full_server: str) -> None:
    g = void_graph(full_server)
    ds = rdflib.URIRef(BASE + ".well-known/void#dataset")
    triples = sparql_one(full_server, "SELECT (COUNT(*) AS ?n) WHERE { "
                                      "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert g.value(ds, VOID.triples).toPython() == int(triples)
    persons = sparql_one(full_server, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a <{KGO}Person> }}")
    part = next(p for p in g.objects(ds, VOID.classPartition) if g.value(p, VOID["class"]) == KGO.Person)
    assert g.value(part, VOID.entities).toPython() == int(persons)
    articles = sparql_one(full_server, f"SELECT (COUNT(?a) AS ?n) WHERE {{ ?a a <{KGO}Article> }}")
    subset = rdflib.URIRef(BASE + ".well-known/void#articles")
    assert (ds, VOID.subset, subset) in g and g.value(subset, VOID.documents).toPython() == int(articles)


def test_void_links_endpoint_dumps_and_vocabularies(full_server: str) -> None:
    g = void_graph(full_server)
    ds = rdflib.URIRef(BASE + ".well-known/void#dataset")
    assert g.value(ds, VOID.sparqlEndpoint) == rdflib.URIRef(BASE + "sparql")
    assert g.value(ds, VOID.uriSpace) == rdflib.Literal(BASE)
    assert rdflib.URIRef(BASE + "export?format=ntriples") in set(g.objects(ds, VOID.dataDump))
    assert {rdflib.URIRef(str(KGO)), rdflib.URIRef(str(rdflib.SKOS))} <= set(g.objects(ds, VOID.vocabulary))
    assert g.value(ds, rdflib.DCTERMS.modified) is not None


@pytest.mark.parametrize("media", ["application/n-triples", "application/rdf+xml", "application/ld+json"])
def test_void_in_other_formats(full_server: str, media: str) -> None:
    g = void_graph(full_server, media)
    assert (rdflib.URIRef(BASE + ".well-known/void#dataset"), rdflib.RDF.type, VOID.Dataset) in g


@pytest.fixture()
def merged_server(seeded_store_dir: Path, tmp_path: Path) -> Iterator[str]:
    """A server over a copy of the seeded store in which the analyst merged the EU Commission into the EU."""
    with copied_store(seeded_store_dir, tmp_path) as location:
        r = run_kg("er", "merge", "european-union", "european-commission", "--store", str(location), "--why", "test")
        assert r.returncode == 0, r.stderr
        with running_server(location) as root:
            yield root


def test_a_merged_away_iri_redirects_keeping_the_format(merged_server: str) -> None:
    r = httpx.get(merged_server + "/entity/european-commission", params={"format": "nt"}, follow_redirects=False)
    assert r.status_code in (301, 303)
    assert r.headers["location"] == "/entity/european-union?format=nt"
    kept = httpx.get(merged_server + "/entity/european-commission", params={"format": "nt"}, follow_redirects=True)
    g = rdflib.Graph().parse(data=kept.text, format="nt")
    assert (rdflib.URIRef(BASE + "entity/european-union"), rdflib.SKOS.prefLabel, None) in g
