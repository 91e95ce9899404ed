"""Known names from the gazetteer, matched with spaCy's PhraseMatcher, plus the forms news derives from them.

Derived forms: '<demonym> government' and '<State> government' name the state ("the Chinese government"
is China); '<demonym> <short name>', "<State>'s <short name>" and '<short name> of <State>' name a state
body ("Belarusian KGB", "Russia's military intelligence").
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extractors.candidates import Candidate, candidates
from kg.gazetteer import Gazetteer

Phrase = tuple[str, str, str]  # (surface, type, key)


def _apostrophes(name: str) -> list[str]:
    return [name, name.replace("'", "\u2019")] if "'" in name else [name]


def _case_variants(name: str) -> list[str]:
    out = [name]
    if name.upper() != name and len(name) > 3:
        out.append(name.upper())  # datelines and credits: "KIEV", "REUTERS"
    return out


def gazetteer_phrases(gaz: Gazetteer) -> Iterator[Phrase]:
    """Every surface the gazetteer knows, with its type and key."""
    for e in gaz.entries.values():
        for name in e.names:
            for v in _case_variants(name):
                for w in _apostrophes(v):
                    yield w, e.type, e.key
        if e.type == "State":
            for d in e.demonyms + [e.label]:
                yield f"{d} government", "State", e.key
                yield f"{d} Government", "State", e.key
        if e.type == "StateAgency" and e.short_names:
            for state_key in e.part_of:
                state = gaz.get(state_key)
                if state is None or state.type != "State":
                    continue
                for short in e.short_names:
                    shorts = {short} if short.isupper() else {short, short.lower(), short.title()}
                    for s in shorts:
                        for d in state.demonyms:
                            yield f"{d} {s}", e.type, e.key
                        for n in state.names:
                            yield f"{n}'s {s}", e.type, e.key
                            yield f"{n}\u2019s {s}", e.type, e.key
                            yield f"{s} of {n}", e.type, e.key


class GazetteerRuler:
    """Finds every gazetteer surface; the longest match at a position wins later, in overlap settling."""

    def __init__(self, nlp: Language, name: str = "kg_gazetteer_ruler") -> None:
        self.nlp = nlp
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entries: dict[str, tuple[str, str]] = {}  # match id string -> (type, key)
        self.size = 0

    def add_phrases(self, phrases: Iterable[Phrase]) -> None:
        grouped: dict[str, list[str]] = {}
        for surface, type_, key in phrases:
            mid = f"{type_}|{key}"
            self.entries[mid] = (type_, key)
            grouped.setdefault(mid, []).append(surface)
        for mid, surfaces in grouped.items():
            unique = list(dict.fromkeys(surfaces))
            self.size += len(unique)
            self.matcher.add(mid, list(self.nlp.tokenizer.pipe(unique)))

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   gazetteer: Gazetteer | None = None) -> None:
        if gazetteer is not None:
            self.add_phrases(gazetteer_phrases(gazetteer))

    def __call__(self, doc: Doc) -> Doc:
        out = candidates(doc)
        strings = self.nlp.vocab.strings
        for match_id, start, end in self.matcher(doc):
            type_, key = self.entries[strings[match_id]]
            span = doc[start:end]
            out.append(Candidate(span.start_char, span.end_char, type_, key, "", "gazetteer", 0.95))
        return doc
