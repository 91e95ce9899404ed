"""The extraction pipeline built in code, and its output turned into model records."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import extractors.factories  # noqa: F401  (registers the factories)
from extractors.candidates import Candidate
from extractors.chrome import mask_chrome
from extractors.relations import Statement
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.model import Article, Attribution, Extraction, Mention, Relation, Span, Takedown

VERSION = "kg-extractors/0.1.0"
COMPONENTS = ("kg_line_breaks", "sentencizer", "kg_gazetteer_ruler", "kg_form_rules", "kg_mentions", "kg_relations")


def build_pipeline(gazetteer: Gazetteer, base: str | None = None) -> Language:
    """A blank English pipeline (or an installed one, named by `base`) with the project's components."""
    nlp = spacy.load(base, exclude=["ner"]) if base else spacy.blank("en")
    nlp.add_pipe("kg_line_breaks", first=True)
    if "sentencizer" not in nlp.pipe_names and "parser" not in nlp.pipe_names \
            and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    for name in COMPONENTS[2:]:
        nlp.add_pipe(name)
    for name in COMPONENTS[2:]:
        comp = nlp.get_pipe(name)
        if hasattr(comp, "initialize"):
            comp.initialize(nlp=nlp, gazetteer=gazetteer)
    return nlp


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    return build_pipeline(load_gazetteer())


def _sentence_of(stmt: Statement) -> Span:
    return Span(stmt.start, stmt.end)


def extract(article: Article, nlp: Language | None = None) -> Extraction:
    """Mentions and statements of one article; offsets index into `article.text`."""
    nlp = nlp or default_pipeline()
    masked = mask_chrome(article.text)
    doc = nlp.make_doc(masked)
    doc._.kg_published = article.published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    sents = [(s.start_char, s.end_char) for s in doc.sents]

    def sentence(start: int) -> Span:
        for a, b in sents:
            if a <= start < b:
                return Span(a, b)
        return Span(start, start)

    converted: dict[int, Mention] = {}

    def mention(c: Candidate) -> Mention:
        if id(c) not in converted:
            converted[id(c)] = Mention(article.text[c.start:c.end], c.start, c.end, c.type, c.key,
                                       c.canonical or article.text[c.start:c.end], c.extractor, c.confidence,
                                       sentence(c.start))
        return converted[id(c)]

    result = Extraction(article, [mention(c) for c in doc._.kg_mentions or []])
    for st in doc._.kg_relations or []:
        ev = _sentence_of(st)
        if st.kind == "attribution" and st.actor is not None and st.stance:
            result.attributions.append(Attribution(mention(st.actor), mention(st.by) if st.by else None,
                                                   st.stance, ev, st.extractor, st.confidence))
        elif st.kind == "takedown" and st.counts:
            result.takedowns.append(Takedown(mention(st.by) if st.by else None, dict(st.counts), ev,
                                             st.extractor, st.confidence, st.when))  # type: ignore[arg-type]
        elif st.value is not None:
            value = mention(st.value) if isinstance(st.value, Candidate) else st.value
            result.relations.append(Relation(st.kind, value, ev, st.extractor, st.confidence))
    return result
