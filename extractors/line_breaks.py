"""Line breaks end sentences: a headline, byline or dateline has no full stop but is a unit of its own."""
from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

from extractors.sentences import doc_text

_BREAK = re.compile(r"\n\s*")


class LineBreaks:
    def __init__(self, nlp: Language, name: str = "kg_line_breaks") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if "\n" not in doc_text(doc):
            return doc
        starts = doc.to_array("IDX").tolist()  # token start offsets, without a Python loop over tokens
        for m in _BREAK.finditer(doc_text(doc)):
            i = bisect.bisect_left(starts, m.end())
            if 0 < i < len(doc):
                doc[i].is_sent_start = True
        return doc
