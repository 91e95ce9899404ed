"""The REST lookups an analyst uses: actors, relationships, operations, takedowns and sources, over a real server."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import httpx
import pytest

from tests.conftest import BASE, WRITE_TOKEN

KGB = BASE + "entity/kgb-of-belarus"
KGB_SEED = "24497a036aca2b37"  # ../shared/seeds/000_*: "Belarusian KGB created fake social media accounts ... Meta"


def get(root: str, path: str, **params: Any) -> Any:
    r = httpx.get(root + path, params=params, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def edges(root: str, actor: str, **params: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = get(root, f"/actors/{actor}/relationships", limit=500, **params)["items"]
    return out


# ---------------------------------------------------------------- actors


def test_actors_are_those_the_articles_name_most_articles_first(full_server: str) -> None:
    body = get(full_server, "/actors", limit=500)
    counts = [a["article_count"] for a in body["items"]]
    assert counts == sorted(counts, reverse=True) and min(counts) >= 1
    assert body["total"] == len(body["items"])
    assert get(full_server, "/actors", all="true", limit=1)["total"] > body["total"] + 1000  # the gazetteer


def test_actor_pages_do_not_overlap_and_add_up(full_server: str) -> None:
    first = get(full_server, "/actors", limit=5)["items"]
    second = get(full_server, "/actors", limit=5, offset=5)["items"]
    both = get(full_server, "/actors", limit=10)["items"]
    assert [a["iri"] for a in first + second] == [a["iri"] for a in both]
    assert not {a["iri"] for a in first} & {a["iri"] for a in second}


def test_actor_type_filter_keeps_only_that_class(full_server: str) -> None:
    everyone = get(full_server, "/actors", limit=1)["total"]
    agencies = get(full_server, "/actors", type="StateAgency", limit=500)
    assert 0 < agencies["total"] < everyone
    assert {a["type"] for a in agencies["items"]} == {"StateAgency"}
    assert KGB in {a["iri"] for a in agencies["items"]}


def test_actor_platform_and_country_filters(full_server: str) -> None:
    on_facebook = {a["slug"] for a in get(full_server, "/actors", platform="facebook", limit=500)["items"]}
    assert "wagner-group" in on_facebook and "royal-thai-army" not in on_facebook  # the Thai army: Twitter only
    belarus = {a["slug"] for a in get(full_server, "/actors", country="belarus", limit=500)["items"]}
    assert "kgb-of-belarus" in belarus and "wagner-group" not in belarus


def test_has_attribution_splits_the_actors_in_two(full_server: str) -> None:
    everyone = get(full_server, "/actors", limit=1)["total"]
    named = get(full_server, "/actors", has_attribution="true", limit=500)
    others = get(full_server, "/actors", has_attribution="false", limit=1)["total"]
    assert named["total"] + others == everyone
    assert {"kgb-of-belarus", "wagner-group"} <= {a["slug"] for a in named["items"]}
    assert "facebook" not in {a["slug"] for a in named["items"]}


def test_bad_actor_filters_are_client_errors_naming_the_problem(full_server: str) -> None:
    r = httpx.get(full_server + "/actors", params={"type": "Spy"})
    assert r.status_code == 400 and r.json()["error"] == "bad_input" and "Spy" in r.json()["message"]
    r = httpx.get(full_server + "/actors", params={"platform": "no-such-platform"})
    assert r.status_code == 400 and "platform" in r.json()["message"]
    r = httpx.get(full_server + "/actors", params={"limit": 501})
    assert r.status_code == 422 and r.json()["error"] == "bad_input"


def test_the_actor_card_has_links_counts_and_dates(full_server: str) -> None:
    kgb = get(full_server, "/actors/kgb-of-belarus")
    assert kgb["label"] == "KGB of Belarus" and kgb["type"] == "StateAgency" and "Belarusian KGB" in kgb["aliases"]
    assert [p["label"] for p in kgb["part_of"]] == ["Belarus"]
    assert kgb["operation_count"] >= 1 and kgb["takedown_count"] >= 1
    ira = get(full_server, "/actors/internet-research-agency")
    dates = sorted(s["date"] for s in get(full_server, "/sources", actor="internet-research-agency")["items"])
    assert ira["article_count"] == len(dates) > 1
    assert (ira["first_seen"], ira["last_seen"]) == (dates[0], dates[-1]) == ("2018-04-03", "2020-12-15")


def test_an_actor_is_found_by_iri_too(server: str) -> None:
    assert get(server, f"/actors/{KGB}")["slug"] == "kgb-of-belarus"


# ---------------------------------------------------------------- relationships


def test_the_belarusian_kgb_is_attributed_by_meta_with_the_sentence(server: str) -> None:
    by_meta = [e for e in edges(server, "kgb-of-belarus") if e["kind"] == "attributed_by"
               and e["other"]["iri"] == BASE + "entity/meta"]
    assert len(by_meta) == 1 and by_meta[0]["stance"] == "asserted" and by_meta[0]["sources"] == 1
    ev = by_meta[0]["evidence"][0]
    assert "Meta" in ev["sentence"] and "Belarusian KGB" in ev["sentence"]
    assert ev["url"] == f"/article/{KGB_SEED}" and ev["article"] == BASE + f"article/{KGB_SEED}"
    assert ev["title"].startswith("Belarusian KGB created fake social media accounts")
    text = get(server, f"/sources/{KGB_SEED}")["text"]
    assert text[ev["begin"]:ev["end"]].strip() == ev["sentence"]
    assert httpx.get(server + ev["url"]).status_code == 200


def test_the_kgb_operation_was_removed_by_meta_and_it_is_part_of_belarus(server: str) -> None:
    kinds = {(e["kind"], e["other"]["label"]) for e in edges(server, "kgb-of-belarus")}
    assert {("removed_by", "Meta"), ("part_of", "Belarus")} <= kinds


def test_wagner_group_used_facebook(server: str) -> None:
    used = [e for e in edges(server, "wagner-group") if e["kind"] == "used_platform"]
    facebook = [e for e in used if e["other"]["iri"] == BASE + "entity/facebook"]
    assert facebook and facebook[0]["sources"] >= 1 and facebook[0]["evidence"]
    ops = get(server, "/operations", actor="wagner-group")["items"]
    assert any(p["label"] == "Facebook" for op in ops for p in op["platforms"])


def test_attribution_edges_carry_hedged_and_asserted_stances(server: str) -> None:
    stances = {(e["other"]["label"], e["stance"]) for e in edges(server, "wagner-group")
               if e["kind"] == "attributed_by"}
    assert ("Logically", "hedged") in stances and ("POLITICO", "asserted") in stances


def test_co_mentions_are_the_top_n_by_shared_articles(full_server: str) -> None:
    co = [e for e in edges(full_server, "russia", co_mentioned=3) if e["kind"] == "co_mentioned"]
    assert len(co) == 3
    assert [e["sources"] for e in co] == sorted((e["sources"] for e in co), reverse=True)
    assert all(e["other"]["iri"] != BASE + "entity/russia" for e in co)
    assert not [e for e in edges(full_server, "russia", co_mentioned=0) if e["kind"] == "co_mentioned"]


def test_depth_two_adds_the_neighbours_edges_and_says_when_it_is_capped(full_server: str) -> None:
    one = get(full_server, "/actors/russia/relationships", limit=500)
    two = get(full_server, "/actors/russia/relationships", depth=2, limit=500)
    assert one["depth"] == 1 and one["expanded"] == 0 and not one["capped"]
    assert two["total"] > one["total"]
    assert {e["subject"]["iri"] for e in two["items"]} - {BASE + "entity/russia"}
    assert two["neighbours"] > 50 and two["expanded"] == 50 and two["capped"] and "50" in two["note"]
    small = get(full_server, "/actors/kgb-of-belarus/relationships", depth=2, limit=500)
    assert not small["capped"] and small["expanded"] == small["neighbours"]


def test_relationship_errors(server: str) -> None:
    r = httpx.get(server + "/actors/no-such-actor/relationships")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = httpx.get(server + "/actors/kgb-of-belarus/relationships", params={"depth": 3})
    assert r.status_code == 422 and r.json()["error"] == "bad_input"


def test_a_merged_away_actor_redirects_to_the_kept_one(writable_server: str) -> None:
    agencies = [a["slug"] for a in get(writable_server, "/actors", type="StateAgency", limit=500)["items"]]
    away = next(a for a in agencies if a != "kgb-of-belarus")
    r = httpx.post(writable_server + "/decisions", json={"kind": "merge", "subject": "kgb-of-belarus", "object": away,
                                                         "who": "test", "why": "test"},
                   headers={"Authorization": f"Bearer {WRITE_TOKEN}"}, timeout=60)
    assert r.status_code == 201, r.text
    moved = httpx.get(writable_server + f"/actors/{away}/relationships", params={"depth": 1})
    assert moved.status_code == 301
    assert moved.headers["location"] == "/actors/kgb-of-belarus/relationships?depth=1"
    card = httpx.get(writable_server + f"/actors/{away}", follow_redirects=True).json()
    assert card["iri"] == KGB and BASE + f"entity/{away}" in card["same_as"]


# ---------------------------------------------------------------- operations


def test_operation_filters_narrow_and_hold(full_server: str) -> None:
    everything = get(full_server, "/operations", limit=500)
    for name, field, value in (("platform", "platforms", "facebook"), ("target", "targets", "united-states"),
                               ("origin", "origin", "russia")):
        some = get(full_server, "/operations", limit=500, **{name: value})
        assert 0 < some["total"] < everything["total"], name
        assert all(BASE + f"entity/{value}" in {r["iri"] for r in op[field]} for op in some["items"]), name
    since = get(full_server, "/operations", since="2021-01-01", until="2022-12-31", limit=500)["items"]
    assert since and all("2021-01-01" <= op["date"] <= "2022-12-31" for op in since)


def test_an_operation_lists_its_attributions_and_sources(full_server: str) -> None:
    op = get(full_server, "/operations/china+spamouflage--2023-08")
    assert ("Meta", "China", "denied") in {(a["claimed_by"]["label"], a["actor"]["label"], a["stance"])
                                          for a in op["attributions"] if a["claimed_by"]}
    assert {"Australia", "Taiwan", "United States"} <= {t["label"] for t in op["targets"]}
    assert op["sources"][0]["date"] == "2023-08-29" and op["date"] == "2023-08-29"
    listed = get(full_server, "/operations", actor="spamouflage")["items"]
    assert [o["iri"] for o in listed] == [op["iri"]]


def test_operation_errors(full_server: str) -> None:
    assert httpx.get(full_server + "/operations/no-such-operation").status_code == 404
    r = httpx.get(full_server + "/operations", params={"since": "2023-01-01", "until": "2020-01-01"})
    assert r.status_code == 400 and "since" in r.json()["message"]
    assert httpx.get(full_server + "/operations", params={"since": "last week"}).status_code == 422


# ---------------------------------------------------------------- takedowns


def test_takedown_totals_are_the_sum_of_the_listed_figures(full_server: str) -> None:
    body = get(full_server, "/takedowns", limit=500)
    assert body["total"] == len(body["items"]) > 10
    summed: dict[str, int] = defaultdict(int)
    for t in body["items"]:
        for f in t["counts"]:
            if f["counted"]:
                summed[f["key"]] += f["count"]
    assert {t["key"]: t["count"] for t in body["totals"]} == summed


def test_a_figure_reported_twice_is_counted_once(full_server: str) -> None:
    for t in get(full_server, "/takedowns", limit=500)["items"]:
        for f in t["counts"]:
            assert f["count"] == max(r["count"] for r in f["reports"])
    thai = get(full_server, "/takedowns", actor="royal-thai-army")
    assert len(thai["items"][0]["counts"][0]["reports"]) == 2  # the article gives the figure twice
    assert [(t["key"], t["count"]) for t in thai["totals"]] == [("twitter_accounts", 926)]


def test_spamouflage_takedown_figures_match_the_article(full_server: str) -> None:
    t = get(full_server, "/takedowns/meta--china+spamouflage--2023-08")
    figures = {f["key"]: f["count"] for f in t["counts"]}
    assert figures["facebook_accounts"] == 7704 and figures["facebook_pages"] == 954
    assert [r["label"] for r in t["removed_by"]] == ["Meta"] and t["date"] == "2023-08-29"


def test_takedown_filters(full_server: str) -> None:
    everything = get(full_server, "/takedowns", limit=500)["total"]
    meta = get(full_server, "/takedowns", company="meta", limit=500)
    google = get(full_server, "/takedowns", company="google", limit=500)
    assert 0 < google["total"] < meta["total"] < everything
    meta_platforms = {BASE + f"entity/{p}" for p in ("meta", "facebook", "instagram")}
    for t in meta["items"]:
        assert ({f["platform"]["iri"] for f in t["counts"] if f["platform"]} | {r["iri"] for r in t["removed_by"]}) \
            & meta_platforms
    recent = get(full_server, "/takedowns", since="2022-01-01", limit=500)["items"]
    assert recent and all(t["date"] >= "2022-01-01" for t in recent)
    kgb = get(full_server, "/takedowns", actor="kgb-of-belarus")["items"]
    assert kgb and all("KGB of Belarus" in {a["label"] for a in t["actors"]} for t in kgb)
    assert httpx.get(full_server + "/takedowns", params={"company": "nobody-inc"}).status_code == 400


# ---------------------------------------------------------------- sources


def test_sources_list_every_article_newest_first(full_server: str) -> None:
    body = get(full_server, "/sources", limit=500)
    assert body["total"] == 25  # five seeds and twenty demo articles
    dated = [s["date"] for s in body["items"] if s["date"]]
    assert dated == sorted(dated, reverse=True)
    kgb = next(s for s in body["items"] if s["id"] == KGB_SEED)
    assert kgb["counts"]["attributions"] >= 1 and kgb["counts"]["mentions"] > 10 and kgb["url"] == f"/article/{KGB_SEED}"


def test_a_sources_offsets_slice_its_text(server: str) -> None:
    src = get(server, f"/sources/{KGB_SEED}")
    text = src["text"]
    assert src["mentions"] and src["statements"]
    for m in src["mentions"]:
        assert text[m["begin"]:m["end"]] == m["surface"]
        assert m["entity"]["iri"].startswith(BASE + "entity/") and m["entity"]["label"]
    for s in src["statements"]:
        assert text[s["evidence"]["begin"]:s["evidence"]["end"]] == s["evidence"]["sentence"]
    kgb = [m for m in src["mentions"] if m["surface"] == "Belarusian KGB"]
    assert kgb and kgb[0]["entity"]["iri"] == KGB
    attribution = next(s for s in src["statements"] if s["kind"] == "Attribution")
    assert attribution["fields"]["claimed_by"]["label"] == "Meta" and attribution["fields"]["stance"] == "asserted"


def test_a_source_is_found_by_iri_too(server: str) -> None:
    assert get(server, f"/sources/{BASE}article/{KGB_SEED}")["id"] == KGB_SEED


@pytest.mark.parametrize("path,status", [("/sources/not-an-id", 400), ("/sources/0123456789abcdef", 404),
                                         ("/takedowns/no-such-takedown", 404), ("/actors/no-such-actor", 404)])
def test_unknown_and_malformed_ids_are_json_errors(server: str, path: str, status: int) -> None:
    r = httpx.get(server + path)
    assert r.status_code == status and r.json()["error"] in ("bad_input", "not_found") and r.json()["message"]


def test_the_lookups_are_in_the_openapi_docs_with_their_models(server: str) -> None:
    doc = httpx.get(server + "/openapi.json").json()
    assert {"/actors", "/actors/{ident}/relationships", "/operations", "/operations/{ident}", "/takedowns",
            "/takedowns/{ident}", "/sources", "/sources/{ident}"} <= set(doc["paths"])
    ok = doc["paths"]["/takedowns"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/Takedowns")
    assert "totals" in doc["components"]["schemas"]["Takedowns"]["properties"]
