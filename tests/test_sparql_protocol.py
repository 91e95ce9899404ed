"""SPARQL 1.1 Protocol (query and update), the service description and the Graph Store HTTP Protocol, over HTTP."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import rdflib
from rdflib.namespace import RDF

from tests.conftest import BASE, WRITE_TOKEN, copied_store, running_server

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
KGO = "https://w3id.org/influence-kg/ns#"
JSON = {"Accept": "application/sparql-results+json"}
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
ARTICLES = f"SELECT DISTINCT ?a WHERE {{ ?a a <{KGO}Article> }}"
KGB_GRAPH = f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?x <{KGO}attributedTo> <{BASE}entity/kgb-of-belarus> }} }}"""
MAX_BODY = 20_000


def rows(r: httpx.Response) -> list[dict[str, str]]:
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def select(root: str, query: str, **params: str | list[str]) -> list[dict[str, str]]:
    return rows(httpx.get(root + "/sparql", params={"query": query, **params}, headers=JSON))


def ask(root: str, query: str) -> bool:
    r = httpx.get(root + "/sparql", params={"query": query}, headers=JSON)
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


def article_graphs(root: str) -> list[str]:
    prefix = BASE + "graph/article/"
    found = select(root, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} FILTER(STRSTARTS(STR(?g), '{prefix}')) }} "
                         "ORDER BY ?g")
    return [r["g"] for r in found]


@pytest.fixture(scope="module")
def store_server(tmp_path_factory: pytest.TempPathFactory, seeded_store_dir: Path) -> Iterator[str]:
    """A writable server over a copy of the seeds, shared by the Graph Store tests (each uses its own graphs);
    bodies are limited to MAX_BODY bytes."""
    with copied_store(seeded_store_dir, tmp_path_factory.mktemp("gsp")) as location, \
            running_server(location, {"KG_WRITE_TOKEN": WRITE_TOKEN, "KG_MAX_BODY_BYTES": str(MAX_BODY)}) as root:
        yield root


def gsp(root: str, graph: str) -> str:
    return f"{root}/store?graph={quote(graph, safe='')}"


# ------------------------------------------------------------------------------------------ service description

def test_get_without_a_query_describes_the_service_in_turtle(server: str) -> None:
    r = httpx.get(server + "/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    endpoints = {str(o) for o in g.objects(None, SD.endpoint)}
    assert endpoints == {BASE + "sparql", BASE + "sparql/update"}
    assert {SD.SPARQL11Query, SD.SPARQL11Update} <= set(g.objects(None, SD.supportedLanguage))
    query_service = next(g.subjects(SD.endpoint, rdflib.URIRef(BASE + "sparql")))
    assert set(g.objects(query_service, SD.feature)) == {SD.UnionDefaultGraph}
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in set(g.objects(None, SD.resultFormat))


def test_the_service_description_lists_the_named_graphs(server: str) -> None:
    g = rdflib.Graph().parse(data=httpx.get(server + "/sparql").text, format="turtle")
    names = {str(o) for o in g.objects(None, SD.name)}
    assert set(article_graphs(server)) <= names and len(article_graphs(server)) == 5
    assert {BASE + "graph/entities", BASE + "graph/ontology", BASE + "graph/decisions"} <= names
    dataset = next(g.objects(None, SD.defaultDataset))
    assert rdflib.URIRef(BASE + ".well-known/void") in set(g.objects(dataset, rdflib.RDFS.seeAlso))


@pytest.mark.parametrize(("media", "fmt"), [("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                                            ("application/n-triples", "nt")])
def test_the_service_description_comes_in_other_rdf_formats(server: str, media: str, fmt: str) -> None:
    r = httpx.get(server + "/sparql", headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    g = rdflib.Graph().parse(data=r.text, format=fmt)
    assert (None, RDF.type, SD.Service) in g and (None, SD.endpoint, rdflib.URIRef(BASE + "sparql")) in g


def test_a_browser_gets_the_service_description_not_html(server: str) -> None:
    r = httpx.get(server + "/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")


# ------------------------------------------------------------------------------------------ dataset parameters

def test_default_graph_uri_makes_one_article_graph_the_default_graph(server: str) -> None:
    kgb = select(server, KGB_GRAPH)[0]["g"]
    assert len(select(server, ARTICLES)) == 5
    only = select(server, ARTICLES, **{"default-graph-uri": kgb})
    assert len(only) == 1 and kgb.endswith(only[0]["a"].rsplit("/", 1)[-1])


def test_repeated_default_graph_uris_are_merged(server: str) -> None:
    two = article_graphs(server)[:2]
    assert len(select(server, ARTICLES, **{"default-graph-uri": two})) == 2


def test_named_graph_uri_limits_the_graphs_a_query_sees(server: str) -> None:
    two = article_graphs(server)[:2]
    found = select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": two})
    assert sorted(r["g"] for r in found) == sorted(two)
    # a dataset with named graphs only has an empty default graph
    r = httpx.get(server + "/sparql", params={"query": "ASK { ?s ?p ?o }", "named-graph-uri": two}, headers=JSON)
    assert r.status_code == 200 and r.json()["boolean"] is False


def test_dataset_parameters_work_in_all_three_request_forms(server: str) -> None:
    kgb = select(server, KGB_GRAPH)[0]["g"]
    forms = [
        httpx.get(server + "/sparql", params={"query": ARTICLES, "default-graph-uri": kgb}, headers=JSON),
        httpx.post(server + "/sparql", data={"query": ARTICLES, "default-graph-uri": kgb}, headers=JSON),
        httpx.post(server + "/sparql", params={"default-graph-uri": kgb}, content=ARTICLES.encode(),
                   headers={**JSON, "Content-Type": "application/sparql-query"}),
    ]
    assert [len(rows(r)) for r in forms] == [1, 1, 1]


def test_from_in_the_query_is_honoured(server: str) -> None:
    kgb = select(server, KGB_GRAPH)[0]["g"]
    found = select(server, f"SELECT DISTINCT ?a FROM <{kgb}> WHERE {{ ?a a <{KGO}Article> }}")
    assert len(found) == 1


def test_the_protocol_dataset_overrides_from_in_the_query(server: str) -> None:
    kgb = select(server, KGB_GRAPH)[0]["g"]
    other = next(g for g in article_graphs(server) if g != kgb)
    found = select(server, f"SELECT DISTINCT ?a FROM <{other}> WHERE {{ ?a a <{KGO}Article> }}",
                   **{"default-graph-uri": kgb})
    assert len(found) == 1 and kgb.endswith(found[0]["a"].rsplit("/", 1)[-1])


# ------------------------------------------------------------------------------------------ the error table

def test_a_get_with_dataset_parameters_but_no_query_is_a_400(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"default-graph-uri": BASE + "graph/entities"})
    assert r.status_code == 400 and "query" in r.json()["message"]


def test_two_query_parameters_are_a_400(server: str) -> None:
    two = {"query": ["ASK {}", "ASK {}"]}
    assert httpx.get(server + "/sparql", params=two).status_code == 400
    assert httpx.post(server + "/sparql", data={"query": ["ASK {}", "ASK {}"]}).status_code == 400
    r = httpx.post(server + "/sparql", params={"query": "ASK {}"}, content=b"ASK {}",
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and r.json()["error"] == "bad_input"


def test_a_query_and_an_update_together_are_a_400(server: str) -> None:
    r = httpx.post(server + "/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"})
    assert r.status_code == 400 and "/sparql/update" in r.json()["message"]


@pytest.mark.parametrize("ctype", ["text/plain", "application/json", "application/sparql-update", None])
def test_a_wrong_content_type_is_a_415(server: str, ctype: str | None) -> None:
    headers = {"Content-Type": ctype} if ctype else {}
    r = httpx.post(server + "/sparql", content=b"ASK {}", headers=headers)
    assert r.status_code == 415 and r.json()["error"] == "unsupported_media_type"


def test_a_malformed_query_is_a_400_with_the_parser_message(server: str) -> None:
    r = httpx.post(server + "/sparql", content=b"SELECT ?x WHERE { ?x ?y }",
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    assert r.json()["error"] == "query_syntax_error" and "1:" in r.json()["message"]


def test_an_unacceptable_accept_header_is_a_406(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert httpx.get(server + "/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_an_update_sent_as_a_query_is_a_syntax_error_and_changes_nothing(store_server: str) -> None:
    insert = "INSERT DATA { <urn:x:as-query> <urn:x:p> <urn:x:o> }"
    for r in (httpx.get(store_server + "/sparql", params={"query": insert}, headers=AUTH),
              httpx.post(store_server + "/sparql", data={"query": insert}, headers=AUTH),
              httpx.post(store_server + "/sparql", content=insert.encode(),
                         headers={**AUTH, "Content-Type": "application/sparql-query"})):
        assert r.status_code == 400 and r.json()["error"] == "query_syntax_error"
    assert not ask(store_server, "ASK { <urn:x:as-query> ?p ?o }")


def test_a_federated_query_is_refused(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "SERVICE" in r.json()["message"]


def test_service_and_from_inside_strings_iris_or_names_are_not_keywords(server: str) -> None:
    query = ('SELECT ?from WHERE { ?from a <urn:x:SERVICE> . ?from ?p "FROM <urn:x:g> SERVICE <urn:x:s>" } '
             '# SERVICE in a comment')
    assert select(server, query) == []
    assert len(select(server, f"SELECT DISTINCT ?from WHERE {{ ?from a <{KGO}Article> }}")) == 5  # still the union


def test_a_graph_uri_that_is_not_an_iri_is_a_400(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert r.status_code == 400


# ------------------------------------------------------------------------------------------ update

UPDATE = {**AUTH, "Content-Type": "application/sparql-update"}


def test_an_update_needs_the_write_token(store_server: str) -> None:
    insert = b"INSERT DATA { <urn:x:no-token> <urn:x:p> <urn:x:o> }"
    ctype = {"Content-Type": "application/sparql-update"}
    assert httpx.post(store_server + "/sparql/update", content=insert, headers=ctype).status_code == 401
    wrong = {**ctype, "Authorization": "Bearer nope"}
    assert httpx.post(store_server + "/sparql/update", content=insert, headers=wrong).status_code == 403
    assert not ask(store_server, "ASK { <urn:x:no-token> ?p ?o }")


def test_updates_are_refused_when_no_write_token_is_configured(server: str) -> None:
    r = httpx.post(server + "/sparql/update", content=b"CLEAR ALL", headers=UPDATE)
    assert r.status_code == 403


def test_a_direct_update_is_seen_by_the_next_query(store_server: str) -> None:
    r = httpx.post(store_server + "/sparql/update", headers=UPDATE,
                   content=b"INSERT DATA { GRAPH <urn:x:g> { <urn:x:direct> <urn:x:p> 'hello' } }")
    assert r.status_code == 204
    assert select(store_server, "SELECT ?o WHERE { <urn:x:direct> <urn:x:p> ?o }") == [{"o": "hello"}]


def test_a_form_update_can_delete_the_kgb_attribution(writable_server: str) -> None:
    kgb = f"ASK {{ ?a <{KGO}attributedTo> <{BASE}entity/kgb-of-belarus> }}"
    assert ask(writable_server, kgb)
    delete = f"DELETE WHERE {{ GRAPH ?g {{ ?a <{KGO}attributedTo> <{BASE}entity/kgb-of-belarus> }} }}"
    r = httpx.post(writable_server + "/sparql/update", data={"update": delete}, headers=AUTH)
    assert r.status_code == 204
    assert not ask(writable_server, kgb)


def test_a_malformed_update_is_a_400_and_writes_nothing(store_server: str) -> None:
    broken = b"INSERT DATA { <urn:x:malformed-update> <urn:x:p> 1 } ; INSERT DATA { <urn:x:t> <urn:x:p> "
    r = httpx.post(store_server + "/sparql/update", content=broken, headers=UPDATE)
    assert r.status_code == 400 and r.json()["error"] == "query_syntax_error"
    assert not ask(store_server, "ASK { <urn:x:malformed-update> ?p ?o }")


@pytest.mark.parametrize(("data", "fragment"), [
    ({"update": "LOAD <http://127.0.0.1:1/x.ttl>"}, "LOAD"),
    ({"update": "CLEAR GRAPH <urn:x:none>", "query": "ASK {}"}, "query"),
    ({"update": ["CLEAR DEFAULT", "CLEAR DEFAULT"]}, "exactly one"),
    ({"update": " "}, "exactly one"),
    ({"update": "CLEAR DEFAULT", "using-graph-uri": "urn:x:g"}, "using-graph-uri"),
])
def test_the_update_error_table(store_server: str, data: dict[str, str | list[str]], fragment: str) -> None:
    r = httpx.post(store_server + "/sparql/update", data=data, headers=AUTH)
    assert r.status_code == 400 and fragment in r.json()["message"]


def test_an_update_with_a_wrong_content_type_is_a_415(store_server: str) -> None:
    r = httpx.post(store_server + "/sparql/update", content=b"CLEAR DEFAULT",
                   headers={**AUTH, "Content-Type": "application/sparql-query"})
    assert r.status_code == 415


# ------------------------------------------------------------------------------------------ graph store protocol

TTL = {**AUTH, "Content-Type": "text/turtle"}


def test_put_creates_a_graph_with_201_and_get_returns_it(store_server: str) -> None:
    url = gsp(store_server, "urn:x:put-new")
    assert httpx.get(url).status_code == 404
    r = httpx.put(url, content=b"<urn:x:s> <urn:x:p> 'one' .", headers=TTL)
    assert r.status_code == 201
    got = httpx.get(url)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=got.text, format="turtle")
    assert set(g) == {(rdflib.URIRef("urn:x:s"), rdflib.URIRef("urn:x:p"), rdflib.Literal("one"))}


def test_put_replaces_an_existing_graph_with_204(store_server: str) -> None:
    url = gsp(store_server, "urn:x:put-replace")
    httpx.put(url, content=b"<urn:x:s> <urn:x:p> 'old' .", headers=TTL)
    r = httpx.put(url, content=b"<urn:x:s> <urn:x:p> 'new' .", headers=TTL)
    assert r.status_code == 204
    assert select(store_server, "SELECT ?o WHERE { GRAPH <urn:x:put-replace> { ?s ?p ?o } }") == [{"o": "new"}]


def test_post_merges_into_a_graph(store_server: str) -> None:
    url = gsp(store_server, "urn:x:post-merge")
    assert httpx.post(url, content=b"<urn:x:s> <urn:x:p> 'a' .", headers=TTL).status_code == 201
    nt = {**AUTH, "Content-Type": "application/n-triples"}
    assert httpx.post(url, content=b"<urn:x:s> <urn:x:p> \"b\" .\n", headers=nt).status_code == 204
    found = select(store_server, "SELECT ?o WHERE { GRAPH <urn:x:post-merge> { ?s ?p ?o } } ORDER BY ?o")
    assert found == [{"o": "a"}, {"o": "b"}]


def test_post_to_the_store_creates_a_graph_and_says_where(store_server: str) -> None:
    r = httpx.post(store_server + "/store", content=b"<urn:x:s> <urn:x:p> 'fresh' .", headers=TTL)
    assert r.status_code == 201
    got = httpx.get(store_server + r.headers["location"], headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and '"fresh"' in got.text


def test_delete_drops_a_graph_and_a_second_delete_is_a_404(store_server: str) -> None:
    url = gsp(store_server, "urn:x:delete")
    httpx.put(url, content=b"<urn:x:s> <urn:x:p> 'x' .", headers=TTL)
    assert httpx.delete(url, headers=AUTH).status_code == 204
    assert httpx.get(url).status_code == 404
    assert httpx.delete(url, headers=AUTH).status_code == 404
    assert not ask(store_server, "ASK { GRAPH <urn:x:delete> { ?s ?p ?o } }")


def test_head_answers_like_get_without_a_body(store_server: str) -> None:
    graph = article_graphs(store_server)[0]
    r = httpx.head(gsp(store_server, graph))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle") and r.content == b""
    assert int(r.headers["content-length"]) == len(httpx.get(gsp(store_server, graph)).content)
    assert httpx.head(gsp(store_server, "urn:x:missing")).status_code == 404


def test_a_malformed_body_is_a_400_and_the_graph_is_unchanged(store_server: str) -> None:
    url = gsp(store_server, "urn:x:malformed")
    httpx.put(url, content=b"<urn:x:s> <urn:x:p> 'kept' .", headers=TTL)
    r = httpx.put(url, content=b"<urn:x:s> <urn:x:p> 'lost' . <urn:x:t> <urn:x:p> ", headers=TTL)
    assert r.status_code == 400 and r.json()["error"] == "bad_input"
    assert select(store_server, "SELECT ?o WHERE { GRAPH <urn:x:malformed> { ?s ?p ?o } }") == [{"o": "kept"}]


@pytest.mark.parametrize(("media", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                            ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")])
def test_an_article_graph_comes_in_every_graph_format(store_server: str, media: str, fmt: str) -> None:
    graph = select(store_server, KGB_GRAPH)[0]["g"]
    r = httpx.get(gsp(store_server, graph), headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    g = rdflib.Graph().parse(data=r.text, format=fmt)
    kgb = rdflib.URIRef(BASE + "entity/kgb-of-belarus")
    assert (None, rdflib.URIRef(KGO + "attributedTo"), kgb) in g


@pytest.mark.parametrize(("media", "fmt"), [("application/trig", "trig"), ("application/n-quads", "nquads")])
def test_the_whole_dataset_comes_as_trig_or_nquads(store_server: str, media: str, fmt: str) -> None:
    r = httpx.get(store_server + "/store", headers={"Accept": media}, timeout=120)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    ds = rdflib.Dataset()
    ds.parse(data=r.text, format=fmt)
    names = {str(c.identifier) for c in ds.contexts()}
    assert set(article_graphs(store_server)) <= names and BASE + "graph/entities" in names


def test_the_whole_dataset_is_not_offered_as_a_single_graph_format(store_server: str) -> None:
    assert httpx.get(store_server + "/store", headers={"Accept": "text/turtle"}).status_code == 406


def test_the_default_graph_reads_as_the_union_and_writes_go_to_the_stored_default(store_server: str) -> None:
    r = httpx.get(store_server + "/store?default", headers={"Accept": "application/n-triples"}, timeout=120)
    assert r.status_code == 200 and f"<{KGO}Attribution>" in r.text
    url = store_server + "/store?default"
    assert httpx.put(url, content=b"<urn:x:d> <urn:x:p> 'in default' .", headers=TTL).status_code == 204
    assert ask(store_server, "ASK { <urn:x:d> <urn:x:p> 'in default' }")
    assert httpx.delete(url, headers=AUTH).status_code == 204
    assert not ask(store_server, "ASK { <urn:x:d> ?p ?o }")
    assert ask(store_server, f"ASK {{ ?a a <{KGO}Attribution> }}")  # named graphs untouched


def test_graph_store_writes_need_the_write_token(store_server: str) -> None:
    url = gsp(store_server, "urn:x:no-token")
    body = b"<urn:x:s> <urn:x:p> 'x' ."
    assert httpx.put(url, content=body, headers={"Content-Type": "text/turtle"}).status_code == 401
    assert httpx.post(url, content=body, headers={"Content-Type": "text/turtle",
                                                  "Authorization": "Bearer nope"}).status_code == 403
    assert httpx.delete(gsp(store_server, BASE + "graph/entities")).status_code == 401
    assert httpx.get(url).status_code == 404


@pytest.mark.parametrize("query", ["graph=urn:x:a&default", "graph=urn:x:a&graph=urn:x:b", "", "graph=not%20an%20iri"])
def test_a_put_must_name_exactly_one_valid_graph(store_server: str, query: str) -> None:
    r = httpx.put(f"{store_server}/store?{query}", content=b"<urn:x:s> <urn:x:p> 'x' .", headers=TTL)
    assert r.status_code == 400


def test_a_body_in_an_unsupported_format_is_a_415(store_server: str) -> None:
    r = httpx.put(gsp(store_server, "urn:x:csv"), content=b"a,b,c", headers={**AUTH, "Content-Type": "text/csv"})
    assert r.status_code == 415 and httpx.get(gsp(store_server, "urn:x:csv")).status_code == 404


def test_a_named_graph_in_a_graph_body_is_a_400(store_server: str) -> None:
    body = b'{"@id": "urn:x:named", "@graph": [{"@id": "urn:x:s", "urn:x:p": "x"}]}'
    r = httpx.put(gsp(store_server, "urn:x:jsonld"), content=body,
                  headers={**AUTH, "Content-Type": "application/ld+json"})
    assert r.status_code == 400 and httpx.get(gsp(store_server, "urn:x:jsonld")).status_code == 404


def test_bodies_over_the_size_limit_are_a_413_and_write_nothing(store_server: str) -> None:
    big = b"".join(b"<urn:x:big> <urn:x:p> '%d' .\n" % i for i in range(MAX_BODY // 20))
    assert len(big) > MAX_BODY
    assert httpx.put(gsp(store_server, "urn:x:big"), content=big, headers=TTL).status_code == 413
    update = b"INSERT DATA { " + big + b" }"
    r = httpx.post(store_server + "/sparql/update", content=update, headers=UPDATE)
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    query = b"ASK { " + big + b" }"
    assert httpx.post(store_server + "/sparql", content=query,
                      headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert not ask(store_server, "ASK { <urn:x:big> ?p ?o }")
