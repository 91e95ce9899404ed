"""The extraction pipeline on short texts written for these tests."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from extractors.chrome import mask_chrome
from extractors.pipeline import extract
from kg.model import Article, Extraction


def run(text: str, published: date | None = None) -> Extraction:
    return extract(Article(text=text, source="t", published=published))


def surfaces(ex: Extraction) -> dict[str, str]:
    return {m.text: m.type for m in ex.mentions}


def test_the_pipeline_needs_no_statistical_model() -> None:
    from extractors.pipeline import default_pipeline

    nlp = default_pipeline()
    assert nlp.meta["name"] == "pipeline" and "ner" not in nlp.pipe_names


def test_demonym_forms_name_the_state_and_its_bodies() -> None:
    ex = run("Meta tied the accounts to the Belarusian KGB, and Twitter to the Chinese government.")
    by_text = {m.text: m for m in ex.mentions}
    assert by_text["Belarusian KGB"].key == "kgb-of-belarus"
    assert by_text["Chinese government"].key == "china" and by_text["Chinese government"].type == "State"


def test_takedown_lists_share_their_platform() -> None:
    ex = run("Meta said it had removed 41 Facebook accounts and five groups, and four Instagram accounts.")
    assert ex.takedowns[0].counts == {"facebook_accounts": 41, "facebook_groups": 5, "instagram_accounts": 4}
    assert ex.takedowns[0].by is not None and ex.takedowns[0].by.text == "Meta"


def test_counts_in_words_and_with_separators() -> None:
    ex = run("Twitter suspended about 1,200 accounts and twenty-one videos were removed by YouTube.")
    counts = {k: v for t in ex.takedowns for k, v in t.counts.items()}
    assert counts["twitter_accounts"] == 1200


def test_a_combined_count_is_a_total() -> None:
    ex = run("Facebook said it removed 103 Pages, Groups and accounts for coordinated inauthentic behavior.")
    assert ex.takedowns[0].counts == {"total": 103}


def test_the_takedown_date_is_resolved_against_the_article_date() -> None:
    ex = run("On Wednesday, Meta said it removed 12 Facebook accounts.", published=date(2021, 12, 2))
    assert ex.takedowns[0].when == date(2021, 12, 1)


def test_hedged_and_asserted_attributions() -> None:
    ex = run("Graphika said the network was likely linked to the Internet Research Agency. "
             "Meta attributed the campaign to the Iranian government.")
    stances = {a.actor.canonical: a.stance for a in ex.attributions}
    assert stances["Internet Research Agency"] == "hedged"
    assert stances["Iran"] == "asserted"


def test_quoted_page_and_group_names_are_channels() -> None:
    ex = run('Members joined a private group titled "Truth About Riga" and the Page "Baltic Voices," which '
             'posted daily.')
    assert surfaces(ex).get("Truth About Riga") == "Channel"
    assert surfaces(ex).get("Baltic Voices") == "Channel"


def test_unknown_people_from_a_title_or_a_given_name() -> None:
    ex = run("Foreign ministry spokesperson Zhao Lijian rejected the report, said Anna Kowalczyk, a researcher.")
    assert surfaces(ex).get("Zhao Lijian") == "Person"
    assert surfaces(ex).get("Anna Kowalczyk") == "Person"


def test_an_acronym_defined_in_brackets_is_an_alias() -> None:
    ex = run("The Kestrel Analytics Institute (KAI) found the posts. KAI said they came from Tehran.")
    kai = [m for m in ex.mentions if m.text == "KAI"]
    assert len(kai) == 2 and all(m.canonical == "Kestrel Analytics Institute" for m in kai)


def test_origins_and_targets() -> None:
    ex = run("The network was operated from Pakistan and focused on India and Bangladesh.")
    rel = {(r.kind, r.value.canonical) for r in ex.relations if not isinstance(r.value, str)}
    assert ("origin", "Pakistan") in rel
    assert ("target", "India") in rel and ("target", "Bangladesh") in rel


def test_languages_and_tactics() -> None:
    ex = run("The fake accounts posted in English, Polish and Kurdish and used mass reporting.")
    kinds = {(r.kind, r.value) for r in ex.relations if isinstance(r.value, str)}
    assert {("language", "English"), ("language", "Polish"), ("language", "Kurdish")} <= kinds
    assert ("tactic", "fake-personas") in kinds and ("tactic", "mass-reporting") in kinds


def test_page_chrome_is_masked_without_moving_offsets() -> None:
    text = "Meta removed accounts in Poland.\n\nRead next\n\nGermany story teaser about France"
    masked = mask_chrome(text)
    assert len(masked) == len(text) and "Germany" not in masked and "Poland" in masked
    assert "Germany" not in surfaces(run(text))


def test_every_statement_carries_evidence_extractor_and_confidence() -> None:
    ex = run("Meta said it removed 41 Facebook accounts linked to the Belarusian KGB.")
    for st in [*ex.attributions, *ex.takedowns, *ex.relations]:
        assert ex.article.text[st.evidence.start:st.evidence.end].startswith("Meta said")
        assert st.extractor and 0 < st.confidence <= 1


def test_a_platform_name_read_as_its_company_in_company_context() -> None:
    ex = run("Facebook's shares fell in 2019 after the report. Facebook removed 5 accounts.")
    readings = [(m.text, m.key, m.type) for m in ex.mentions if m.text == "Facebook"]
    assert readings == [("Facebook", "meta", "Company"), ("Facebook", "facebook", "Platform")]


def test_a_page_without_metadata_takes_its_date_from_its_header(tmp_path: Path) -> None:
    from kg.readers import read_paths

    p = tmp_path / "a.txt"
    p.write_text("Sat. Nov 2nd, 2024\n\nOn Wednesday, Meta said it removed 12 Facebook accounts.", encoding="utf-8")
    article = next(iter(read_paths([str(p)])))
    assert article.published == date(2024, 11, 2)
    assert extract(article).takedowns[0].when == date(2024, 10, 30)


def test_two_figures_for_one_key_in_a_sentence_are_two_takedowns() -> None:
    ex = run("Twitter said it had removed 4,258 accounts run from the UAE, and a further 271 accounts "
             "tied to a technology firm operating in Egypt.")
    assert sorted(t.counts["twitter_accounts"] for t in ex.takedowns) == [271, 4258]


def test_a_noun_with_called_types_the_name_that_follows() -> None:
    ex = run("Facebook said the network was linked to an Indonesian media company called InsightID. "
             "It also shared links to a site called Baltic Daily Truth.")
    assert surfaces(ex).get("InsightID") == "Company"
    assert surfaces(ex).get("Baltic Daily Truth") == "Channel"


def test_a_title_in_apposition_or_a_noun_before_types_an_unknown_name() -> None:
    ex = run("Don Wanyama, the president's senior press secretary, rejected the findings. "
             "Security firm Volexity had warned about the group, and marketing firm Brightlane ran the pages.")
    assert surfaces(ex).get("Don Wanyama") == "Person"
    assert surfaces(ex).get("Volexity") == "ResearchOrg"
    assert surfaces(ex).get("Brightlane") == "Company"


def test_a_name_ends_at_the_full_stop_that_ends_its_sentence() -> None:
    text = ("Pakistan's military denied the report, citing Inter-Services Public Relations. "
            "The Digital Forensic Research Lab said so.")
    ex = extract(Article(text, "t"))
    names = {m.text for m in ex.mentions}
    assert {"Inter-Services Public Relations", "Digital Forensic Research Lab"} <= names
    for m in ex.mentions:
        assert m.sentence.start <= m.start and m.end <= m.sentence.end, m.text
