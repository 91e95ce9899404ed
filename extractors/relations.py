"""Statements read from each sentence: attributions with stance, takedown counts, origins, targets,
platforms used, tactics and languages. Each carries its sentence as evidence."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from extractors.candidates import Candidate
from extractors.dates import resolve_date
from extractors.lexicon import LANGUAGES
from extractors.numbers import NUMBER, parse_number
from extractors.sentences import doc_text, sentence_spans
from kg.gazetteer import Gazetteer

ACTOR_TYPES = {"State", "StateAgency", "Group", "Company", "Person", "Organization", "MediaOutlet"}
CLAIMANT_TYPES = {"Platform", "Company", "ResearchOrg", "State", "StateAgency", "Organization", "MediaOutlet"}
REMOVER_TYPES = {"Platform", "Company"}
_REPORTERS = {"Platform", "Company", "ResearchOrg"}
PLACE_TYPES = {"State", "Location"}

_ASSERT = re.compile(
    r"\b(?:link(?:ed|s|ing)?\s+(?:\S+\s+){0,6}?(?:to|with)|ties?\s+(?:\S+\s+){0,3}?to|tied\s+to|"
    r"attribut(?:e|ed|es|ing|ion)\s+(?:\S+\s+){0,5}?to|(?:state|government|military|kremlin)[-\s](?:backed|linked|"
    r"sponsored|run|affiliated|directed|controlled)|backed\s+by|(?<!presidential\s)(?<!election\s)(?<!\ba\s)run\s+by|"
    r"directed\s+by|operated\s+by|identif(?:ied|ies|ying)\s+(?:\S+\s+){0,8}?as\s+(?:the\s+)?(?:operators?|source|"
    r"company|firm|entity|actor|group|organi[sz]ation|one|behind|running|responsible)|"
    r"orchestrated\s+by|controlled\s+by|on\s+behalf\s+of|associated\s+with|connected\s+(?:to|with)|"
    r"affiliated\s+with|belonging\s+to|work(?:ed|ing|s)?\s+for|at\s+the\s+behest\s+of|funded\s+by|sponsored\s+by|"
    r"employees?\s+of|employed\s+by|staff(?:ers)?\s+(?:of|at)|(?:at|under)\s+the\s+direction\s+of|"
    r"on\s+(?:the\s+)?orders\s+of|(?:taking|took|takes|taken|take)\s+(?:its\s+)?direction\s+from|"
    r"accus(?:ed|es|ing)\s+(?:\S+\s+){0,5}?of\s+(?:backing|running|operating|orchestrating|directing|sponsoring|"
    r"being\s+behind|conducting)|(?:were|was|is|are)\s+behind|traced\s+(?:\S+\s+){0,3}?to)",
    re.IGNORECASE)
_HEDGE = re.compile(
    r"\b(?:could(?:n[’']t|\s+not)\s+(?:\S+\s+){0,2}?(?:attribute|confirm|determine|verify|say)|"
    r"can(?:not|[’']t)\s+(?:\S+\s+){0,2}?(?:attribute|confirm|determine)|unable\s+to\s+(?:attribute|confirm|"
    r"determine)|(?:moderate|low|medium)\s+confidence|likely|possibly|probably|may\s+(?:be|have)|might|"
    r"suspected|allegedly|footprints?\s+of|hallmarks?\s+of|consistent\s+with|appear(?:s|ed)?\s+to|"
    r"believed\s+to|not\s+(?:\S+\s+){0,2}?certain)",
    re.IGNORECASE)
_STATE_LINKED_IN = re.compile(r"(?:state|government)[-\s]\w+\s+(?:\w+\s+){0,2}?in\b", re.IGNORECASE)
_OPERATION_RX = re.compile(r"\b(?:operations?|networks?|campaigns?|troll\s+farms?|trolls|actors?|hackers?)\b",
                           re.IGNORECASE)
_CAP_WORDS = re.compile(r"\b(?=([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}))")
_DEMONYM_LINK = re.compile(r"(?:[-\s](?:linked|backed|affiliated|sponsored|run|aligned|directed))?\s+(?:\S+\s+){0,2}?",
                           re.IGNORECASE)
_HEDGE_LINK = re.compile(r"\b(?:footprints?\s+of|hallmarks?\s+of|consistent\s+with)", re.IGNORECASE)
_DENY = re.compile(r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed|refuted|not\s+aware|"
                   r"no\s+knowledge|baseless|groundless|fabricated)\b", re.IGNORECASE)
_REMOVAL = re.compile(
    r"\b(?:remov\w*|suspend\w*|(?:took|taken|take|takes|taking)\s+(?:\S+\s+){0,3}?down|pull(?:ed|s|ing)?|"
    r"shut(?:s|ting)?\s+down|bann?(?:ed|ing|s)?|delet\w*|terminat\w*|disabl\w*|deactivat\w*|block(?:ed|ing)|"
    r"purg\w*|eliminat\w*|disrupt\w*|dismantl\w*|axed|took\s+action\s+against|enforced\s+against)\b",
    re.IGNORECASE)
_ASSET = {"account": "accounts", "accounts": "accounts", "profile": "accounts", "profiles": "accounts",
          "page": "pages", "pages": "pages", "group": "groups", "groups": "groups", "channel": "channels",
          "channels": "channels", "post": "posts", "posts": "posts", "tweet": "posts", "tweets": "posts",
          "video": "videos", "videos": "videos"}
_ASSET_RX = r"(?:accounts?|profiles?|pages?|groups?|channels?|posts?|tweets?|videos?)"
_ITEM = re.compile(
    rf"\b(?:(?:about|nearly|almost|around|roughly|approximately|more\s+than|over|at\s+least|some|another|"
    rf"an\s+additional)\s+)?(?P<n>{NUMBER})\s+(?P<mid>(?:(?!(?:and|or)\s+(?![A-Z]))(?!{NUMBER}\b)[^\s,;.]+\s+){{0,4}}?)"
    rf"(?P<asset>{_ASSET_RX})\b"
    rf"(?P<more>(?:\s*,?\s*(?:and\s+|or\s+)?{_ASSET_RX}\b)+)?", re.IGNORECASE)
_ELIDED = re.compile(
    rf"\b(?:(?:about|nearly|almost|around|roughly|approximately|more\s+than|over|at\s+least|some)\s+)?"
    rf"(?P<n>{NUMBER})\s+(?:more\b|(?=(?:were|was|have\s+been|had\s+been)\s+(?:\S+\s+)?(?:removed|suspended|"
    rf"taken\s+down|deleted|banned|terminated|pulled)))", re.IGNORECASE)
_PASSIVE = re.compile(r"[^.;()\d]{0,120}?\b(?:were|was|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:removed|suspended|"
                      r"taken\s+down|deleted|banned|terminated|pulled|disabled|shut\s+down)", re.IGNORECASE)
_RELATIVE_REMOVAL = re.compile(r"\s+(?:that|which)\s+(?:\S+\s+){0,3}?(?:removed|suspended|took\s+down|deleted|banned|"
                               r"terminated|pulled|disabled)", re.IGNORECASE)
# "• Brazil — 35 Facebook accounts, 14 Pages ...": a list entry of a takedown report.
_LISTED = re.compile(r"\s*(?:[•\-*–]|\d{1,2}[.)])?\s*(?:[A-Z][\w.'-]*\s*){0,4}[—–:-]\s*", re.UNICODE)
_COMPOSITION = re.compile(r"\b(?:compris(?:ed|ing|es)|consist(?:ed|ing|s)\s+of|made\s+up\s+of|included|"
                          r"(?:networks?|operations?)\s+(?:were|was))\b", re.IGNORECASE)
_CLAUSE = re.compile(r";|,\s*(?:while|whereas|but|although)\b|\s(?:while|whereas)\s")
_ORIGIN = re.compile(r"\b(?:operated|run|based|originat\w*|coming|directed|managed|conducted)\s+(?:from|in|out\s+of)"
                     r"\s+(?:the\s+)?$|-based\s*$", re.IGNORECASE)
_TARGET = re.compile(r"\b(?:focus(?:ed|ing)?\s+on|target(?:ed|ing|s)?|aimed\s+at|directed\s+at|audiences?\s+in|"
                     r"users\s+in|people\s+in|aimed\s+at\s+audiences\s+in)\s+(?:\S+\s+){0,3}?$", re.IGNORECASE)
_USES = re.compile(r"\b(?:on|across|via|using|used|uses|through|onto)\s+(?:the\s+)?(?:\S+\s+and\s+)?$",
                   re.IGNORECASE)
TACTICS: dict[str, re.Pattern[str]] = {
    "fake-personas": re.compile(r"\bfake\s+(?:\w+\s+)?(?:accounts|profiles|personas?)|fictitious|posing\s+as|"
                                r"fabricated\s+personas?|sockpuppet", re.IGNORECASE),
    "impersonation": re.compile(r"\bimpersonat\w+|spoofed|clon(?:ed|es)\s+(?:\w+\s+)?(?:websites?|sites?)",
                                re.IGNORECASE),
    "mass-reporting": re.compile(r"\bmass[-\s]report\w*", re.IGNORECASE),
    "recruitment": re.compile(r"\brecruit\w*|job\s+ads?\b", re.IGNORECASE),
    "coordinated-inauthentic-behaviour": re.compile(r"coordinated\s+inauthentic\s+behaviou?r", re.IGNORECASE),
    "hashtag-campaign": re.compile(r"\bhashtags?\b|#\w{3,}", re.IGNORECASE),
    "paid-advertising": re.compile(r"\b(?:paid\s+)?(?:ads|advertisements|advertising)\b", re.IGNORECASE),
    "bots-automation": re.compile(r"\bbots?\b|automated\s+accounts|botnet", re.IGNORECASE),
    "compromised-accounts": re.compile(r"\bhacked|compromised\s+accounts|hijacked", re.IGNORECASE),
    "generative-ai": re.compile(r"\bAI[-\s]generated|generative\s+AI|deepfakes?|ChatGPT|language\s+models?",
                                re.IGNORECASE),
    "harassment": re.compile(r"\bharass\w*|intimidat\w*|doxx\w*", re.IGNORECASE),
}
_SPEECH = re.compile(r"\s+(?:has\s+|had\s+)?(?:said|says|wrote|writes|added|stated|told|reported|noted|announced|"
                     r"concluded|found)\b")
# Lower-case substrings one of which a text must hold for a tactic's pattern to be run on it.
_TACTIC_KEYS: dict[str, tuple[str, ...]] = {
    "fake-personas": ("fake", "fictitious", "posing", "fabricated", "sockpuppet"),
    "impersonation": ("impersonat", "spoofed", "clone"),
    "mass-reporting": ("mass report", "mass-report"),
    "recruitment": ("recruit", "job ad"),
    "coordinated-inauthentic-behaviour": ("inauthentic",),
    "hashtag-campaign": ("hashtag", "#"),
    "paid-advertising": ("ads ", "ads,", "ads.", "advertis"),
    "bots-automation": ("bot ", "bots", "botnet", "automated"),
    "compromised-accounts": ("hacked", "compromised", "hijacked"),
    "generative-ai": (" ai", "ai-", "deepfake", "chatgpt", "language model", "generative"),
    "harassment": ("harass", "intimidat", "doxx"),
}
_ORIGIN_KEYS = ("operated", "run ", "based", "originat", "coming", "directed", "managed", "conducted")
_TARGET_KEYS = ("focus", "target", "aimed", "directed", "audience", "users in", "people in")
_USES_CUE = re.compile(r"\b(?:on|across|via|using|used|uses|through|onto)\b", re.IGNORECASE)
_CAP_WORD = re.compile(r"\b[A-Z][a-z]+\b")
_IO_CONTEXT = re.compile(r"\b(?:network|campaign|operation|account|page|group|post|content|propaganda|"
                         r"disinformation|misinformation|influence|troll|bot|persona|message|video|website|site|"
                         r"activity|activities|hack|channel|tweet|ads?\b|advert|interfer|meddl)", re.IGNORECASE)
_DENIAL_OF_CLAIM = re.compile(r"\w+\s+(?:the\s+)?(?:suggestions?|claims?|allegations?|accusations?|reports?|"
                              r"any\s+(?:role|involvement)|involvement|that)\b", re.IGNORECASE)
_IN_PLACE = re.compile(r"\b(?:in|from|inside|within|across)\s+(?:the\s+)?(?:mainland\s+)?$", re.IGNORECASE)
_BEHIND = re.compile(r"(?:were|was|is|are)\s+behind", re.IGNORECASE)
_ACTOR_STOP = re.compile(r"[\"\u201d]|\b(?:said|says|told|according\s+to)\b|;")
# Lower-case substrings one of which a sentence must hold before the costlier pattern is tried.
_ASSERT_KEYS = ("direction",  "orders of", "identif", "link", "tie", "tied", "attribut", "backed", "run by", "directed", "operated", "orchestrat",
                "controlled", "behalf", "associated", "connected", "accus", "behind", "traced", "affiliat",
                "belonging", "work", "behest", "funded", "sponsored", "employ", "staff", "-run", "-sponsored",
                "-affiliated", "-controlled")
_HEDGE_LINK_KEYS = ("footprint", "hallmark", "consistent with")
_DENY_KEYS = ("deni", "deny", "reject", "dismiss", "refute", "not aware", "no knowledge", "baseless", "groundless",
              "fabricated")
_REMOVAL_KEYS = ("remov", "suspend", "down", "pull", "ban", "delet", "terminat", "disabl", "deactivat", "block",
                 "purg", "eliminat", "disrupt", "dismantl", "axed", "action against", "enforced against")


def _has(low: str, keys: tuple[str, ...]) -> bool:
    for k in keys:  # a plain loop: a generator in any() costs more than the tests themselves
        if k in low:
            return True
    return False


_CLAIM_NOUNS = re.compile(r"\b(?:researchers?|analysts?|report|study|investigators?)\b", re.IGNORECASE)
_OPERATION = re.compile(r"\b(?:network|campaign|operation|accounts|pages|posts|groups|channels|ads|content|"
                        r"propaganda|disinformation|influence)\b", re.IGNORECASE)


@dataclass
class Statement:
    """A relation before it becomes a model record; mentions are the settled candidates."""

    kind: str  # attribution | takedown | origin | target | platform | tactic | language
    start: int
    end: int
    extractor: str
    confidence: float
    actor: Candidate | None = None
    by: Candidate | None = None
    stance: str | None = None
    counts: dict[str, int] | None = None
    value: Candidate | str | None = None
    when: date | None = None


class RelationExtractor:
    def __init__(self, nlp: Language, name: str = "kg_relations") -> None:
        self.name = name
        self.gazetteer: Gazetteer | None = None
        self._demonyms: dict[str, str] = {}
        self._removal_seen = False  # per document: set once a removal was read
        self._last_remover: Candidate | None = None  # per document: who removed the last counts read
        self._io_seen = 99  # per document: sentences since one that spoke of an influence operation
        self._named_states: set[str] = set()  # per document: states named, not only implied by a demonym

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None,
                   gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer
        if gazetteer is None:
            return
        for entry in gazetteer.by_type("State"):
            for name in [*entry.demonyms, *entry.names]:
                if name[:1].isupper() and len(name) > 2:
                    self._demonyms.setdefault(name.lower(), entry.key)

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Candidate] = doc._.kg_mentions or []
        # Per-document state, set afresh for each document (an error half-way cannot leak into the next).
        self._removal_seen, self._last_remover, self._io_seen = False, None, 99
        self._named_states = {m.key for m in mentions if m.type == "State" and m.key}
        starts = [m.start for m in mentions]
        text = doc_text(doc)
        out: list[Statement] = []
        history: list[list[Candidate]] = []
        attributed: list[Statement] = []
        for s, e in sentence_spans(doc):
            lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
            ms = mentions[lo:hi]
            st = text[s:e]
            if st.strip():
                self._attributions(st, s, e, ms, history, attributed, out)
                self._takedowns(st, s, e, ms, history, doc._.kg_published, out)
                self._operation_facts(st, s, e, ms, out)
            history.append(ms)
        self._document_facts(text, sentence_spans(doc), out)
        doc._.kg_relations = out
        return doc

    # ---------------------------------------------------------------- helpers

    def _state_of(self, c: Candidate) -> str | None:
        if c.type == "State":
            return c.key
        if self.gazetteer is not None and c.key:
            entry = self.gazetteer.get(c.key)
            if entry:
                for k in entry.part_of:
                    parent = self.gazetteer.get(k)
                    if parent and parent.type == "State":
                        return parent.key
        return None

    @staticmethod
    def _recent(history: list[list[Candidate]], types: set[str], prefer: str | None = None,
                depth: int = 3) -> Candidate | None:
        """The claimant of an earlier sentence, for 'it', 'we' and 'the researchers'."""
        if prefer:
            for ms in reversed(history[-8:]):
                for m in ms:
                    if m.type == prefer:
                        return m
        for ms in reversed(history[-depth:]):
            found = {m.key or m.canonical: m for m in ms if m.type in types}
            if len(found) > 1 and "Platform" in types:  # a platform is the likelier subject than a firm
                found = {k: m for k, m in found.items() if m.type == "Platform"} or found
            if len(found) == 1:
                return next(iter(found.values()))
            if len(found) > 1:
                return None
        return None

    # ---------------------------------------------------------------- attributions

    @staticmethod
    def _claimant_before(st: str, s: int, t0: int, ms: list[Candidate], actor: Candidate) -> Candidate | None:
        """The closest party before the claim: not a possessor, not a dateline credit, a news outlet last."""
        found = [m for m in ms if m.end <= t0 and m.type in CLAIMANT_TYPES and m.key != actor.key
                 and not (m.key is None and m.canonical == actor.canonical)
                 and st[m.end - s:m.end - s + 2] not in ("'s", "\u2019s")
                 and not (st[m.start - s - 1:m.start - s] == "(" and st[m.end - s:m.end - s + 1] == ")")]
        if not found:
            return None
        others = [m for m in found if m.type != "MediaOutlet"]
        return (others or found)[-1]

    def _attributions(self, st: str, s: int, e: int, ms: list[Candidate], history: list[list[Candidate]],
                      attributed: list[Statement], out: list[Statement]) -> None:
        low = st.lower()
        deny = _DENY.search(st) if _has(low, _DENY_KEYS) else None
        denied = False
        if deny and attributed:
            known = {self._state_of(a.actor) or a.actor.key: a for a in attributed if a.actor}
            for m in ms:
                prior = known.get(self._state_of(m) or m.key or "")
                if prior is not None and prior.actor is not None:
                    out.append(Statement("attribution", s, e, "relations.attribution", 0.7, actor=prior.actor,
                                         by=prior.by, stance="denied"))
                    denied = True
                    break
        if deny and not denied and _DENIAL_OF_CLAIM.match(st, deny.start()):
            # "rejected suggestions that Russia had interfered": the denial names the accused actor.
            after = [m for m in ms if m.start >= s + deny.end() and m.start - s - deny.end() < 80
                     and m.type in ("State", "StateAgency", "Group", "Company", "Organization")]
            if after:
                out.append(Statement("attribution", s, e, "relations.attribution.denial", 0.6, actor=after[0],
                                     by=None, stance="denied"))
        # "The project is backed by a contract" is no attribution: a claim needs an influence operation in
        # its sentence or in the two before it.
        if _IO_CONTEXT.search(st):
            self._io_seen = 0
        else:
            self._io_seen += 1
            if self._io_seen > 2:
                return
        triggers = [t for t in _ASSERT.finditer(st) if not _STATE_LINKED_IN.match(st, t.start())] \
            if _has(low, _ASSERT_KEYS) else []
        if _has(low, _HEDGE_LINK_KEYS):
            triggers += list(_HEDGE_LINK.finditer(st))
        self._demonym_attributions(st, s, e, ms, history, attributed, out)
        if not triggers:
            return
        hedged = bool(_HEDGE.search(st))
        for trig in triggers:
            t0 = s + trig.start()
            verb_end = t0 + len(trig.group().split()[0])
            actor = None
            if _BEHIND.match(trig.group()):  # "Iran was behind the emails": the actor comes first
                before = [m for m in ms if m.end <= t0 and m.type in ACTOR_TYPES
                          and re.fullmatch(r"[\s\w,'\u2019-]{0,40}", st[m.end - s:trig.start()])]
                actor = before[-1] if before else None
            else:
                # The actor follows the trigger closely, inside the same quote and before any "said".
                stop = _ACTOR_STOP.search(st, trig.end())
                limit = s + (stop.start() if stop else len(st))
                for m in ms:
                    if m.start < verb_end or m.type not in ACTOR_TYPES or m.start >= limit:
                        continue
                    if any(o.start <= m.start and m.end <= o.end and o is not m for o in ms):
                        continue  # "a site called Ukraine Today": a name inside a name is not the actor
                    if m.type in PLACE_TYPES and _IN_PLACE.search(st, 0, m.start - s):
                        break  # "run by a commercial entity in Venezuela": a place, an origin
                    tail = st[m.end - s:m.end - s + 3]
                    if tail[:2] in ("'s", "\u2019s") and not st[m.start - s:m.end - s].lower().endswith("government"):
                        continue  # "Russia's intelligence service": a possessor only qualifies the actor
                    actor = m
                    break
            if actor is None or actor.start - t0 > 120:
                continue
            by = self._claimant_before(st, s, t0, ms, actor)
            if by is None:  # the speaker of a quote: '..., ” Facebook said.'
                by = next((m for m in ms if m.start > actor.end and m.type in CLAIMANT_TYPES
                           and _SPEECH.match(st, m.end - s)), None)
            if by is None:
                said = re.search(r"[,”\"]\s*(?:the\s+)?$", st[:trig.start()]) is None
                prefer = "ResearchOrg" if _CLAIM_NOUNS.search(st[:trig.start()]) else None
                by = (self._recent(history, _REPORTERS, prefer) if said or prefer else None)
                after_quote = re.search(r"[”\"]\s*,?\s*(?:said|according\s+to)\s*$", st) is None
                if by is None and after_quote:
                    by = next((m for m in ms if m.start > actor.end and m.type in CLAIMANT_TYPES), None)
            stance = "hedged" if hedged else "asserted"
            stmt = Statement("attribution", s, e, "relations.attribution", 0.6 if hedged else 0.8,
                             actor=actor, by=by, stance=stance)
            out.append(stmt)
            attributed.append(stmt)
            if by is not None:  # "Twitter and Facebook have accused ...": each makes the claim
                for other in reversed([m for m in ms if m.end <= by.start and m.type in CLAIMANT_TYPES]):
                    if not re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", st[other.end - s:by.start - s]):
                        break
                    out.append(Statement("attribution", s, e, "relations.attribution", stmt.confidence,
                                         actor=actor, by=other, stance=stance))
                    by = other
            for m in ms:  # "links to X and Y": every actor listed right after the first
                if (m.type == "Person") != (actor.type == "Person"):
                    continue  # "employees of RT, Jane Doe and John Roe": people in apposition, not more actors
                if m.start > actor.end and m.type in ACTOR_TYPES and st[m.end - s:m.end - s + 2] not in (
                        "'s", "\u2019s") and re.fullmatch(
                        r"\s*(?:,|and|or|,\s*and)\s*(?:the\s+)?(?:to\s+)?(?:the\s+)?", st[actor.end - s:m.start - s]):
                    extra = Statement("attribution", s, e, "relations.attribution", stmt.confidence, actor=m,
                                      by=by, stance=stance)
                    out.append(extra)
                    attributed.append(extra)
                    actor = m

    def _demonym_attributions(self, st: str, s: int, e: int, ms: list[Candidate],
                              history: list[list[Candidate]], attributed: list[Statement],
                              out: list[Statement]) -> None:
        """ "a Chinese influence operation", "Iran-linked accounts", "a Russia-aligned network"."""
        if not self._demonyms:
            return
        for op in _OPERATION_RX.finditer(st):
            window = st[max(0, op.start() - 80):op.start()]
            base = max(0, op.start() - 80)
            for w in _CAP_WORDS.finditer(window):
                words = w.group(1).split()
                key, length = None, 0
                for n in range(min(3, len(words)), 0, -1):  # the longest name first: "North Korean"
                    cand = " ".join(words[:n])
                    if cand.lower() in self._demonyms:
                        key, length = self._demonyms[cand.lower()], len(cand)
                        break
                if key is None:
                    continue
                if not _DEMONYM_LINK.fullmatch(window[w.start() + length:]):
                    continue
                entry = self.gazetteer.get(key) if self.gazetteer else None
                if entry is None or key not in self._named_states:
                    continue  # the state is never named: "a Russian network" alone is too thin to cite
                start = s + base + w.start()
                actor = Candidate(start, start + length, "State", key, entry.label, "relations.demonym", 0.7)
                hedged = bool(_HEDGE.search(st[:op.start()]))
                by = next((m for m in ms if m.type in _REPORTERS and m.start < start), None)
                by = by or self._recent(history, _REPORTERS)
                stmt = Statement("attribution", s, e, "relations.attribution.demonym", 0.6 if hedged else 0.7,
                                 actor=actor, by=by, stance="hedged" if hedged else "asserted")
                out.append(stmt)
                attributed.append(stmt)
                break

    # ---------------------------------------------------------------- takedowns

    def _platform_key(self, c: Candidate | None, ms: list[Candidate], history: list[list[Candidate]]) -> str | None:
        if c is None or self.gazetteer is None or c.key is None:
            return None
        entry = self.gazetteer.get(c.key)
        if entry is None:
            return None
        if entry.type == "Platform":
            return entry.count_key
        owned = set()
        for seen in [ms, *history]:
            for m in seen:
                if m.type == "Platform" and m.key:
                    p = self.gazetteer.get(m.key)
                    if p and c.key in p.owned_by and p.count_key:
                        owned.add(p.count_key)
        return owned.pop() if len(owned) == 1 else None

    def _takedowns(self, st: str, s: int, e: int, ms: list[Candidate], history: list[list[Candidate]],
                   published: date | None, out: list[Statement]) -> None:
        first_verb = _REMOVAL.search(st) if _has(st.lower(), _REMOVAL_KEYS) else None
        removal = first_verb is not None
        if first_verb is not None and _IO_CONTEXT.search(st):
            self._removal_seen = True
            # "Twitter has taken down thousands of accounts": the remover of the counts listed next.
            subject = [m for m in ms if m.type in REMOVER_TYPES and m.end <= s + first_verb.start()]
            if subject:
                self._last_remover = subject[-1]
        # "The network comprised 65 Facebook accounts, 161 Pages ...": the make-up of a removed network.
        composition = self._removal_seen and (_COMPOSITION.search(st) is not None or _LISTED.match(st) is not None)
        if not removal and not composition:
            return
        clauses = [0] + [m.end() for m in _CLAUSE.finditer(st)]
        counts: dict[str, int] = {}
        removers: list[Candidate] = []
        last_key: str | None = None
        last_asset: str | None = None
        last_end = -10**9
        items = sorted([(m.start(), m, "item") for m in _ITEM.finditer(st)]
                       + [(m.start(), m, "elided") for m in _ELIDED.finditer(st)], key=lambda t: t[0])
        for pos, m, kind in items:
            n = parse_number(m.group("n"))
            if n is None or n == 0:
                continue
            before = st[:pos]
            verb = list(_REMOVAL.finditer(before))
            passive = kind == "elided" and re.match(r"\s*(?:were|was|have|had)", st[m.end():]) is not None
            if kind == "item" and (_PASSIVE.match(st, m.end()) or _RELATIVE_REMOVAL.match(st, m.end())):
                passive = True
            chained = pos - last_end < 140 and not re.search(r"[.]\s", st[last_end:pos])
            listed = _LISTED.match(st) if self._removal_seen else None
            composed = (composition and _COMPOSITION.search(st[:pos]) is not None) or (
                listed is not None and pos <= listed.end())
            if not (passive or chained or composed) and (
                    not verb or pos - verb[-1].end() > 120 or re.search(r"[.;]", st[verb[-1].end():pos])):
                continue
            if kind == "elided" and last_asset is None:
                prev = list(re.finditer(rf"\b{_ASSET_RX}\b", before, re.IGNORECASE))
                if not prev:
                    continue
            clause_start = max(c for c in clauses if c <= pos)
            agent = re.match(r"\s*(?:were|was|have\s+been|had\s+been)\s+(?:\S+\s+)?\w+\s+by\s+", st[m.end():])
            remover = None
            if agent:
                at = s + m.end() + agent.end()
                remover = next((x for x in ms if x.start == at and x.type in REMOVER_TYPES), None)
            if remover is None:
                remover = next((x for x in ms if s + clause_start <= x.start < s + pos and x.type in REMOVER_TYPES
                                and not re.match(r"\s*(?:accounts|pages|groups|users)", st[x.end - s:])), None)
            if remover is None:
                remover = self._recent(history + [[x for x in ms if x.start < s + clause_start]], REMOVER_TYPES)
            if remover is None:  # "In Tanzania, 268 accounts were suspended": the remover named earlier
                remover = self._last_remover
            if remover is not None:
                self._last_remover = remover
            if kind == "elided":
                prev = list(re.finditer(rf"\b{_ASSET_RX}\b", before, re.IGNORECASE))
                asset = _ASSET[prev[-1].group().lower()] if prev else last_asset
                mid_platforms: list[Candidate] = []
            else:
                asset = _ASSET[m.group("asset").lower()]
                mid_s, mid_e = s + m.start("mid"), s + m.end("mid") + len(m.group("asset"))
                mid_platforms = [x for x in ms if mid_s <= x.start < mid_e and x.type == "Platform"]
            if remover is not None:
                removers.append(remover)
            if kind == "item" and len({x.key for x in mid_platforms}) > 1:  # "265 Facebook and Instagram accounts"
                counts["total"] = max(n, counts.get("total", 0))
                last_end = m.end()
                continue
            if kind == "item" and m.group("more"):
                key = "total"
                counts[key] = n
                last_end = m.end()
                continue
            contiguous = re.fullmatch(r"[\s,]*(?:and|as\s+well\s+as|plus|along\s+with|or)?[\s,]*", st[last_end:pos])
            if mid_platforms:
                platform = self._platform_key(mid_platforms[0], ms, history)
            elif contiguous and last_key:
                platform = last_key
            else:
                platform = self._platform_key(remover, ms, history)
            key = f"{platform}_{asset}" if platform else "total"
            if key == "total" and counts.get("total", 0) >= n:
                continue
            if key in counts and counts[key] != n:
                # A second figure for the same key is a second network: "5,350 accounts ...; 2,541 accounts".
                self._emit_takedown(st, s, e, counts, removers, published, out)
                counts, removers = {}, [remover] if remover is not None else []
            counts.setdefault(key, n)
            last_key, last_asset, last_end = platform, asset, m.end()
        self._emit_takedown(st, s, e, counts, removers, published, out)

    def _emit_takedown(self, st: str, s: int, e: int, counts: dict[str, int], removers: list[Candidate],
                       published: date | None, out: list[Statement]) -> None:
        if counts:
            self._removal_seen = True
            out.append(Statement("takedown", s, e, "relations.takedown", 0.8, by=removers[0] if removers else None,
                                 counts=dict(counts), when=resolve_date(st, published)))

    # ---------------------------------------------------------------- origins, targets, platforms, tactics

    def _operation_facts(self, st: str, s: int, e: int, ms: list[Candidate], out: list[Statement]) -> None:
        # Cheap whole-sentence tests first: most sentences hold no origin, target or platform-use cue.
        types = {m.type for m in ms}
        low = st.lower()
        places = not PLACE_TYPES.isdisjoint(types)
        origin = places and _has(low, _ORIGIN_KEYS)
        target = places and _has(low, _TARGET_KEYS)
        uses = "Platform" in types and _USES_CUE.search(st) and _OPERATION.search(st)
        for m in ms:
            if m.type in PLACE_TYPES and (origin or target):
                before = st[max(0, m.start - s - 60):m.start - s]
                if (origin and _ORIGIN.search(before)) or st[m.end - s:m.end - s + 6] == "-based":
                    out.append(Statement("origin", s, e, "relations.origin", 0.7, value=m))
                elif target and _TARGET.search(before):
                    out.append(Statement("target", s, e, "relations.target", 0.65, value=m))
                    for other in ms:
                        if other.start > m.end and other.type in PLACE_TYPES and re.fullmatch(
                                r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", st[m.end - s:other.start - s]):
                            out.append(Statement("target", s, e, "relations.target", 0.6, value=other))
            elif m.type == "Platform" and uses and _USES.search(st[max(0, m.start - s - 40):m.start - s]):
                out.append(Statement("platform", s, e, "relations.platform", 0.6, value=m))

    @staticmethod
    def _document_facts(text: str, sents: list[tuple[int, int]], out: list[Statement]) -> None:
        """Tactics and languages, found once over the whole text and placed in their sentences.

        A substring test on the lower-cased text decides which tactic patterns are worth running at all.
        """
        firsts = [a for a, _ in sents]

        def sentence(pos: int) -> tuple[int, int]:
            i = max(0, bisect.bisect_right(firsts, pos) - 1)
            return sents[i] if sents else (pos, pos)

        lower = text.lower()
        for name, rx in TACTICS.items():
            if not _has(lower, _TACTIC_KEYS[name]):
                continue
            for hit in rx.finditer(text):
                s, e = sentence(hit.start())
                out.append(Statement("tactic", s, e, "relations.tactic", 0.6, value=name))
        present = LANGUAGES.intersection(_CAP_WORD.findall(text))
        if not present:
            return
        words = sorted((w for lang in present for w in re.finditer(rf"\b{lang}\b", text)), key=lambda w: w.start())
        previous_end = -10
        for w in words:
            listed = re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[previous_end:w.start()]) is not None
            if text[max(0, w.start() - 3):w.start()] == "in " or listed or text.startswith("-language", w.end()):
                s, e = sentence(w.start())
                out.append(Statement("language", s, e, "relations.language", 0.7, value=w.group()))
                previous_end = w.end()
