"""Line breaks end sentences: a headline, byline or dateline has no full stop but is a unit of its own."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class LineBreaks:
    def __init__(self, nlp: Language, name: str = "kg_line_breaks") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        after_break = False
        for token in doc:
            if after_break and not token.is_space:
                token.is_sent_start = True
                after_break = False
            elif "\n" in token.text or "\n" in token.whitespace_:
                after_break = True
        return doc
