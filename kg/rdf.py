"""Resolved extractions as RDF quads: one named graph per article, entities in their own graph."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from kg.gazetteer import Gazetteer
from kg.model import Entity, Mention, Span, Takedown
from kg.resolution import Resolved
from kg.vocab import DCT, KGO, NIF, PROV, RDF_TYPE, SCHEMA, SKOS, TACTICS, XSD, Graphs, kgo

STANCE = {"asserted": kgo("Asserted"), "hedged": kgo("Hedged"), "denied": kgo("Denied")}
RELATION = {
    "origin": ("OriginStatement", "originCountry"),
    "target": ("TargetStatement", "targets"),
    "platform": ("PlatformUseStatement", "usedPlatform"),
    "tactic": ("TacticStatement", "usedTactic"),
    "language": ("LanguageStatement", "language"),
}


_iri = lru_cache(maxsize=512)(NamedNode)
"""Predicates and datatypes are a few dozen IRIs made hundreds of times per article: made once each."""


def _lit(value: object) -> Literal:
    if isinstance(value, bool):
        return Literal(str(value).lower(), datatype=_iri(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=_iri(XSD + "integer"))
    if isinstance(value, float | Decimal):
        return Literal(str(round(Decimal(str(value)), 3)), datatype=_iri(XSD + "decimal"))
    if isinstance(value, datetime):
        return Literal(value.isoformat(), datatype=_iri(XSD + "dateTime"))
    if hasattr(value, "isoformat"):
        return Literal(value.isoformat(), datatype=_iri(XSD + "date"))
    return Literal(str(value))


def entity_quads(entities: list[Entity], surfaces: dict[str, set[str]], graphs: Graphs) -> list[Quad]:
    """Type and labels of entities first seen in an article (gazetteer entities are loaded on their own)."""
    g = graphs.entities
    out: list[Quad] = []
    for ent in entities:
        s = NamedNode(ent.iri)
        if not ent.known:
            out.append(Quad(s, RDF_TYPE, kgo(ent.type), g))
            out.append(Quad(s, NamedNode(SKOS + "prefLabel"), Literal(ent.label, language="en"), g))
        for alias in sorted(surfaces.get(ent.iri, ())):
            if alias != ent.label:
                out.append(Quad(s, NamedNode(SKOS + "hiddenLabel"), Literal(alias, language="en"), g))
    return out


class ArticleGraph:
    """Builds the quads of one article's named graph."""

    def __init__(self, resolved: Resolved, graphs: Graphs, gazetteer: Gazetteer, ingested: datetime,
                 version: str) -> None:
        self.r = resolved
        self.graphs = graphs
        self.gaz = gazetteer
        art = resolved.extraction.article
        self.hash = art.content_hash
        self.g = graphs.article(self.hash)
        self.article = NamedNode(graphs.article_iri(self.hash))
        self.operation = self._operation_node()
        self.ingested = ingested
        self.version = version
        self.quads: list[Quad] = []
        self._evidence: dict[Span, NamedNode] = {}
        self._mentions: dict[Mention, NamedNode] = {}
        self._extractors: set[str] = set()

    def add(self, s: NamedNode, p: str, o: NamedNode | Literal) -> None:
        self.quads.append(Quad(s, _iri(p), o, self.g))

    def node(self, path: str) -> NamedNode:
        return NamedNode(f"{self.article.value}/{path}")

    def extractor(self, name: str) -> NamedNode:
        node = NamedNode(f"{self.graphs.base}extractor/{name}")
        if name not in self._extractors:
            self._extractors.add(name)
            self.add(node, RDF_TYPE.value, kgo("Extractor"))
            self.add(node, KGO + "extractorVersion", Literal(self.version))
        return node

    def evidence(self, span: Span) -> NamedNode:
        if span not in self._evidence:
            node = self.node(f"evidence/{span.start}-{span.end}")
            text = self.r.extraction.article.text
            self.add(node, RDF_TYPE.value, kgo("EvidenceSpan"))
            self.add(node, NIF + "beginIndex", _lit(span.start))
            self.add(node, NIF + "endIndex", _lit(span.end))
            self.add(node, NIF + "anchorOf", Literal(text[span.start:span.end]))
            self.add(node, KGO + "source", self.article)
            self._evidence[span] = node
        return self._evidence[span]

    def provenance(self, node: NamedNode, evidence: Span, extractor: str, confidence: float) -> None:
        self.add(node, KGO + "evidence", self.evidence(evidence))
        self.add(node, KGO + "source", self.article)
        self.add(node, KGO + "extractor", self.extractor(extractor))
        self.add(node, KGO + "confidence", _lit(confidence))

    def entity(self, m: Mention | None) -> NamedNode | None:
        ent = self.r.entity(m)
        return NamedNode(ent.iri) if ent else None

    def _actors(self) -> list[str]:
        return sorted({e.iri.rsplit("/", 1)[-1] for a in self.r.extraction.attributions
                       if a.stance != "denied" and (e := self.r.entity(a.actor)) is not None})

    def _operation_node(self) -> NamedNode:
        """One operation attributed in several reports is one node: keyed by the actors it is attributed
        to and the month of the report. An article with no attribution or no date keeps its own."""
        actors = self._actors()
        when = self.r.extraction.article.published
        if not actors or when is None:
            return NamedNode(f"{self.article.value}/operation")
        return NamedNode(f"{self.graphs.base}operation/{'+'.join(actors[:3])}--{when:%Y-%m}")

    def event(self, td: Takedown, i: int) -> NamedNode:
        """One takedown reported by several articles is one node: keyed by who removed what, attributed
        to whom, in which month. Without a remover or a month the report stays its own event."""
        by = self.r.entity(td.by)
        actors = self._actors()
        when = td.when or self.r.extraction.article.published
        if by is None or when is None:
            return self.node(f"takedown/{i}")
        key = "--".join([by.iri.rsplit("/", 1)[-1], "+".join(actors[:3]) or "unattributed", f"{when:%Y-%m}"])
        return NamedNode(f"{self.graphs.base}takedown/{key}")

    def build(self) -> list[Quad]:
        art = self.r.extraction.article
        a = self.article
        self.add(a, RDF_TYPE.value, kgo("Article"))
        self.add(a, KGO + "contentHash", Literal(self.hash))
        self.add(a, KGO + "text", Literal(art.text))
        self.add(a, DCT + "source", Literal(art.source))
        self.add(a, DCT + "format", Literal(art.media_type))
        if art.title:
            self.add(a, DCT + "title", Literal(art.title))
        if art.url:
            self.add(a, SCHEMA + "url", NamedNode(art.url) if art.url.startswith("http") else Literal(art.url))
        if art.published:
            self.add(a, DCT + "issued", _lit(art.published))
        self.add(a, PROV + "generatedAtTime", _lit(self.ingested))
        self.add(a, KGO + "extractorVersion", Literal(self.version))
        for i, m in enumerate(self.r.extraction.mentions):
            node = self.node(f"mention/{i}")
            self._mentions[m] = node
            self.add(node, RDF_TYPE.value, kgo("Mention"))
            self.add(node, NIF + "anchorOf", Literal(m.text))
            self.add(node, NIF + "beginIndex", _lit(m.start))
            self.add(node, NIF + "endIndex", _lit(m.end))
            self.add(node, KGO + "mentionType", kgo(m.type))
            ent = self.entity(m)
            if ent is not None:
                self.add(node, KGO + "refersTo", ent)
            self.provenance(node, m.sentence, m.extractor, m.confidence)
        has_operation = False

        def operation() -> NamedNode:
            nonlocal has_operation
            if not has_operation:
                self.add(self.operation, RDF_TYPE.value, kgo("Operation"))
                self.add(self.operation, KGO + "source", a)
                has_operation = True
            return self.operation

        for i, at in enumerate(self.r.extraction.attributions):
            node = self.node(f"attribution/{i}")
            actor = self.entity(at.actor)
            if actor is None:
                continue
            self.add(node, RDF_TYPE.value, kgo("Attribution"))
            self.add(node, KGO + "operation", operation())
            self.add(node, KGO + "attributedTo", actor)
            if (by := self.entity(at.by)) is not None:
                self.add(node, KGO + "claimedBy", by)
            self.add(node, KGO + "stance", STANCE[at.stance])
            self.provenance(node, at.evidence, at.extractor, at.confidence)
        platforms = self.gaz.platform_of_count_key
        for i, td in enumerate(self.r.extraction.takedowns):
            stmt, event = self.node(f"takedown-statement/{i}"), self.event(td, i)
            self.add(stmt, RDF_TYPE.value, kgo("TakedownStatement"))
            self.add(stmt, KGO + "takedown", event)
            self.add(stmt, KGO + "operation", operation())
            self.provenance(stmt, td.evidence, td.extractor, td.confidence)
            self.add(event, RDF_TYPE.value, kgo("Takedown"))
            self.add(event, KGO + "source", a)
            if (by := self.entity(td.by)) is not None:
                self.add(event, KGO + "removedBy", by)
            if td.when is not None:
                self.add(event, KGO + "date", _lit(td.when))
            for key, n in sorted(td.counts.items()):
                c = self.node(f"takedown/{i}/count/{key}")
                self.add(c, KGO + "source", a)
                self.add(event, KGO + "hasCount", c)
                self.add(c, RDF_TYPE.value, kgo("TakedownCount"))
                self.add(c, KGO + "countKeyOf", Literal(key))
                self.add(c, KGO + "count", _lit(n))
                platform, _, asset = key.rpartition("_")
                self.add(c, KGO + "assetType", Literal(asset or key))
                if platform in platforms:
                    self.add(c, KGO + "platform", NamedNode(f"{self.graphs.base}entity/{platforms[platform]}"))
        for i, rel in enumerate(self.r.extraction.relations):
            cls, prop = RELATION[rel.kind]
            node = self.node(f"statement/{i}")
            if isinstance(rel.value, Mention):
                value: NamedNode | Literal | None = self.entity(rel.value)
            elif rel.kind == "tactic":
                value = NamedNode(TACTICS + rel.value)
            else:
                value = Literal(rel.value)
            if value is None:
                continue
            self.add(node, RDF_TYPE.value, kgo(cls))
            self.add(node, KGO + "operation", operation())
            self.add(node, KGO + prop, value)
            self.add(operation(), KGO + prop, value)
            self.provenance(node, rel.evidence, rel.extractor, rel.confidence)
        return self.quads
