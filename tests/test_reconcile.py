"""The W3C Reconciliation Service API (v0.2) at /reconcile, against a real server over seeds and demo."""
from __future__ import annotations

import json
import re
from typing import Any

import httpx

from tests.conftest import BASE

KGO = "https://w3id.org/influence-kg/ns#"
ENTITY_TYPES = {"State", "StateAgency", "Organization", "Group", "Company", "Platform", "ResearchOrg",
                "MediaOutlet", "Person", "Location", "Channel"}


def manifest(root: str) -> dict[str, Any]:
    r = httpx.get(f"{root}/reconcile", timeout=30)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = r.json()
    return body


def post_queries(root: str, queries: dict[str, Any]) -> dict[str, Any]:
    r = httpx.post(f"{root}/reconcile", data={"queries": json.dumps(queries)}, timeout=60)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def check_result_batch(batch: dict[str, Any]) -> None:
    """What the spec's reconciliation-result-batch schema requires of every candidate."""
    for answer in batch.values():
        for c in answer["result"]:
            assert isinstance(c["id"], str) and isinstance(c["name"], str)
            assert isinstance(c["score"], (int, float)) and isinstance(c["match"], bool)
            assert all(isinstance(t["id"], str) for t in c["type"])


def test_the_manifest_has_what_the_spec_requires(full_server: str) -> None:
    # No PyPI package ships the spec's JSON schemas, so its required keys and patterns are checked here.
    m = manifest(full_server)
    assert "0.2" in m["versions"] and all(isinstance(v, str) for v in m["versions"])
    assert isinstance(m["name"], str) and m["name"]
    assert m["identifierSpace"] == f"{BASE}entity/"
    assert m["schemaSpace"] == KGO
    assert {t["id"] for t in m["defaultTypes"]} == ENTITY_TYPES
    assert all(isinstance(t["name"], str) for t in m["defaultTypes"])
    assert m["view"]["url"] == f"{BASE}entity/{{{{id}}}}"
    assert "{{id}}" in m["preview"]["url"]
    assert isinstance(m["preview"]["width"], int) and isinstance(m["preview"]["height"], int)
    suggest = m["suggest"]["entity"]
    assert suggest["service_url"].startswith(full_server) and suggest["service_path"].startswith("/")


def test_the_view_template_points_at_dereferenceable_entity_iris(full_server: str) -> None:
    m = manifest(full_server)
    iri = m["view"]["url"].replace("{{id}}", "stanford-internet-observatory")
    r = httpx.get(iri.replace(BASE, full_server + "/"), headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200
    assert "Stanford Internet Observatory" in r.text


def test_a_batch_of_names_gets_the_right_ids(full_server: str) -> None:
    batch = post_queries(full_server, {
        "q0": {"query": "Inter-Services Public Relations"},
        "q1": {"query": "SIO", "type": "ResearchOrg"},
        "q2": {"query": "Prigozhin", "type": "Person", "limit": 3},
        "q3": {"query": "Internet Research Agency"},
    })
    check_result_batch(batch)
    tops = {k: v["result"][0]["id"] for k, v in batch.items()}
    assert tops == {"q0": "inter-services-public-relations", "q1": "stanford-internet-observatory",
                    "q2": "yevgeny-prigozhin", "q3": "internet-research-agency"}
    assert len(batch["q2"]["result"]) <= 3
    assert batch["q1"]["result"][0]["type"][0]["id"] == "ResearchOrg"


def test_match_is_true_only_for_a_clear_exact_hit(full_server: str) -> None:
    batch = post_queries(full_server, {"exact": {"query": "internet research agency"},
                                       "typo": {"query": "stanford internet observatroy"}})
    assert batch["exact"]["result"][0]["match"] is True
    assert batch["typo"]["result"][0]["id"] == "stanford-internet-observatory"
    assert batch["typo"]["result"][0]["match"] is False
    assert all(not c["match"] for a in batch.values() for c in a["result"][1:])


def test_the_type_of_a_query_filters_candidates(full_server: str) -> None:
    batch = post_queries(full_server, {"q0": {"query": "Meta", "type": "Platform"},
                                       "q1": {"query": "Meta", "type": KGO + "Company"}})
    assert "meta" not in [c["id"] for c in batch["q0"]["result"]]
    assert batch["q1"]["result"][0]["id"] == "meta"


def test_the_country_property_boosts_candidates_of_that_country(full_server: str) -> None:
    plain = post_queries(full_server, {"q": {"query": "Ministry of Defence", "type": "StateAgency", "limit": 20}})
    boosted = post_queries(full_server, {"q": {"query": "Ministry of Defence", "type": "StateAgency", "limit": 20,
                                               "properties": [{"pid": "country", "v": "Russia"}]}})
    russian = "ministry-of-defence-of-russia"
    scores = {c["id"]: c["score"] for c in plain["q"]["result"]}
    boosted_scores = {c["id"]: c["score"] for c in boosted["q"]["result"]}
    assert boosted_scores[russian] > scores[russian]
    assert boosted["q"]["result"][0]["id"] == russian


def test_get_with_queries_and_callback_answers_jsonp(full_server: str) -> None:
    queries = json.dumps({"q0": {"query": "ISPR"}})
    r = httpx.get(f"{full_server}/reconcile", params={"queries": queries, "callback": "jsonp123"}, timeout=30)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/javascript")
    m = re.fullmatch(r"/\*\*/jsonp123\((.*)\);", r.text, re.DOTALL)
    assert m is not None
    assert json.loads(m.group(1))["q0"]["result"][0]["id"] == "inter-services-public-relations"


def test_the_manifest_is_served_as_jsonp_too(full_server: str) -> None:
    r = httpx.get(f"{full_server}/reconcile", params={"callback": "cb"}, timeout=30)
    m = re.fullmatch(r"/\*\*/cb\((.*)\);", r.text, re.DOTALL)
    assert m is not None and "0.2" in json.loads(m.group(1))["versions"]


def test_get_with_queries_without_callback_answers_json(full_server: str) -> None:
    r = httpx.get(f"{full_server}/reconcile", params={"queries": json.dumps({"a": {"query": "Graphika"}})},
                  timeout=30)
    assert r.json()["a"]["result"][0]["id"] == "graphika"


def test_a_callback_that_is_not_an_identifier_is_refused(full_server: str) -> None:
    r = httpx.get(f"{full_server}/reconcile", params={"callback": "alert(1)//"}, timeout=30)
    assert r.status_code == 400
    assert r.json()["error"] == "bad_input"


def test_malformed_batches_are_400(full_server: str) -> None:
    for queries in ("not json", "[]", "{}", json.dumps({"q0": {"query": ""}}),
                    json.dumps({"q0": {"query": "x", "type": "Spy"}}), json.dumps({"q0": {"query": "x", "limit": 0}})):
        r = httpx.post(f"{full_server}/reconcile", data={"queries": queries}, timeout=30)
        assert r.status_code == 400, queries
        assert r.json()["error"] == "bad_input"


def test_suggest_completes_a_prefix(full_server: str) -> None:
    r = httpx.get(f"{full_server}/reconcile/suggest/entity", params={"prefix": "inter-serv"}, timeout=30)
    assert r.status_code == 200
    results = r.json()["result"]
    ids = [x["id"] for x in results]
    assert {"inter-services-public-relations", "inter-services-intelligence"} <= set(ids[:2])
    assert all(isinstance(x["name"], str) and x["notable"][0]["id"] in ENTITY_TYPES for x in results)
    typed = httpx.get(f"{full_server}/reconcile/suggest/entity", params={"prefix": "stanf", "type": "ResearchOrg"},
                      timeout=30).json()["result"]
    assert [x["id"] for x in typed] == ["stanford-internet-observatory"]


def test_preview_is_a_small_html_card(full_server: str) -> None:
    template = manifest(full_server)["preview"]["url"]
    r = httpx.get(template.replace("{{id}}", "inter-services-public-relations"), timeout=30)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "Inter-Services Public Relations" in r.text and "ISPR" in r.text and "Pakistan" in r.text
    assert httpx.get(f"{full_server}/reconcile/preview", params={"id": "no-such-entity"}, timeout=30).status_code == 404
