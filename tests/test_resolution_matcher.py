"""The dedupe matcher with its shipped, trained model: no mocks."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.gazetteer import load_gazetteer
from kg.model import Entity
from kg.resolution.evaluate import decisions, score, side_record
from kg.resolution.features import FeatureIndex, record_for_mention
from kg.resolution.matcher import DedupeMatcher
from kg.resolution.pairs import read_pairs
from kg.resolution.training import train

DATA = Path(__file__).resolve().parent.parent / "kg" / "resolution" / "data"


@pytest.fixture(scope="module")
def index() -> FeatureIndex:
    return FeatureIndex(load_gazetteer())


@pytest.fixture(scope="module")
def matcher(index: FeatureIndex) -> DedupeMatcher:
    return DedupeMatcher.load(index)


def _link(matcher: DedupeMatcher, surface: str, type_: str, context: tuple[str, ...] = ()) -> str | None:
    return matcher.link([record_for_mention(surface, type_, context, matcher.index)])[0].key


def test_shipped_settings_load(matcher: DedupeMatcher) -> None:
    assert matcher.link_threshold >= 0.5 and matcher.cluster_threshold >= 0.5
    assert matcher.pair_score(record_for_mention("Meta", "Company", (), matcher.index),
                              record_for_mention("Meta Platforms", "Company", (), matcher.index)) > 0


def test_meta_and_facebook_stay_apart(matcher: DedupeMatcher) -> None:
    assert _link(matcher, "Meta", "Company") == "meta"
    assert _link(matcher, "Facebook", "Platform") == "facebook"
    assert matcher.pair_score(record_for_mention("Meta", "Company", (), matcher.index),
                              record_for_mention("Facebook", "Platform", (), matcher.index)) == 0.0


def test_platform_and_company_with_one_name_stay_apart(matcher: DedupeMatcher) -> None:
    platform = record_for_mention("Twitter", "Platform", (), matcher.index)
    company = record_for_mention("Twitter", "Company", (), matcher.index)
    links = matcher.link([platform, company])
    assert links[0].key == "twitter"
    assert links[1].key != "twitter"
    assert matcher.pair_score(platform, company) == 0.0
    assert len(matcher.cluster([platform, company])) == 2


def test_belarusian_kgb_links_to_kgb_of_belarus(matcher: DedupeMatcher) -> None:
    assert _link(matcher, "Belarusian KGB", "StateAgency") == "kgb-of-belarus"


def test_kiev_links_to_kyiv(matcher: DedupeMatcher) -> None:
    assert _link(matcher, "Kiev", "Location") == "kyiv"


def test_known_entities_are_linked_after_add_known(index: FeatureIndex) -> None:
    m = DedupeMatcher.load(index)
    m.add_known([Entity("https://example.org/entity/zarnitsa-media-group", "Zarnitsa Media Group", "Company", False)])
    assert _link(m, "Zarnitsa Media Group", "Company") == "zarnitsa-media-group"


def test_a_new_actor_seen_in_many_articles_is_one_cluster(matcher: DedupeMatcher) -> None:
    surfaces = ["Kalomir Vasendra", "Kalomir Vasendra's", "KALOMIR VASENDRA", "Kalomir Vasnedra", "Tivel Zarmu"]
    recs = [record_for_mention(s, "Person", ("russia",), matcher.index) for s in surfaces]
    clusters = matcher.cluster(recs)
    assert [0, 1, 2, 3] in clusters and [4] in clusters


def test_eval_pairs_reach_the_precision_and_recall_targets(matcher: DedupeMatcher, index: FeatureIndex) -> None:
    pairs = read_pairs(DATA / "pairs.jsonl", "eval")
    s = score(decisions(matcher, pairs, index), pairs)
    assert s.precision >= 0.98
    assert s.recall >= 0.9


def test_training_twice_with_one_seed_gives_identical_predictions(tmp_path: Path, index: FeatureIndex) -> None:
    pairs = read_pairs(DATA / "pairs.jsonl", "eval")
    runs = []
    for name in ("one", "two"):
        train(DATA / "pairs.jsonl", tmp_path / name, seed=0, gazetteer=index.gazetteer)
        m = DedupeMatcher.load(index, tmp_path / name / "matcher.settings", tmp_path / name / "cluster.settings")
        recs = [side_record(p[s], index) for p in pairs for s in ("a", "b")]
        runs.append(([round(m.pair_score(recs[i], recs[i + 1]), 6) for i in range(0, len(recs), 2)],
                     [x.key for x in m.link(recs)], decisions(m, pairs, index)))
    assert runs[0] == runs[1]
