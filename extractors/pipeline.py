"""The extraction pipeline built in code, and its output turned into model records."""
from __future__ import annotations

import bisect
import time
from datetime import date
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import extractors.factories  # noqa: F401  (registers the factories)
from extractors.candidates import Candidate
from extractors.chrome import mask_chrome
from extractors.sentences import sentence_spans
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


def annotate(nlp: Language, text: str, published: date | None = None,
             timings: dict[str, float] | None = None) -> Doc:
    """Run the pipeline over the text with its chrome masked; `timings` collects seconds per step."""
    clock = time.perf_counter
    t = clock()
    masked = mask_chrome(text)
    doc = nlp.make_doc(masked)
    doc.user_data["kg_text"] = masked
    doc._.kg_published = published
    if timings is not None:
        timings["chrome+tokenizer"] = timings.get("chrome+tokenizer", 0.0) + clock() - t
    for name, proc in nlp.pipeline:
        t = clock()
        doc = proc(doc)
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + clock() - t
    return doc


def extract(article: Article, nlp: Language | None = None) -> Extraction:
    """Mentions and statements of one article; offsets index into `article.text`."""
    nlp = nlp or default_pipeline()
    doc = annotate(nlp, article.text, article.published)
    sents = sentence_spans(doc)
    firsts = [a for a, _ in sents]

    def sentence(start: int) -> Span:
        i = bisect.bisect_right(firsts, start) - 1
        if i >= 0 and sents[i][0] <= start < sents[i][1]:
            return Span(*sents[i])
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
        ev = Span(st.start, st.end)
        if st.kind == "attribution" and st.actor is not None and st.stance:
            result.attributions.append(Attribution(mention(st.actor), mention(st.by) if st.by else None,
                                                   st.stance, ev, st.extractor, st.confidence))
        elif st.kind == "takedown" and st.counts:
            result.takedowns.append(Takedown(mention(st.by) if st.by else None, dict(st.counts), ev,
                                             st.extractor, st.confidence, st.when))
        elif st.value is not None:
            value = mention(st.value) if isinstance(st.value, Candidate) else st.value
            result.relations.append(Relation(st.kind, value, ev, st.extractor, st.confidence))
    return result
