"""The fields dedupe compares for a mention or a gazetteer name: normalised name, acronym, core, state."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kg.gazetteer import GazEntry, Gazetteer
from kg.model import ENTITY_TYPES
from kg.resolution.linker import normalise

# Words that say what kind of body something is, not which one: dropped from `core` so that
# "Wagner Group" ~ "Wagner" and "Ministry of Foreign Affairs of Russia" ~ "Russian Foreign Ministry".
# Kept in `name`, so nothing is lost; "agency", "service", "army" stay because they tell bodies apart.
GENERIC = frozenset({
    "the", "of", "and", "for", "&", "de", "la", "del", "on", "in", "to",
    "group", "inc", "ltd", "llc", "corp", "corporation", "co", "company", "plc", "sa", "gmbh", "pbc",
    "holding", "holdings", "limited", "fz",
    "government", "regime", "authorities", "officials", "administration",
    "ministry", "department", "affairs", "office",
    "republic", "federation", "kingdom", "state",
})
# Per type, words that name the kind of outlet, firm or lab: "Fars" is "Fars News Agency".
GENERIC_BY_TYPE = {
    "MediaOutlet": frozenset({"news", "agency", "tv", "television", "network", "media", "broadcasting"}),
    "Company": frozenset({"technology", "technologies", "platforms", "management"}),
    "ResearchOrg": frozenset({"lab", "center", "centre"}),
    "Group": frozenset({"team", "movement", "network"}),
}
# Titles in front of a person's name: "President Putin" is Putin ("Jr." is not a title: it is another person).
TITLES = frozenset({
    "president", "mr", "mrs", "ms", "dr", "general", "gen", "colonel", "col", "minister", "prime",
    "leader", "chairman", "supreme", "ayatollah",
})
# Not significant for an acronym: "Ministry of Foreign Affairs" is MFA, not MOFA.
STOP = frozenset({"the", "of", "and", "for", "&", "de", "la", "del", "on", "in", "to", "a", "an"})
_ACRONYM_SHAPE = re.compile(r"^[a-z]{1,3}[a-z0-9]{1,6}$")


@dataclass(frozen=True)
class MentionRecord:
    """What dedupe compares; missing values are None, as dedupe expects. `numbers` (the digits in the
    name) is one field beyond the brief: APT28/APT29 and Unit 26165/74455 differ only there."""

    name: str
    acronym: str | None
    core: str | None
    type: str
    state: str | None
    numbers: str | None
    context: frozenset[str]

    def as_dedupe(self) -> dict[str, Any]:
        """The record dict dedupe wants: every field present, None where missing, a tuple for the Set."""
        return {
            "name": self.name,
            "acronym": self.acronym,
            "core": self.core,
            "type": self.type,
            "state": self.state,
            "numbers": self.numbers,
            "context": tuple(sorted(self.context)) or None,
        }


class FeatureIndex:
    """Lookups derived once from a gazetteer: state names and demonyms, exact names, the state of a body."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        states = gazetteer.by_type("State")
        counts: dict[str, set[str]] = {}
        for e in states:
            for n in [*e.names, *e.demonyms]:
                counts.setdefault(normalise(n), set()).add(e.key)
        # An ambiguous word ("congolese") names no state.
        self.state_words: dict[str, str] = {n: next(iter(ks)) for n, ks in counts.items() if len(ks) == 1 and n}
        self.max_words = max(len(n.split()) for n in self.state_words)
        exact: dict[tuple[str, str], set[str]] = {}
        for e in gazetteer.entries.values():
            for n in e.names:
                exact.setdefault((normalise(n), e.type), set()).add(e.key)
        self.exact: dict[tuple[str, str], str] = {k: next(iter(v)) for k, v in exact.items() if len(v) == 1}
        self._state_of: dict[str, str] = {}
        for key in gazetteer.entries:
            self._state_of[key] = self._walk_state(key)

    def _walk_state(self, key: str) -> str:
        """Follow partOf, then ownedBy, up to a State; "" if none within a few steps."""
        seen: set[str] = set()
        todo = [key]
        while todo:
            k = todo.pop(0)
            if k in seen or len(seen) > 8:
                continue
            seen.add(k)
            e = self.gazetteer.get(k)
            if e is None:
                continue
            if e.type == "State":
                return e.key
            todo.extend([*e.part_of, *e.owned_by])
        return ""

    def state_of(self, key: str) -> str:
        """The gazetteer key of the state an entry belongs to, or ""."""
        return self._state_of.get(key, "")

    def split_state(self, tokens: list[str]) -> tuple[str, list[str]]:
        """Take a leading demonym or state name, or a trailing 'of <state>', off the tokens."""
        for n in range(min(self.max_words, len(tokens)), 0, -1):
            head = " ".join(tokens[:n])
            if head in self.state_words:
                rest = tokens[n:]
                if rest and rest[0] == "s":  # "Russia's": the apostrophe became a space
                    rest = rest[1:]
                return self.state_words[head], rest
        for n in range(min(self.max_words, len(tokens) - 1), 0, -1):
            tail = " ".join(tokens[-n:])
            if tail in self.state_words and len(tokens) > n:
                rest = tokens[:-n]
                while rest and rest[-1] in ("of", "the"):
                    rest = rest[:-1]
                return self.state_words[tail], rest
        return "", tokens


def _written_as_acronym(token: str, surface: str) -> bool:
    """Whether the surface spells this normalised token in capitals or with digits ("ISPR", "BfV", "APT28")."""
    for word in re.split(r"[\s\-_/]+", surface):
        if normalise(word) == token:
            return sum(c.isupper() for c in word) >= 2 or any(c.isdigit() for c in word)
    return False


def acronym_of(name: str, surface: str = "") -> str | None:
    """Initials of the significant words, digits kept whole; a lone token written as an acronym stays itself."""
    tokens = name.split()
    if not tokens:
        return None
    if len(tokens) == 1:
        t = tokens[0]
        return t if _ACRONYM_SHAPE.match(t) and _written_as_acronym(t, surface) else None
    parts = [t if t.isdigit() else t[0] for t in tokens if t not in STOP]
    return "".join(parts) if len(parts) >= 2 else None


def _core(tokens: list[str], type_: str) -> str | None:
    generic = GENERIC | TITLES if type_ == "Person" else GENERIC | GENERIC_BY_TYPE.get(type_, frozenset())
    kept = [t for t in tokens if t not in generic]
    if type_ == "Person" and kept:
        # A surname is what stays constant across "Vladimir Putin", "Putin", "President Putin".
        return kept[-1]
    return " ".join(kept) or None


def build_record(surface: str, type_: str, context_keys: Iterable[str], index: FeatureIndex,
                 state_hint: str = "") -> MentionRecord:
    """The record for any surface; `state_hint` fills `state` only when the surface itself gives none."""
    if type_ not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {type_!r}")
    name = normalise(surface)
    tokens = name.split()
    key = index.exact.get((name, type_))
    state = index.state_of(key) if key else ""
    found, rest = index.split_state(tokens) if type_ != "Person" else ("", tokens)
    if type_ != "State" and not rest:
        # A Location or Channel called just "Georgia" is not thereby part of the state Georgia.
        found, rest = "", tokens
    state = state or found
    if found and state == found:
        tokens = rest
    state = state or state_hint
    # Initials of what is left once the state is taken off: "Belarusian KGB" and "KGB of Belarus" are both KGB.
    acronym = acronym_of(" ".join(tokens), surface)
    return MentionRecord(
        name=name or surface.casefold(),
        acronym=acronym,
        core=_core(tokens, type_),
        type=type_,
        state=state or None,
        numbers=" ".join(re.findall(r"\d+", name)) or None,
        context=frozenset(k for k in context_keys if k),
    )


def _index(gazetteer: Gazetteer | FeatureIndex) -> FeatureIndex:
    return gazetteer if isinstance(gazetteer, FeatureIndex) else FeatureIndex(gazetteer)


def record_for_gazetteer(entry: GazEntry, alias: str, gazetteer: Gazetteer | FeatureIndex) -> dict[str, Any]:
    """The dedupe record for one name of a gazetteer entry; its context is what it belongs to."""
    index = _index(gazetteer)
    state = index.state_of(entry.key)
    ctx = {*entry.part_of, *entry.owned_by, *([state] if state and state != entry.key else [])}
    rec = build_record(alias, entry.type, ctx, index, state_hint=state)
    if rec.state != state and state:
        rec = dataclasses.replace(rec, state=state)
    return rec.as_dedupe()


def record_for_mention(surface: str, type_: str, context_keys: Iterable[str],
                       gazetteer: Gazetteer | FeatureIndex, state_hint: str = "") -> dict[str, Any]:
    """The dedupe record for a mention; pass a FeatureIndex when calling in a loop."""
    return build_record(surface, type_, context_keys, _index(gazetteer), state_hint).as_dedupe()
