"""Named queries over HTTP and the CLI: each answers what an analyst expects on the seeds; parameters are
typed and bound as data, never pasted into the query."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg.queries import TYPES, named_queries, with_values
from kg.stores import Store
from tests.conftest import BASE, WRITE_TOKEN, run_kg

KGB_ARTICLE = BASE + "article/24497a036aca2b37"
WAGNER_ARTICLE = BASE + "article/60b3b0385ad5a6b6"
ISPR_ARTICLE = BASE + "article/a42cc76e8163f5fd"


def e(slug: str) -> str:
    return f"{BASE}entity/{slug}"


def rows(root: str, name: str, **params: str) -> list[dict[str, str]]:
    """A named query's rows over HTTP (SPARQL JSON results), each as {variable: value} for bound variables."""
    r = httpx.get(f"{root}/queries/{name}", params=params, timeout=60,
                  headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def error(root: str, name: str, **params: str) -> tuple[int, dict[str, Any]]:
    r = httpx.get(f"{root}/queries/{name}", params=params, timeout=60)
    return r.status_code, r.json()


# ---------------------------------------------------------------------- the catalogue


def test_there_are_at_least_fifteen_named_queries_with_a_header() -> None:
    queries = named_queries()
    assert len(queries) >= 15
    for q in queries.values():
        assert q.title != q.name and q.description, q.name


def test_every_parameter_is_a_variable_of_its_query_with_a_valid_default(store: Store) -> None:
    for q in named_queries().values():
        body = "\n".join(line for line in q.text.splitlines() if not line.lstrip().startswith("#"))
        for p in q.params:
            assert re.search(rf"\?{p.name}\b", body), f"{q.name}: ?{p.name}"
            assert p.type in TYPES and p.description, f"{q.name}: {p.name}"
            if p.default is not None:
                TYPES[p.type](store, p.default)


EXAMPLES = {"actor": "wagner-group", "state": "belarus", "platform": "facebook", "since": "2020-01-01",
            "tactic": "fake-personas"}


def test_every_named_query_runs_with_its_required_parameters(seeded_store_dir: Path) -> None:
    from kg.queries import run
    from kg.stores import open_store

    empty_on_seeds = {"takedown_conflicts", "hedged_only", "denied_claims"}
    with open_store(seeded_store_dir, BASE) as store:
        for q in named_queries().values():
            params = {p.name: EXAMPLES[p.name] for p in q.params if p.required}
            found = list(run(store, q.name, params))  # type: ignore[arg-type]
            assert bool(found) == (q.name not in empty_on_seeds), q.name


def test_the_listing_gives_every_query_with_typed_parameters(server: str) -> None:
    listing = httpx.get(f"{server}/queries", timeout=30).json()
    by_name = {q["name"]: q for q in listing}
    assert set(by_name) == set(named_queries())
    since = by_name["changes_since"]["parameters"]
    assert since == [{"name": "since", "type": "date", "required": True, "default": None,
                      "description": "the first day to include, YYYY-MM-DD"}]
    min_sources = next(p for p in by_name["co_mentions"]["parameters"] if p["name"] == "min_sources")
    assert min_sources["type"] == "integer" and min_sources["required"] is False
    assert min_sources["default"] == "2"


def test_the_meta_page_gives_title_parameters_and_the_sparql(server: str) -> None:
    meta = httpx.get(f"{server}/queries/platform_actors/meta", timeout=30).json()
    assert meta["title"] == "Actors who used a platform"
    assert meta["parameters"][0]["name"] == "platform" and meta["parameters"][0]["type"] == "platform"
    assert "kgo:usedPlatform" in meta["sparql"]


# ---------------------------------------------------------------------- one test per named query


def test_actors_ranks_facebook_first_and_filters_by_class_and_name(server: str) -> None:
    everyone = rows(server, "actors")
    assert everyone[0]["entity"] == e("facebook") and everyone[0]["articles"] == "5"
    agencies = {r["label"] for r in rows(server, "actors", type="StateAgency")}
    assert {"KGB of Belarus", "Inter-Services Public Relations"} <= agencies
    assert "Facebook" not in agencies
    assert [r["entity"] for r in rows(server, "actors", text="kgb")] == [e("kgb-of-belarus")]


def test_actor_articles_lists_the_article_naming_wagner_with_its_surfaces(server: str) -> None:
    found = rows(server, "actor_articles", actor="wagner-group")
    assert [r["article"] for r in found] == [WAGNER_ARTICLE]
    assert {"Wagner Group", "Wagner"} <= set(found[0]["surfaces"].split("|"))
    assert int(found[0]["mentions"]) >= 2


def test_attributions_to_wagner_by_stance(server: str) -> None:
    both = {(r["byLabel"], r["stanceLabel"]) for r in rows(server, "attributions", actor="wagner-group")}
    assert both == {("Logically", "hedged"), ("POLITICO", "asserted")}
    hedged = rows(server, "attributions", actor="wagner-group", stance="hedged")
    assert {r["byLabel"] for r in hedged} == {"Logically"}
    assert "attribute the messages to Wagner" in hedged[0]["evidence"]


def test_operations_of_wagner_used_facebook_and_twitter(server: str) -> None:
    ops = rows(server, "operations", actor="wagner-group")
    assert [r["operation"] for r in ops] == [BASE + "operation/wagner-group--2024-11"]
    assert set(ops[0]["platforms"].split("|")) == {"Facebook", "Twitter"}
    assert ops[0]["targets"] == "United States"
    assert len(rows(server, "operations")) == 5


def test_takedowns_give_counts_with_the_platform_owner_company(server: str) -> None:
    found = rows(server, "takedowns")
    kgb = [r for r in found if r["article"] == KGB_ARTICLE and r["key"] == "facebook_accounts"]
    assert kgb and kgb[0]["count"] == "41" and kgb[0]["platformLabel"] == "Facebook"
    assert kgb[0]["companyLabel"] == "Meta" and kgb[0]["actorLabel"] == "KGB of Belarus"
    twitter = [r for r in found if r.get("platformLabel") == "Twitter"]
    assert twitter and {r["companyLabel"] for r in twitter} == {"X Corp."}
    instagram = rows(server, "takedowns", platform="instagram")
    assert {r["key"] for r in instagram} == {"instagram_accounts"}
    assert {r["count"] for r in instagram} == {"4", "107"}


def test_takedown_conflicts_do_not_flag_a_figure_one_source_repeats(server: str) -> None:
    # The Pakistan article states 453 Facebook accounts twice; only different figures are a conflict.
    assert rows(server, "takedown_conflicts") == []
    assert sum(r["count"] == "453" for r in rows(server, "takedowns", platform="facebook")) == 2


def test_actors_by_operations_counts_each_attributed_operation(server: str) -> None:
    found = {r["label"]: r for r in rows(server, "actors_by_operations")}
    assert set(found) == {"China", "Inter-Services Public Relations", "KGB of Belarus", "Wagner Group"}
    assert all(r["operations"] == "1" for r in found.values())
    assert set(found["Wagner Group"]["attributedBy"].split("|")) == {"Logically", "POLITICO"}
    assert {r["label"] for r in rows(server, "actors_by_operations", type="StateAgency")} == {
        "Inter-Services Public Relations", "KGB of Belarus"}


def test_state_agency_operations_finds_the_kgb_for_belarus(server: str) -> None:
    found = rows(server, "state_agency_operations", state="belarus")
    assert {r["agencyLabel"] for r in found} == {"KGB of Belarus"}
    assert {r["operation"] for r in found} == {KGB_ARTICLE + "/operation"}
    assert "Meta" in {r.get("byLabel") for r in found}
    pakistan = rows(server, "state_agency_operations", state=e("pakistan"))
    assert {r["agencyLabel"] for r in pakistan} == {"Inter-Services Public Relations"}
    status, body = error(server, "state_agency_operations", state="facebook")
    assert status == 400 and "State" in body["message"]


def test_platform_actors_finds_who_used_facebook_and_twitter(server: str) -> None:
    facebook = {r["actorLabel"] for r in rows(server, "platform_actors", platform="facebook")}
    assert facebook == {"Inter-Services Public Relations", "Wagner Group"}
    twitter = rows(server, "platform_actors", platform="twitter")
    assert [(r["actorLabel"], r["articles"]) for r in twitter] == [("Wagner Group", WAGNER_ARTICLE)]


def test_hedged_only_leaves_out_wagner_whom_politico_asserts(server: str) -> None:
    assert rows(server, "attributions", actor="wagner-group", stance="hedged")  # Logically hedges...
    assert rows(server, "hedged_only") == []  # ...but POLITICO asserts the same operation


def test_hedged_only_lists_an_operation_nobody_asserts(full_server: str) -> None:
    found = rows(full_server, "hedged_only")
    assert [(r["operation"], r["actorLabel"], r["byLabel"]) for r in found] == [
        (BASE + "operation/internet-research-agency--2018-07", "Internet Research Agency", "Facebook")]


def test_denied_claims_give_the_claimant_and_the_sentence(full_server: str) -> None:
    found = {r["actorLabel"]: r for r in rows(full_server, "denied_claims")}
    assert found["TELCOR"]["claimantLabel"] == "Nicaragua"
    assert "dismissed foreign criticism" in found["TELCOR"]["evidence"]
    assert set(found) == {"TELCOR", "China"}
    assert rows(full_server, "denied_claims", actor="telcor")[0]["actor"] == e("telcor")


def test_co_mentions_pairs_facebook_and_twitter_most_often(server: str) -> None:
    top = rows(server, "co_mentions")[0]
    assert (top["firstLabel"], top["secondLabel"], top["sources"]) == ("Facebook", "Twitter", "4")
    belarus = rows(server, "co_mentions", entity="belarus")
    assert belarus and {r["first"] for r in belarus} == {e("belarus")}
    assert ("Alexander Lukashenko", "2") in {(r["secondLabel"], r["sources"]) for r in belarus}
    assert rows(server, "co_mentions", min_sources="5") == []


def test_changes_since_lists_ingested_and_published_articles(server: str) -> None:
    found = rows(server, "changes_since", since="2024-01-01")
    assert sum(r["change"] == "article ingested" for r in found) == 5
    published = {r["item"] for r in found if r["change"] == "article published"}
    assert published == {WAGNER_ARTICLE}  # the other dated seed was published in 2021
    assert rows(server, "changes_since", since="2999-01-01") == []


def test_changes_since_lists_a_recorded_decision(writable_server: str) -> None:
    r = httpx.post(f"{writable_server}/decisions", timeout=60,
                   headers={"Authorization": f"Bearer {WRITE_TOKEN}"},
                   json={"kind": "different", "subject": "wagner-group", "object": "kgb-of-belarus",
                         "who": "ana", "why": "not the same actor"})
    assert r.status_code == 201, r.text
    decisions = [x for x in rows(writable_server, "changes_since", since="2020-01-01")
                 if x["change"].startswith("decision")]
    assert [(x["who"], x["label"]) for x in decisions] == [("ana", "different: not the same actor")]


def test_statement_sources_by_claimant_and_stance(server: str) -> None:
    every = rows(server, "statement_sources", actor="wagner-group")
    assert {r["article"] for r in every} == {WAGNER_ARTICLE}
    politico = rows(server, "statement_sources", actor="wagner-group", claimant="politico")
    assert len(politico) == 1 and "POLITICO" in politico[0]["evidence"]
    assert int(politico[0]["begin"]) < int(politico[0]["end"]) and politico[0]["issued"] == "2024-11-02"
    hedged = rows(server, "statement_sources", actor="wagner-group", stance="Hedged")
    assert [r["byLabel"] for r in hedged] == ["Logically"]


def test_removed_accounts_sum_each_figure_once(server: str) -> None:
    found = {r["platformLabel"]: r for r in rows(server, "removed_accounts_by_year")}
    assert found["Facebook"]["accounts"] == "499"  # 41 (KGB) + 5 (Hong Kong) + 453 (Pakistan, stated twice)
    assert found["Twitter"]["accounts"] == "200936"
    assert found["Instagram"]["accounts"] == "111"
    assert "year" not in found["Facebook"]  # no seed takedown is dated


def test_removed_accounts_by_year_uses_takedown_dates(full_server: str) -> None:
    facebook = {r.get("year"): r["accounts"] for r in rows(full_server, "removed_accounts_by_year",
                                                           platform="facebook")}
    assert facebook["2023"] == "7704"


def test_targets_tactics_and_languages(server: str) -> None:
    targets = {r["targetLabel"]: r for r in rows(server, "targets")}
    assert {"India", "Pakistan", "Hong Kong", "United States"} <= set(targets)
    assert targets["United States"]["actors"] == "Wagner Group"
    tactics = rows(server, "tactics")
    assert (tactics[0]["tacticLabel"], tactics[0]["operations"]) == ("fake personas", "3")
    assert {r["tacticLabel"] for r in rows(server, "tactics", actor="wagner-group")} == {
        "recruitment", "paid advertising"}
    languages = {r["language"] for r in rows(server, "languages")}
    assert {"Arabic", "Polish", "French"} <= languages


def test_tactic_operations_lists_who_used_fake_personas(server: str) -> None:
    found = rows(server, "tactic_operations", tactic="fake-personas")
    assert {r["actors"] for r in found} == {"KGB of Belarus", "China", "Inter-Services Public Relations"}
    assert all(r["evidence"] for r in found)


def test_claimants_rank_facebook_first_and_count_stances(server: str) -> None:
    found = rows(server, "claimants")
    assert found[0]["label"] == "Facebook" and found[0]["asserted"] == found[0]["attributions"]
    logically = next(r for r in found if r["label"] == "Logically")
    assert (logically["hedged"], logically["asserted"]) == ("1", "0")


# ---------------------------------------------------------------------- formats


def test_results_come_as_json_xml_csv_and_tsv(server: str) -> None:
    url = f"{server}/queries/platform_actors"
    q = {"platform": "twitter"}
    as_json = httpx.get(url, params=q, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert as_json.headers["content-type"].startswith("application/sparql-results+json")
    assert json.loads(as_json.text)["results"]["bindings"][0]["actorLabel"]["value"] == "Wagner Group"
    as_xml = httpx.get(url, params=q, headers={"Accept": "application/sparql-results+xml"}, timeout=30)
    assert as_xml.headers["content-type"].startswith("application/sparql-results+xml")
    literals = [el.text for el in ET.fromstring(as_xml.text).iter("{http://www.w3.org/2005/sparql-results#}literal")]
    assert "Wagner Group" in literals
    as_csv = httpx.get(url, params=q, headers={"Accept": "text/csv"}, timeout=30)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert [r["actorLabel"] for r in csv.DictReader(io.StringIO(as_csv.text))] == ["Wagner Group"]
    as_tsv = httpx.get(url, params={**q, "format": "tsv"}, timeout=30)
    assert as_tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert '"Wagner Group"@en' in as_tsv.text.splitlines()[1].split("\t")


def test_the_format_parameter_overrides_accept(server: str) -> None:
    r = httpx.get(f"{server}/queries/languages", params={"format": "csv"}, timeout=30,
                  headers={"Accept": "application/json"})
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text.startswith("language,operations,sources")


# ---------------------------------------------------------------------- bad input and injection


@pytest.mark.parametrize(("name", "params", "status", "needle"), [
    ("no_such_query", {}, 404, "no named query"),
    ("platform_actors", {}, 400, "needs the parameter platform"),
    ("platform_actors", {"platform": "twitter", "actor": "x"}, 400, "allowed: platform"),
    ("changes_since", {"since": "last week"}, 400, "ISO date"),
    ("co_mentions", {"min_sources": "2; DROP"}, 400, "not an integer"),
    ("attributions", {"stance": "maybe"}, 400, "Asserted, Hedged, Denied"),
    ("attributions", {"actor": "http://a b"}, 400, "not a valid IRI"),
    ("languages", {"format": "yaml"}, 406, "unknown format"),
])
def test_bad_parameters_are_refused_with_a_json_error(server: str, name: str, params: dict[str, str],
                                                      status: int, needle: str) -> None:
    got, body = error(server, name, **params)
    assert got == status and needle in body["message"] and body["error"]


def test_a_repeated_parameter_is_refused(server: str) -> None:
    r = httpx.get(f"{server}/queries/attributions?actor=china&actor=wagner-group", timeout=30)
    assert r.status_code == 400 and "given 2 times" in r.json()["message"]


def test_injection_in_an_entity_parameter_is_refused_and_changes_nothing(server: str) -> None:
    before = rows(server, "attributions")
    for attack in ("x> } ; DROP ALL ; { <y", '"} UNION { ?s ?p ?o }', "china> } UNION { ?s ?p ?o"):
        status, body = error(server, "attributions", actor=attack)
        assert status == 400 and body["error"] == "bad_input"
    assert rows(server, "attributions") == before


def test_injection_in_a_text_parameter_is_bound_as_plain_data(server: str) -> None:
    for attack in ('"} UNION { ?s ?p ?o }', "x\") || true || (\"", "') } } SELECT * WHERE { ?s ?p ?o } #"):
        assert rows(server, "actors", text=attack) == []
    assert [r["label"] for r in rows(server, "actors", text="Wagner")] == ["Wagner Group"]


def test_values_go_into_the_outer_where_group_not_a_commented_one() -> None:
    import pyoxigraph as ox

    text = "# description: SELECT x WHERE { tricky }\nSELECT ?a WHERE { ?s ?p ?a }"
    bound = with_values(text, {"a": ox.Literal('"} UNION {')})
    assert bound.splitlines()[0] == "# description: SELECT x WHERE { tricky }"
    assert 'VALUES (?a) { ("\\"} UNION {") }' in bound


# ---------------------------------------------------------------------- the CLI binds the same way


def test_the_cli_runs_a_named_query_with_typed_parameters(seeded_store_dir: Path) -> None:
    done = run_kg("query", "platform_actors", "-p", "platform=twitter", "--format", "csv",
                  "--store", str(seeded_store_dir))
    assert done.returncode == 0, done.stderr
    assert [r["actorLabel"] for r in csv.DictReader(io.StringIO(done.stdout))] == ["Wagner Group"]
    bad = run_kg("query", "changes_since", "-p", "since=yesterday", "--store", str(seeded_store_dir))
    assert bad.returncode == 2 and "ISO date" in bad.stderr


def test_the_cli_lists_queries_with_their_parameters() -> None:
    done = run_kg("queries")
    assert done.returncode == 0
    line = next(x for x in done.stdout.splitlines() if x.startswith("co_mentions\t"))
    assert "min_sources (integer, optional, default 2)" in line
