"""Sentence boundaries as character offsets, read once per document from spaCy's arrays.

Iterating `doc.sents` builds a Python object per token; the arrays give the same boundaries in C.
"""
from __future__ import annotations

from spacy.tokens import Doc

_KEY = "kg_sentence_spans"


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    cached = doc.user_data.get(_KEY)
    if cached is not None:
        return list(cached)
    if len(doc) == 0:
        return []
    arr = doc.to_array(["IDX", "SENT_START"])
    idx = arr[:, 0].tolist()
    starts = [i for i, flag in enumerate(arr[:, 1].tolist()) if flag == 1 or i == 0]
    text_end = len(doc_text(doc))
    spans = []
    for n, i in enumerate(starts):
        end = idx[starts[n + 1]] if n + 1 < len(starts) else text_end
        # A sentence ends where its last token ends, before the whitespace that follows it.
        last = (starts[n + 1] if n + 1 < len(starts) else len(doc)) - 1
        spans.append((idx[i], min(end, idx[last] + len(doc[last].text))))
    doc.user_data[_KEY] = spans
    return list(spans)


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.text
        doc.user_data["kg_text"] = text
    return str(text)
