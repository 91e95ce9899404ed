"""The record every mention-finding component appends to, before overlaps are settled."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

# Higher wins an overlap: a quoted page name beats the gazetteer, which beats a form rule.
PRIORITY = {"channel": 4, "coref": 3, "gazetteer": 2, "form": 1}


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    key: str | None
    canonical: str
    extractor: str
    confidence: float

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.extractor.split(".")[0], 0)


def register_extensions() -> None:
    """Custom attributes, all under the kg_ prefix."""
    for name in ("kg_candidates", "kg_mentions", "kg_relations", "kg_published"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def candidates(doc: Doc) -> list[Candidate]:
    if doc._.kg_candidates is None:
        doc._.kg_candidates = []
    result: list[Candidate] = doc._.kg_candidates
    return result
