"""Answer shapes of the REST lookups, shared by the library functions and the API's OpenAPI docs.

They are pydantic models (not dataclasses) because they *are* the API's JSON: one definition, no mirror.
"""
from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Ref(BaseModel):
    """A node of the graph: its IRI with a readable label (and its class, for entities)."""

    iri: str
    label: str
    type: str | None = Field(None, description="class local name (StateAgency, Platform, ...) for entities")


class Evidence(BaseModel):
    """The sentence a fact came from, with where to read it."""

    sentence: str
    begin: int | None = Field(None, description="character offset of the sentence in the article text")
    end: int | None = None
    article: str = Field(description="article IRI")
    url: str = Field(description="the article on this server (/article/<id>)")
    title: str | None = None


class SourceRef(BaseModel):
    iri: str
    id: str = Field(description="16-hex article id")
    title: str | None = None
    date: dt.date | None = None
    url: str = Field(description="the article on this server (/article/<id>)")


class Page(BaseModel, Generic[T]):
    """One page of a list: `total` counts every match, `items` holds at most `limit` from `offset`."""

    total: int
    limit: int
    offset: int
    items: list[T]


# ---------------------------------------------------------------- actors

class ActorSummary(BaseModel):
    iri: str
    id: str = Field(description="the IRI; /actors/{id} takes it, or the slug")
    slug: str = Field(description="short id: /actors/{slug}")
    label: str
    type: str | None
    article_count: int


class Claim(BaseModel):
    """An attribution involving the actor: `attributed_to` (someone names it) or `attributes` (it names someone)."""

    role: str
    other: Ref | None
    stance: str
    article: str


class ActorDetail(BaseModel):
    iri: str
    id: str = Field(description="the IRI")
    slug: str
    label: str
    type: str | None
    aliases: list[str]
    part_of: list[Ref]
    owned_by: list[Ref]
    same_as: list[str] = Field(description="IRIs merged into this entity (they redirect here)")
    article_count: int
    operation_count: int = Field(description="operations attributed to it")
    takedown_count: int = Field(description="takedowns of operations attributed to it, or carried out by it")
    first_seen: dt.date | None = Field(None, description="earliest dcterms:issued of an article naming it")
    last_seen: dt.date | None = None
    attributions: list[Claim]


# ---------------------------------------------------------------- relationships

class Edge(BaseModel):
    subject: Ref = Field(description="the entity the edge starts from (the actor, or a neighbour at depth 2)")
    kind: str = Field(description="attributed_by, attributes, operated_from, targets, used_platform, removed_by, "
                                  "part_of, has_part, owned_by, owns, co_mentioned")
    other: Ref
    stance: str | None = Field(None, description="asserted, hedged or denied, for attribution edges")
    sources: int = Field(description="distinct articles supporting the edge (shared articles for co_mentioned)")
    evidence: list[Evidence]


class Relationships(Page[Edge]):
    actor: Ref
    depth: int
    neighbours: int = Field(description="distinct entities at depth 1")
    expanded: int = Field(description="neighbours whose own edges are included (depth 2)")
    capped: bool = Field(description="true when depth 2 left neighbours out (more than the cap)")
    note: str | None = None


# ---------------------------------------------------------------- operations

class OperationAttribution(BaseModel):
    actor: Ref
    claimed_by: Ref | None
    stance: str
    sources: int


class Operation(BaseModel):
    iri: str
    id: str = Field(description="usable as /operations/{id}")
    label: str
    date: dt.date | None = Field(None, description="earliest dcterms:issued of its sources")
    attributions: list[OperationAttribution]
    origin: list[Ref]
    targets: list[Ref]
    platforms: list[Ref]
    tactics: list[Ref]
    languages: list[str]
    sources: list[SourceRef]


# ---------------------------------------------------------------- takedowns

class Report(BaseModel):
    count: int
    article: str


class TakedownFigure(BaseModel):
    key: str = Field(description="platform_asset, e.g. facebook_accounts")
    platform: Ref | None
    asset: str
    count: int = Field(description="the largest figure any source reports for this takedown and key")
    reports: list[Report] = Field(description="each source's figure (they differ when sources conflict)")
    counted: bool = Field(True, description="false when the same article gives this figure for another of its "
                                            "takedowns listed before (one figure told twice); totals skip it")


class Takedown(BaseModel):
    iri: str
    id: str
    label: str
    date: dt.date | None
    removed_by: list[Ref]
    actors: list[Ref] = Field(description="actors the removed operation is attributed to")
    operations: list[str]
    counts: list[TakedownFigure]
    sources: list[SourceRef]


class Total(BaseModel):
    platform: Ref | None
    asset: str
    key: str
    count: int


class Takedowns(Page[Takedown]):
    totals: list[Total] = Field(description="figures summed per platform and asset over every match "
                                            "(not only this page), one figure per takedown and key")


# ---------------------------------------------------------------- sources

class SourceCounts(BaseModel):
    mentions: int
    entities: int
    statements: int
    attributions: int
    takedowns: int


class SourceSummary(SourceRef):
    source: str | None = Field(None, description="where the text came from (file or URL)")
    counts: SourceCounts


class Span(BaseModel):
    sentence: str
    begin: int
    end: int


class Mention(BaseModel):
    iri: str
    surface: str
    begin: int
    end: int
    entity: Ref
    confidence: float | None
    sentence: Span | None


class Statement(BaseModel):
    iri: str
    kind: str = Field(description="Attribution, OriginStatement, TargetStatement, PlatformUseStatement, "
                                  "TacticStatement, LanguageStatement, TakedownStatement")
    fields: dict[str, Ref | str] = Field(description="snake_case property -> node (IRI + label) or literal")
    confidence: float | None
    extractor: str | None
    evidence: Span | None


class SourceCount(BaseModel):
    takedown: str
    key: str
    platform: Ref | None
    asset: str
    count: int


class SourceDetail(SourceSummary):
    content_hash: str | None
    text: str
    mentions: list[Mention]
    statements: list[Statement]
    takedown_counts: list[SourceCount]
