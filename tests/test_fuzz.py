"""Fuzzing: schemathesis against a real server's OpenAPI schema; hypothesis against the extractors, the
resolver and the article intake, on arbitrary text."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error, response_schema_conformance
from spacy.language import Language

from api.app import create_app
from bench.generate import article
from extractors.pipeline import default_pipeline, extract
from kg.errors import KGError
from kg.gazetteer import load_gazetteer
from kg.intake import Meta, article_from_body
from kg.model import Article
from kg.pipeline import default_matcher
from kg.resolution import Resolver
from kg.settings import Settings
from tests.conftest import BASE, Location, copied_store, running_server

# ---------------------------------------------------------------------------------------------- the API


# The schema comes from the app object (no server needed at import time); the requests go to a real server.
schema = schemathesis.openapi.from_dict(create_app(Settings()).openapi())


@pytest.fixture(scope="module")
def fuzzed_server(full_store_dir: Location, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of its own over a copy of the seeds + demo store: the fuzzer's requests may write."""
    with copied_store(full_store_dir, tmp_path_factory.mktemp("fuzz")) as location, \
            running_server(location) as root:
        yield root


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_server_fail_or_break_its_schema(case: Any, fuzzed_server: str) -> None:
    """Status codes outside the schema are allowed (a 404 for an unknown slug, a 406 from negotiation);
    a 5xx, or a body unlike the one the schema declares for its status, is not."""
    case.call_and_validate(base_url=fuzzed_server, checks=[not_a_server_error, response_schema_conformance],
                           timeout=60)


# ---------------------------------------------------------------------------------------------- the extractors

FRAGMENTS = sorted({line for n in range(40) for line in article(n)["text"].splitlines() if line}) + [
    "Meta said it removed 1,200 Facebook accounts and 34 pages linked to Russia's GRU.",
    "The Chinese government denied the report.", "ISPR", "\u201cCyber Front Z\u201d", "@rt_com", "#Bucha",
    "KIEV, Dec 2 (Reuters) \u2013 ", "Read next", "\r\n", "\u00a0", "\u200b", "\ufeff", "\U0001f600", "e\u0301",
]
texts = st.lists(st.one_of(st.text(max_size=60), st.sampled_from(FRAGMENTS)), max_size=12).map(" ".join)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return default_pipeline()


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    gaz = load_gazetteer()
    return Resolver(gaz, BASE, matcher=default_matcher(gaz))


@given(text=texts)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_extraction_and_resolution_of_any_text_stay_inside_the_text(text: str, nlp: Language,
                                                                   resolver: Resolver) -> None:
    ex = extract(Article(text=text, source="fuzz"), nlp)
    for m in ex.mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
        assert 0 <= m.sentence.start <= m.sentence.end <= len(text)
    for span in [a.evidence for a in ex.attributions] + [t.evidence for t in ex.takedowns] + \
            [r.evidence for r in ex.relations]:
        assert 0 <= span.start <= span.end <= len(text)
    for t in ex.takedowns:
        assert all(n >= 0 for n in t.counts.values())
    resolver.prepare([ex])
    resolved = resolver.resolve(ex)
    assert set(resolved.entities) == set(ex.mentions)
    assert all(e.iri.startswith(BASE + "entity/") and e.iri != BASE + "entity/" for e in resolved.entities.values())


@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
       ctype=st.sampled_from(["text/plain", "text/html", "application/json", "text/plain; charset=latin-1"]),
       published=st.one_of(st.none(), st.text(max_size=12)))
@settings(max_examples=300, deadline=None)
def test_intake_of_any_bytes_gives_an_article_with_text_or_a_named_refusal(raw: bytes, ctype: str,
                                                                          published: str | None) -> None:
    try:
        a = article_from_body(raw, ctype, Meta(published=published), 200)
    except KGError as exc:
        assert 400 <= exc.status < 500 and exc.message
        return
    assert a.text.strip() and "\x00" not in a.text
