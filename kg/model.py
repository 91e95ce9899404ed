"""The records that flow one way: article text, then mentions and statements, then resolved entities."""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date

ENTITY_TYPES = (
    "State", "StateAgency", "Organization", "Group", "Company", "Platform",
    "ResearchOrg", "MediaOutlet", "Person", "Location", "Channel",
)


@dataclass(frozen=True)
class Article:
    """One source document as read: the text the offsets index into, and its metadata."""

    text: str
    source: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    media_type: str = "text/plain"

    @property
    def content_hash(self) -> str:
        """SHA-256 of the NFC text with normalised line ends: the article's identity."""
        norm = unicodedata.normalize("NFC", self.text.replace("\r\n", "\n")).strip()
        return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A span naming an entity; `key` is the gazetteer slug when the extractor knows it."""

    text: str
    start: int
    end: int
    type: str
    key: str | None
    canonical: str
    extractor: str
    confidence: float
    sentence: Span

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Attribution:
    actor: Mention
    by: Mention | None
    stance: str
    evidence: Span
    extractor: str
    confidence: float


@dataclass(frozen=True)
class Takedown:
    by: Mention | None
    counts: dict[str, int]
    evidence: Span
    extractor: str
    confidence: float
    when: date | None = None


@dataclass(frozen=True)
class Relation:
    """An operation-level fact: origin, target, platform, tactic or language."""

    kind: str
    value: Mention | str
    evidence: Span
    extractor: str
    confidence: float


@dataclass
class Extraction:
    """Everything the extractors read from one article, before resolution."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    takedowns: list[Takedown] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


@dataclass(frozen=True)
class Entity:
    """A resolved real-world entity with its stable IRI."""

    iri: str
    label: str
    type: str
    known: bool
