"""Names that are in no gazetteer, found from their form and context.

- quoted page, group and channel names ("a private group titled '...'", "the Page '...'");
- @handles and #hashtags;
- capitalised names typed by their head noun ("... Agency", "Ministry of ...", "... Observatory");
- people: a known given name first, a title before ("spokesperson Geng Shuang") or a byline.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractors.candidates import Candidate, candidates
from extractors.lexicon import HEAD_TYPES, INNER_TYPES, PERSON_TITLES, STOP_CAPS, given_names
from extractors.sentences import doc_text
from kg.gazetteer import Gazetteer

_CHANNEL_KW = r"(?:page|group|channel|account|hashtag|handle|community|forum|blog|website|site|outlet|profile)s?"
_NAME = r"[A-Z0-9#@][^\"“”‘’\n]{1,80}?"
_QUOTED_AFTER_KW = re.compile(
    rf"\b{_CHANNEL_KW}\b[,:]?\s+(?:(?:titled|called|named|dubbed|known as)\s+)?[\"“‘]({_NAME})[,.]?[\"”’]",
    re.IGNORECASE)
_QUOTED_BEFORE_KW = re.compile(rf"[\"“‘]({_NAME})[,.]?[\"”’]\s+{_CHANNEL_KW}\b", re.IGNORECASE)
# "a propaganda site called Ukraine Today", "a media company called InsightID": the noun types the name.
_CALLED_TYPES = {"page": "Channel", "group": "Channel", "channel": "Channel", "account": "Channel",
                 "site": "Channel", "website": "Channel", "blog": "Channel", "profile": "Channel",
                 "company": "Company", "firm": "Company", "startup": "Company", "agency": "Company",
                 "outlet": "MediaOutlet", "newspaper": "MediaOutlet", "organisation": "Organization",
                 "organization": "Organization", "movement": "Organization", "party": "Organization",
                 "network": "Group", "operation": "Group", "campaign": "Group"}
_CALLED = re.compile(r"\b(" + "|".join(_CALLED_TYPES) + r")s?[ \t]+(?:called|named|titled|dubbed|known\s+as)[ \t]+"
                     r"((?:[A-Z][\w'\u2019&.-]*[ \t]?){1,6})")
_NOUN_BEFORE = re.compile(r"\b(security|research|marketing|consulting|technology|tech|media|PR|intelligence|"
                          r"analytics|cybersecurity|advertising|public\s+relations)\s+(firm|company|startup|group|"
                          r"outlet|agency)[ \t]+$", re.IGNORECASE)
# Threat-intelligence and research firms are research organisations in the ontology, like Mandiant.
_RESEARCH_KINDS = frozenset({"security", "research", "intelligence", "analytics", "cybersecurity"})


def _noun_before(text: str, start: int) -> re.Match[str] | None:
    """The typing noun phrase right before a name, tested cheaply first: most names have none."""
    near = text[max(0, start - 9):start].lower()
    if not any(n in near for n in ("firm", "compan", "startup", "group", "outlet", "agency")):
        return None
    return _NOUN_BEFORE.search(text, max(0, start - 30), start)


def _noun_type(pre: re.Match[str]) -> str:
    if pre.group(1).lower() in _RESEARCH_KINDS:
        return "ResearchOrg"
    return _CALLED_TYPES[pre.group(2).lower()]
_TITLE_AFTER = re.compile(r",\s+(?:the\s+|an?\s+)?(?:[\w\u2019'-]+\s+){0,4}?(?:spokes(?:person|man|woman)|press\s+secretary|"
                          r"secretary|director|minister|chief|head|founder|adviser|advisor|researcher|analyst|"
                          r"ambassador|spokesperson|official|lawmaker|senator|professor|editor|reporter|commander)\b")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,30}\b")

_WORD = r"(?:[A-Z][\w\-&]*\.?|[A-Z]\.(?:[A-Z]\.)*)"
_CONNECT = r"(?:of|for|to|de|del|da|al|el|von|van|der|&|and(?=[ \t]+[A-Z]\w*[ \t]+(?:Party|Front|Movement)))"
# "Ministry of Information and Communications Technology", "Crime Research and Analysis Foundation".
_INSTITUTION = (r"(?:Ministry|Department|Office|Bureau|Committee|Commission|Council|Institute|Centre|Center|Agency|"
                r"Foundation|School|College|University|Academy|Federation|Union|Society|Association|Alliance)")
_AND_NAME = re.compile(
    rf"\b{_INSTITUTION}[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?{_WORD}(?:[ \t]+{_WORD})*[ \t]+and[ \t]+{_WORD}(?:[ \t]+{_WORD})*"
    rf"|\b{_WORD}(?:[ \t]+{_WORD})*[ \t]+and[ \t]+{_WORD}(?:[ \t]+{_WORD})*[ \t]+{_INSTITUTION}\b")
_AND_INSTITUTION = re.compile(rf"\b{_INSTITUTION}[ \t]+(?:of|for)\b|[ \t]and[ \t][A-Z][^.\n]{{0,60}}?\b{_INSTITUTION}\b")
# "Changyu Culture, a private company ...": the noun in apposition types a name that has no head noun.
_APPOSITION_TYPES = {
    "company": "Company", "firm": "Company", "business": "Company", "startup": "Company", "contractor": "Company",
    "conglomerate": "Company", "subsidiary": "Company", "group": "Organization", "organisation": "Organization",
    "organization": "Organization", "ngo": "Organization", "nonprofit": "Organization", "non-profit": "Organization",
    "charity": "Organization", "party": "Organization", "think tank": "ResearchOrg", "lab": "ResearchOrg",
    "laboratory": "ResearchOrg", "outlet": "MediaOutlet", "newspaper": "MediaOutlet", "broadcaster": "MediaOutlet",
    "news site": "MediaOutlet", "news agency": "MediaOutlet", "magazine": "MediaOutlet", "militia": "Group",
    "website": "MediaOutlet", "news website": "MediaOutlet", "publication": "MediaOutlet", "tabloid": "MediaOutlet",
}
_APPOSITION = re.compile(r",\s+(?:a|an)\s+(?:[\w-]+\s+){0,4}?(" + "|".join(
    sorted((re.escape(k) for k in _APPOSITION_TYPES), key=len, reverse=True)) + r")\b", re.IGNORECASE)
_CHUNK = re.compile(rf"\b{_WORD}(?:(?:[ \t]+{_CONNECT})?(?:[ \t]+the)?[ \t]+{_WORD})*")
_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|(?:Inc|Ltd|Corp|Co|St|Dr|Mr|Mrs|Ms|Gen|Col|Lt|Sgt|Jr|Sr|No|Mt)\.")
_BYLINE = re.compile(r"^\W*(?:By|(?:Additional\s+)?Reporting\s+by|Writing\s+by|Edit(?:ed|ing)(?:\s+\w+){0,3}\s+by)\s+$",
                     re.IGNORECASE)
_MAX_CHANNEL_WORDS = 10
_SPEECH_BEFORE = frozenset({"said", "says", "told", "wrote", "added", "asked"})


def _channels(text: str, out: list[Candidate]) -> None:
    for rx in (_QUOTED_AFTER_KW, _QUOTED_BEFORE_KW):
        for m in rx.finditer(text):
            if rx is _QUOTED_BEFORE_KW and m.start() > 0 and not text[m.start() - 1].isspace():
                continue  # an apostrophe inside a word, not an opening quote
            name = m.group(1).rstrip(" ,.;:!?")
            if not name or len(name.split()) > _MAX_CHANNEL_WORDS:
                continue
            start = m.start(1)
            out.append(Candidate(start, start + len(name), "Channel", None, name, "channel.quoted", 0.8))
    for m in _CALLED.finditer(text):
        words = re.split(r"[.!?,;:][ \t]", m.group(2))[0].split()
        while words and words[-1] in STOP_CAPS:
            words.pop()
        if not words:
            continue
        start = m.start(2)
        name = text[start:start + len(" ".join(words))].rstrip(" .,")
        type_ = _CALLED_TYPES[m.group(1).lower()]
        extractor = "channel.quoted" if type_ == "Channel" else "form.org"
        out.append(Candidate(start, start + len(name), type_, None, name, extractor, 0.7))
    # A hashtag names a topic more often than a channel: it is read as a tactic, not an entity.
    for m in _HANDLE.finditer(text):
        out.append(Candidate(m.start(), m.end(), "Channel", None, m.group(), "channel.handle", 0.7))


_STATE_FIRST = frozenset({"Government", "State", "Presidential", "Federal", "National", "Royal", "Ministry",
                          "Department", "Office"})


def _type_of(words: list[str]) -> str | None:
    """The type of a name from its head word; a name that opens with 'Government', 'State', 'Presidential'
    and the like names a state body whatever its head ("Government Citizen Interaction Centre")."""
    type_ = _head_type(words)
    if type_ in ("ResearchOrg", "Company") and words[0] in _STATE_FIRST:
        return "StateAgency"
    return type_


def _head_type(words: list[str]) -> str | None:
    """The type a name's head word gives it: the word before 'of'/'for'/'to' if there is one, else the last."""
    connectors = [i for i, w in enumerate(words) if w in ("of", "for", "to", "on")]
    if connectors:
        head = words[:connectors[0]]
        if head and head[-1] in HEAD_TYPES:
            return HEAD_TYPES[head[-1]]
        inner = [INNER_TYPES[w] for w in head if w in INNER_TYPES]
        return inner[0] if inner else None
    last = words[-1].rstrip(".")
    if len(words) >= 2 and last in HEAD_TYPES:
        return HEAD_TYPES[last]
    inner = [INNER_TYPES[w] for w in words[:-1] if w in INNER_TYPES]
    return inner[0] if inner else None


def _is_name_word(w: str) -> bool:
    return w[:1].isupper() and (w[1:].islower() or "-" in w or "'" in w) and w not in STOP_CAPS


def _person(words: list[str], before: str) -> bool:
    if not 2 <= len(words) <= 4 or not all(_is_name_word(w) for w in words):
        return False
    if words[0] in given_names():
        return True
    prev = before.rstrip().rsplit(None, 1)[-1].lower() if before.strip() else ""
    return prev in PERSON_TITLES or prev in _SPEECH_BEFORE or bool(_BYLINE.match(before[before.rfind("\n") + 1:]))


def _chunks(text: str, out: list[Candidate], states: frozenset[str] = frozenset()) -> None:
    for m in _CHUNK.finditer(text):
        if " " not in m.group() and "\t" not in m.group():
            # One word: a name only when an apposition or the noun before types it ("Volexity, a security
            # firm", "security firm Volexity").
            if m.group() in STOP_CAPS or m.group().isupper():
                continue
            app = _APPOSITION.match(text, m.end()) if text.startswith(", a", m.end()) else None
            pre = _noun_before(text, m.start()) if app is None else None
            type_ = _APPOSITION_TYPES[app.group(1).lower()] if app else (_noun_type(pre) if pre else None)
            if type_ is not None and type_ != "Channel":
                word = m.group().rstrip(".")  # a full stop after one word ends the sentence, not the name
                out.append(Candidate(m.start(), m.start() + len(word), type_, None, word, "form.apposition", 0.55))
            continue
        words = m.group().split()
        offsets = [m.start() + o.start() for o in re.finditer(r"\S+", m.group())]
        # A full stop after a word that is not an abbreviation ends the sentence, and the name with it.
        for j, w in enumerate(words[:-1]):
            if w.endswith(".") and not _ABBREVIATION.fullmatch(w):
                words, offsets = words[:j + 1], offsets[:j + 1]
                break
        # Leading function words, titles and a possessor ("Russia's") are not part of the name.
        i = 0
        while i < len(words) - 1 and (words[i] in STOP_CAPS or words[i].lower() in PERSON_TITLES
                                      or words[i].endswith(("'s", "\u2019s")) or words[i] == "the"):
            i += 1
        words, offsets = words[i:], offsets[i:]
        while words and (words[-1] in ("of", "for", "to", "on", "the", "de", "al", "and") or words[-1] in STOP_CAPS):
            words, offsets = words[:-1], offsets[:-1]
        if not words:
            continue
        start = offsets[0]
        end = offsets[-1] + len(words[-1])
        if (words[-1].endswith(".") and words[-1].rstrip(".") not in ("Inc", "Ltd", "Corp", "Co")
                and not re.fullmatch(r"(?:[A-Z]\.)+", words[-1])):
            end -= 1
        surface = text[start:end]
        type_ = _type_of(words)
        if "and" in words and words[words.index("and") - 1] in HEAD_TYPES:
            type_ = None  # "News Front and South Front" is two names
        # "Uganda Communications Commission", "Nicaraguan Social Security Institute": a state's own body.
        if type_ in ("Organization", "ResearchOrg") and len(words) >= 3 and words[0] in states \
                and words[-1] not in ("Party", "Movement", "Front", "University", "College"):
            type_ = "StateAgency"
        if type_ is not None:
            out.append(Candidate(start, end, type_, None, surface, "form.org", 0.6))
        elif _person(words, text[max(0, start - 40):start]):
            out.append(Candidate(start, end, "Person", None, surface, "form.person", 0.7))
        elif len(words) <= 4 and text.startswith(",", end) and all(_is_name_word(w) for w in words) \
                and _TITLE_AFTER.match(text, end):
            # "Don Wanyama, Museveni's senior press secretary": a title in apposition names a person.
            out.append(Candidate(start, end, "Person", None, surface, "form.person", 0.65))
        elif (pre := _noun_before(text, start)) is not None:
            # "security firm Volexity": the noun before the name types it.
            out.append(Candidate(start, end, _noun_type(pre), None, surface, "form.apposition", 0.55))
        elif (app := _APPOSITION.match(text, end)) is not None and not all(w.isupper() for w in words):
            out.append(Candidate(start, end, _APPOSITION_TYPES[app.group(1).lower()], None, surface,
                                 "form.apposition", 0.55))
    for m in (_AND_NAME.finditer(text) if _AND_INSTITUTION.search(text) else ()):
        words = m.group().split()
        head = words[0] if words[0] in HEAD_TYPES else words[-1]
        if head in HEAD_TYPES and words[0] not in STOP_CAPS:
            out.append(Candidate(m.start(), m.end(), HEAD_TYPES[head], None, m.group(), "form.org", 0.55))


class FormRules:
    """Candidates for entities that no gazetteer lists."""

    def __init__(self, nlp: Language, name: str = "kg_form_rules") -> None:
        self.name = name
        self.states: frozenset[str] = frozenset()

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   gazetteer: Gazetteer | None = None) -> None:
        if gazetteer is not None:
            self.states = frozenset(n for e in gazetteer.by_type("State") for n in [e.label, *e.demonyms])

    def __call__(self, doc: Doc) -> Doc:
        out = candidates(doc)
        _channels(doc_text(doc), out)
        _chunks(doc_text(doc), out, self.states)
        return doc
