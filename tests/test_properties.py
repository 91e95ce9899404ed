"""Property-based: any text, however odd, extracts without error and with offsets that slice back."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.pipeline import extract
from kg.model import Article

NEWSY = st.sampled_from(["Meta", "removed", "41", "Facebook", "accounts", "Belarusian", "KGB", "“", "”", "(",
                         ")", "ISPR", "the", "linked to", "\n", "Read next", "@handle", "#tag", "five", "1,000"])


def _check(text: str) -> None:
    ex = extract(Article(text=text, source="prop"))
    for m in ex.mentions:
        assert text[m.start:m.end] == m.text
    for s in [*ex.attributions, *ex.takedowns, *ex.relations]:
        assert 0 <= s.evidence.start <= s.evidence.end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_unicode_text(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(NEWSY, max_size=60).map(" ".join))
def test_news_like_word_salad(text: str) -> None:
    _check(text)


@settings(max_examples=20, deadline=None)
@given(st.binary(max_size=2000).map(lambda b: b.decode("latin-1")))
def test_binary_looking_input(text: str) -> None:
    _check(text)


def test_empty_and_huge_input() -> None:
    _check("")
    _check(("Meta removed 41 Facebook accounts linked to the Belarusian KGB. " * 5000) + "Ж" * 1000)


def test_mixed_scripts() -> None:
    _check("Мета удалила 41 аккаунт. Meta removed 41 accounts. 脸书删除了 تم حذف 41 حسابا \u2066KGB\u2069 👍🏽")
