"""Settles overlapping candidates into mentions and links in-document aliases to their full names.

In-document aliases: an acronym defined in brackets after a name ("Stanford Internet Observatory (SIO)"),
an acronym equal to a mention's initials, and a person's surname alone ("Walter" after "Kyle Walter").
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from extractors.candidates import Candidate, candidates
from extractors.lexicon import STOP_CAPS, given_names
from extractors.sentences import doc_text
from kg.gazetteer import Gazetteer

# Extractors whose spans may hold other mentions: a page named "Guardians of Pakistan" mentions Pakistan.
_CONTAINERS = ("channel.quoted", "form.org", "form.apposition", "gazetteer.derived")
_ACRONYM_DEF = re.compile(r"\s*\(([A-Z][A-Za-z&.\-]{1,11})\)")
_FILLER = {"of", "the", "for", "and", "on", "to", "de", "al", "&"}


def _holds(outer: Candidate, inner: Candidate) -> bool:
    """Whether a mention may sit inside another: a state body's name holds the state or body it names."""
    if not inner.extractor.startswith("gazetteer"):
        return False
    if outer.extractor in _CONTAINERS:
        return True
    return outer.type == "StateAgency" and inner.type in ("State", "Organization")


def _redundant(cands: list[Candidate]) -> set[int]:
    """Form names that only add a word or two before a known name ("Russian Internet Research Agency"),
    and known places inside a person's name ("Juan Orlando Hernández")."""
    out: set[int] = set()
    forms = [c for c in cands if c.extractor.startswith("form.org") or c.extractor == "form.apposition"]
    persons = [c for c in cands if c.extractor == "form.person"]
    if not forms and not persons:
        return out
    known_by_end: dict[int, list[Candidate]] = {}
    for c in cands:
        if c.extractor.startswith("gazetteer"):
            known_by_end.setdefault(c.end, []).append(c)
            if c.type == "Location" and any(p.start <= c.start and c.end <= p.end and (p.start, p.end) != (c.start, c.end)
                                            for p in persons):
                out.add(id(c))
    for c in forms:
        for k in known_by_end.get(c.end, ()):
            if c.start < k.start and k.type not in ("State", "Location") and \
                    len(str(c.canonical).split()) - len(str(k.canonical or "x").split()) <= 2:
                out.add(id(c))
    return out


def settle(cands: list[Candidate]) -> list[Candidate]:
    """Keep the best candidate where spans overlap; a container span may hold gazetteer mentions."""
    drop = _redundant(cands)
    cands = [c for c in cands if id(c) not in drop]
    ordered = sorted(cands, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    accepted: list[Candidate] = []
    for c in ordered:
        ok = True
        for a in accepted:
            if c.start >= a.end or a.start >= c.end:
                continue
            a_holds_c = a.start <= c.start and c.end <= a.end and (a.start, a.end) != (c.start, c.end)
            c_holds_a = c.start <= a.start and a.end <= c.end and (a.start, a.end) != (c.start, c.end)
            if a_holds_c and _holds(a, c):
                continue
            if c_holds_a and _holds(c, a):
                continue
            ok = False
            break
        if ok:
            accepted.append(c)
    return sorted(accepted, key=lambda c: (c.start, c.end))


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _FILLER]
    return "".join(w[0] for w in words if w[0].isupper())


def link_aliases(text: str, mentions: list[Candidate]) -> list[Candidate]:
    """Coreference candidates for acronyms and surnames that refer to a mention of the same document."""
    extra: list[Candidate] = []
    by_acronym: dict[str, Candidate] = {}
    for m in mentions:
        d = _ACRONYM_DEF.match(text, m.end)
        if d and m.type != "Person" and len(d.group(1)) < (m.end - m.start):
            by_acronym.setdefault(d.group(1), m)
    defined = set(by_acronym)
    for m in mentions:
        if m.type not in ("Person", "Location", "State", "Channel") and len(m.canonical.split()) >= 2:
            ini = _initials(m.canonical)
            if len(ini) >= 2:
                by_acronym.setdefault(ini, m)
    surnames: dict[str, Candidate] = {}
    names = given_names()
    for m in mentions:
        if m.type == "Person":
            words = text[m.start:m.end].split()
            if len(words) >= 2:
                surnames.setdefault(words[-1], m)
                if words[0] not in names:
                    surnames.setdefault(words[0], m)
    wanted = {**{k: v for k, v in surnames.items() if k not in STOP_CAPS}, **by_acronym}
    if not wanted:
        return extra
    rx = re.compile(r"(?<![\w\-])(" + "|".join(re.escape(k) for k in sorted(wanted, key=len, reverse=True))
                    + r")(?![\w\-])")
    for hit in rx.finditer(text):
        ant = wanted[hit.group(1)]
        pos = (hit.start(), hit.end())
        holders = [m for m in mentions + extra if not (pos[1] <= m.start or m.end <= pos[0])]
        if holders:
            # An acronym the gazetteer gives another meaning is re-pointed when the document defines it.
            if hit.group(1) in defined and all(h.extractor.startswith("gazetteer") and (h.start, h.end) == pos
                                               and h.key != ant.key for h in holders):
                extra.append(replace(ant, start=pos[0], end=pos[1], extractor="coref.acronym",
                                     confidence=0.85))
            continue
        kind = "coref.acronym" if hit.group(1) in by_acronym else "coref.surname"
        extra.append(replace(ant, start=pos[0], end=pos[1], extractor=kind, confidence=0.75))
    return extra


# Words after a platform's name that show the text means the company behind it ("Facebook's shares").
_COMPANY_CUE = re.compile(r",?\s+Inc\b|['\u2019]s\s+(?:shares|stock|chief\s+executive|CEO|founder|board|investors|"
                          r"revenue|profits?|market\s+value|earnings)\b|\s+(?:shares|stock|CEO|chief\s+executive)\b")


def company_readings(gazetteer: Gazetteer) -> dict[str, str]:
    """Platform key -> the company that once bore the platform's name (Facebook -> Meta, formerly Facebook, Inc.)."""
    out: dict[str, str] = {}
    for company in gazetteer.by_type("Company"):
        for former, _until in company.former_names:
            for platform in gazetteer.by_type("Platform"):
                if company.key in platform.owned_by and former.startswith(platform.label):
                    out[platform.key] = company.key
    return out


class MentionSettler:
    """Turns all candidates into the document's mentions, canonical labels filled in."""

    def __init__(self, nlp: Language, name: str = "kg_mentions") -> None:
        self.name = name
        self.gazetteer: Gazetteer | None = None
        self.companies: dict[str, str] = {}

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer
        self.companies = company_readings(gazetteer) if gazetteer is not None else {}

    def __call__(self, doc: Doc) -> Doc:
        cands = candidates(doc)
        if self.gazetteer is not None:
            for c in cands:
                if c.key is not None and not c.canonical:
                    entry = self.gazetteer.get(c.key)
                    c.canonical = entry.label if entry else doc_text(doc)[c.start:c.end]
        first = settle(cands)
        extra = link_aliases(doc_text(doc), first)
        if extra:
            first = settle(extra + first)
        if self.companies:
            text = doc_text(doc)
            for c in first:
                owner = self.companies.get(c.key or "")
                if owner and c.type == "Platform" and _COMPANY_CUE.match(text, c.end) and self.gazetteer:
                    entry = self.gazetteer.get(owner)
                    c.key, c.type, c.canonical = owner, "Company", entry.label if entry else c.canonical
        doc._.kg_mentions = first
        return doc
