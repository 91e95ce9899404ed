"""GET /search against a real server over the seeds and the demo corpus."""
from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import BASE, WRITE_TOKEN

SKOS = "http://www.w3.org/2004/02/skos/core#"


def search(root: str, **params: Any) -> dict[str, Any]:
    r = httpx.get(f"{root}/search", params=params, timeout=30)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def ask(root: str, sparql: str) -> bool:
    r = httpx.get(f"{root}/sparql", params={"query": sparql},
                  headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


def has_name(root: str, slug: str, name: str) -> bool:
    return ask(root, f"ASK {{ GRAPH <{BASE}graph/entities> {{ <{BASE}entity/{slug}> ?p ?n . "
                     f"VALUES ?p {{ <{SKOS}prefLabel> <{SKOS}altLabel> <{SKOS}hiddenLabel> }} "
                     f"FILTER(STR(?n) = \"{name}\") }} }}")


def test_an_acronym_alias_finds_its_entity_whatever_the_case(full_server: str) -> None:
    assert has_name(full_server, "inter-services-public-relations", "ISPR")
    top = search(full_server, q="ispr")["results"][0]
    assert top["iri"] == f"{BASE}entity/inter-services-public-relations"
    assert top["label"] == "Inter-Services Public Relations"
    assert top["type"] == "StateAgency"
    assert top["matched"] == "ISPR"
    assert 0 < top["score"] <= 1


def test_sio_finds_the_stanford_internet_observatory(full_server: str) -> None:
    assert has_name(full_server, "stanford-internet-observatory", "SIO")
    top = search(full_server, q="SIO")["results"][0]
    assert top["iri"] == f"{BASE}entity/stanford-internet-observatory"


def test_initials_of_a_long_name_find_it_without_an_alias(full_server: str) -> None:
    assert not ask(full_server, "ASK { ?e ?p ?n FILTER(LCASE(STR(?n)) = \"efis\") }")
    top = search(full_server, q="EFIS")["results"][0]
    assert top["label"] == "Estonian Foreign Intelligence Service"
    assert top["matched"] == "Estonian Foreign Intelligence Service"


def test_an_accented_misspelling_finds_the_person_first(full_server: str) -> None:
    assert not has_name(full_server, "yevgeny-prigozhin", "Prigozin")
    top = search(full_server, q="Prigožin")["results"][0]
    assert top["iri"] == f"{BASE}entity/yevgeny-prigozhin"
    assert top["score"] < 1


def test_a_typo_in_a_long_name_finds_it_first(full_server: str) -> None:
    top = search(full_server, q="stanford internet observatroy")["results"][0]
    assert top["iri"] == f"{BASE}entity/stanford-internet-observatory"


def test_an_exact_label_outranks_fuzzy_hits(full_server: str) -> None:
    results = search(full_server, q="russia")["results"]
    assert results[0]["iri"] == f"{BASE}entity/russia"
    assert results[0]["score"] == 1.0
    assert all(r["score"] < 1.0 for r in results[1:])
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_the_type_filter_keeps_only_that_class(full_server: str) -> None:
    research = search(full_server, q="stanford", type="ResearchOrg")["results"]
    assert research and {r["type"] for r in research} == {"ResearchOrg"}
    assert f"{BASE}entity/stanford-internet-observatory" in [r["iri"] for r in research]
    orgs = search(full_server, q="stanford", type="Organization")["results"]
    assert [r["iri"] for r in orgs] == [f"{BASE}entity/stanford-university"]


def test_meta_and_facebook_stay_distinct_results(full_server: str) -> None:
    results = search(full_server, q="Facebook")["results"]
    by_iri = {r["iri"]: r for r in results}
    assert results[0]["iri"] == f"{BASE}entity/facebook"
    assert results[0]["type"] == "Platform"
    assert by_iri[f"{BASE}entity/meta"]["type"] == "Company"
    assert search(full_server, q="Meta", type="Platform")["total"] == 0


def test_pages_add_up_to_one_long_page(full_server: str) -> None:
    whole = search(full_server, q="ministry", limit=15)
    assert whole["total"] > 15
    pages = [search(full_server, q="ministry", limit=5, offset=o) for o in (0, 5, 10)]
    assert {p["total"] for p in pages} == {whole["total"]}
    assert [r["iri"] for p in pages for r in p["results"]] == [r["iri"] for r in whole["results"]]
    past_the_end = search(full_server, q="ministry", offset=whole["total"])
    assert past_the_end["results"] == [] and past_the_end["total"] == whole["total"]


def test_bad_parameters_are_400_with_a_json_error(full_server: str) -> None:
    for params in ({"q": ""}, {"q": "   "}, {}, {"q": "x", "limit": 0}, {"q": "x", "limit": 101},
                   {"q": "x", "offset": -1}):
        r = httpx.get(f"{full_server}/search", params=params, timeout=30)
        assert r.status_code == 400, params
        assert r.json()["error"] == "bad_input"


def test_an_unknown_type_is_400_naming_the_valid_types(full_server: str) -> None:
    r = httpx.get(f"{full_server}/search", params={"q": "x", "type": "Spy"}, timeout=30)
    assert r.status_code == 400
    assert "ResearchOrg" in r.json()["message"] and "Platform" in r.json()["message"]


def test_openapi_documents_search_with_its_parameters(full_server: str) -> None:
    spec = httpx.get(f"{full_server}/openapi.json", timeout=30).json()
    op = spec["paths"]["/search"]["get"]
    assert {p["name"] for p in op["parameters"]} >= {"q", "type", "limit", "offset"}
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    model = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert {"query", "total", "results"} <= set(model["properties"])


def test_a_merged_away_entity_is_found_only_as_the_one_it_became(writable_server: str) -> None:
    before = search(writable_server, q="FireEye")["results"]
    assert before[0]["iri"] == f"{BASE}entity/fireeye"  # the index is built and cached here
    r = httpx.post(f"{writable_server}/decisions", timeout=60, headers={"Authorization": f"Bearer {WRITE_TOKEN}"},
                   json={"kind": "merge", "subject": "mandiant", "object": "fireeye", "who": "tests",
                         "why": "Mandiant was FireEye's incident-response business"})
    assert r.status_code == 201, r.text
    after = search(writable_server, q="FireEye")["results"]
    assert f"{BASE}entity/fireeye" not in [x["iri"] for x in after]
    assert after[0]["iri"] == f"{BASE}entity/mandiant"
    assert after[0]["matched"] == "FireEye"
    assert f"{BASE}entity/fireeye" not in [x["iri"] for x in search(writable_server, q="Mandiant")["results"]]
