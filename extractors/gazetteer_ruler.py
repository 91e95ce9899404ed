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
from kg.gazetteer import GazEntry, Gazetteer

Phrase = tuple[str, str, str, bool]  # (surface, type, key, holds a state name)


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
            if "formerly" in name:  # "X, formerly Twitter" is two mentions of one platform, not a name
                continue
            for v in _case_variants(name):
                for w in _apostrophes(v):
                    yield w, e.type, e.key, False
        if e.type == "State":
            for d in e.demonyms:
                yield f"{d} government", "State", e.key, False
                yield f"{d} Government", "State", e.key, False
            for n in e.names:
                yield f"{n} government", "State", e.key, True
                yield f"{n} Government", "State", e.key, True
        if e.type == "StateAgency":
            yield from _state_forms(gaz, e)
        if e.type == "StateAgency" and e.short_names:
            for state_key in e.part_of:
                state = gaz.get(state_key)
                if state is None or state.type != "State":
                    continue
                for short in e.short_names:
                    # Lower-case forms ("the Russian military") are descriptions, not names.
                    if not short[:1].isupper():
                        continue
                    shorts = {short}
                    for s in shorts:
                        for d in state.demonyms:
                            yield f"{d} {s}", e.type, e.key, False
                        for n in state.names:
                            yield f"{n}'s {s}", e.type, e.key, True
                            yield f"{n}\u2019s {s}", e.type, e.key, True
                            yield f"{s} of {n}", e.type, e.key, True


# Acronyms news uses inside the names of state bodies.
_INNER_ACRONYMS = {"United Nations": "UN", "European Union": "EU", "United States": "US", "United Kingdom": "UK"}


def _state_forms(gaz: Gazetteer, e: GazEntry) -> Iterator[Phrase]:
    """ "Permanent Mission of India to the United Nations" is also "India's Permanent Mission to the UN"."""
    for state_key in e.part_of:
        state = gaz.get(state_key)
        if state is None or state.type != "State":
            continue
        for name in e.names:
            for sn in state.names:
                if f" of {sn}" not in name:
                    continue
                rest = name.replace(f" of {sn}", "", 1)
                variants = {rest} | {rest.replace(k, v) for k, v in _INNER_ACRONYMS.items() if k in rest}
                for v in variants:
                    yield f"{sn}'s {v}", e.type, e.key, True
                    yield f"{sn}\u2019s {v}", e.type, e.key, True
                    for d in state.demonyms:
                        yield f"{d} {v}", e.type, e.key, False


class GazetteerRuler:
    """Finds every gazetteer surface; the longest match at a position wins later, in overlap settling."""

    def __init__(self, nlp: Language, name: str = "kg_gazetteer_ruler") -> None:
        self.nlp = nlp
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Patterns are tokenized by a second tokenizer over the same vocab: thousands of names in the
        # pipeline tokenizer's cache slow every later article by half.
        self._pattern_nlp = nlp.__class__(vocab=nlp.vocab)
        self.entries: dict[str, tuple[str, str, bool]] = {}  # match id -> (type, key, holds a state name)
        self.size = 0
        self.names: set[str] = set()

    def add_phrases(self, phrases: Iterable[Phrase]) -> None:
        grouped: dict[str, list[str]] = {}
        for surface, type_, key, holds in phrases:
            mid = f"{type_}|{key}|{int(holds)}"
            self.entries[mid] = (type_, key, holds)
            grouped.setdefault(mid, []).append(surface)
        for mid, surfaces in grouped.items():
            unique = list(dict.fromkeys(surfaces))
            self.names.update(unique)
            self.size += len(unique)
            self.matcher.add(mid, [self._pattern_nlp.make_doc(u) for u in unique])

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   gazetteer: Gazetteer | None = None) -> None:
        if gazetteer is not None:
            self.add_phrases(gazetteer_phrases(gazetteer))

    def __call__(self, doc: Doc) -> Doc:
        out = candidates(doc)
        strings = self.nlp.vocab.strings
        for match_id, start, end in self.matcher(doc):
            type_, key, holds = self.entries[strings[match_id]]
            # A possessor is never part of the mention: "India's Permanent Mission to the UN" mentions
            # India and, after the possessive, the mission.
            for i in range(start + 1, end - 1):
                if doc[i].text in ("'s", "\u2019s") and doc[start:i].text in self.names:
                    start, holds = i + 1, False
            span = doc[start:end]
            # "Britain's foreign office" also mentions Britain: such a derived form may hold a mention.
            extractor = "gazetteer.derived" if holds else "gazetteer"
            out.append(Candidate(span.start_char, span.end_char, type_, key, "", extractor, 0.9 if holds else 0.95))
        return doc
