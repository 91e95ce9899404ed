"""What each page shows, gathered from the library lookups (the same functions the JSON API answers with)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from api.html import href
from api.web.timeline import Point, timeline_svg
from kg.lookups.actors import actor
from kg.lookups.common import MAX_LIMIT
from kg.lookups.models import ActorDetail, Edge, Mention, Ref, Relationships, SourceDetail, Takedown
from kg.lookups.operations import list_operations
from kg.lookups.relationships import relationships
from kg.lookups.sources import list_sources, source
from kg.lookups.takedowns import list_takedowns
from kg.stores import Store
from kg.vocab import KGO

_BY_TYPE = f"""SELECT ?type (COUNT(DISTINCT ?e) AS ?known) WHERE {{
  GRAPH ?g {{ ?e a ?type }} FILTER(STRSTARTS(STR(?type), "{KGO}"))
}} GROUP BY ?type"""
_NAMED_BY_TYPE = f"""SELECT ?type (COUNT(DISTINCT ?e) AS ?named) WHERE {{
  ?m <{KGO}refersTo> ?e . GRAPH ?g {{ ?e a ?type }} FILTER(STRSTARTS(STR(?type), "{KGO}"))
}} GROUP BY ?type"""
_ROOTS = {"Entity", "Actor"}


@dataclass
class Overview:
    articles: int
    operations: int
    takedowns: int
    types: list[tuple[str, int, int]] = field(default_factory=list)
    """(class, entities known, entities named in some article), most named first."""
    recent: list[Any] = field(default_factory=list)


def _counts(store: Store, sparql: str, var: str) -> dict[str, int]:
    out: dict[str, int] = {}
    found = store.query(sparql.replace("GRAPH ?g", f"GRAPH <{store.graphs.entities.value}>"))
    assert isinstance(found, ox.QuerySolutions)
    for r in found:
        kind, n = r["type"], r[var]
        if kind is not None and n is not None:
            out[str(kind.value)[len(KGO):]] = int(n.value)
    return out


def overview(store: Store) -> Overview:
    """Counts for the home page and the most recent sources."""
    recent = list_sources(store, limit=8)
    known, named = _counts(store, _BY_TYPE, "known"), _counts(store, _NAMED_BY_TYPE, "named")
    types = sorted(((t, n, named.get(t, 0)) for t, n in known.items() if t not in _ROOTS),
                   key=lambda r: (-r[2], -r[1], r[0]))
    return Overview(articles=recent.total, operations=list_operations(store, limit=1).total,
                    takedowns=list_takedowns(store, limit=1).total, types=types, recent=recent.items)


# ---------------------------------------------------------------- entity page

@dataclass
class EntityPage:
    card: ActorDetail
    rels: Relationships
    graph: dict[str, list[dict[str, Any]]]
    takedowns: list[Takedown]
    timeline: str
    articles: dict[str, Any]
    claims: list[tuple[str, Ref | None, str, list[str]]]
    """Attributions grouped: (role, other party, stance, article IRIs)."""


def _takedowns_of(store: Store, card: ActorDetail) -> list[Takedown]:
    """Takedowns of operations attributed to the entity, or carried out on it as a platform."""
    found = {t.iri: t for t in list_takedowns(store, actor=card.iri, limit=MAX_LIMIT).items}
    if card.type == "Platform":
        found.update({t.iri: t for t in list_takedowns(store, platform=card.iri, limit=MAX_LIMIT).items})
    return sorted(found.values(), key=lambda t: (t.date is None, t.date))


def drawn(edge: Edge) -> bool:
    return edge.sources > 0 or edge.kind in ("part_of", "owned_by")


def graph_data(rels: Relationships, base: str) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements: the entity, each distinct neighbour once, one edge per (kind, neighbour).

    Only edges some source supports, and the entity's own part-of and owned-by links, are drawn: a state's
    hundreds of gazetteer parts (regions, ministries) no article mentions would bury what the sources say.
    The table below the graph lists every edge.
    """
    me = rels.actor
    nodes = {me.iri: {"id": me.iri, "label": me.label, "type": me.type or "", "href": href(me.iri, base),
                      "root": True}}
    edges: dict[str, dict[str, Any]] = {}
    for e in rels.items:
        if not drawn(e):
            continue
        for ref in (e.subject, e.other):
            nodes.setdefault(ref.iri, {"id": ref.iri, "label": ref.label, "type": ref.type or "",
                                       "href": href(ref.iri, base), "root": False})
        key = f"{e.subject.iri} {e.kind} {e.other.iri}"
        edges.setdefault(key, {"id": key, "source": e.subject.iri, "target": e.other.iri,
                               "label": e.kind.replace("_", " "), "kind": e.kind})
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


def entity_page(store: Store, ident: str) -> EntityPage:
    card = actor(store, ident)
    rels = relationships(store, card.iri, depth=1, co_mentioned=10, limit=MAX_LIMIT)
    tds = _takedowns_of(store, card)
    points = [Point(t.date, t.label, max((c.count for c in t.counts if c.counted), default=0), href(t.iri, store.base))
              for t in tds if t.date is not None]
    articles = {s.iri: s for s in list_sources(store, actor=card.iri, limit=MAX_LIMIT).items}
    claims: dict[tuple[str, str, str], tuple[str, Ref | None, str, list[str]]] = {}
    for c in card.attributions:
        row = claims.setdefault((c.role, c.other.iri if c.other else "", c.stance), (c.role, c.other, c.stance, []))
        if c.article not in row[3]:
            row[3].append(c.article)
    return EntityPage(card, rels, graph_data(rels, store.base), tds, timeline_svg(points), articles,
                      list(claims.values()))


# ---------------------------------------------------------------- source page

@dataclass
class Piece:
    """A run of article text: plain, or a highlighted mention holding nested pieces."""

    text: str = ""
    mention: Mention | None = None
    inner: list[Piece] = field(default_factory=list)


def highlight(text: str, mentions: list[Mention]) -> tuple[list[Piece], list[Mention]]:
    """The text cut into pieces with every mention as a (possibly nested) mark; crossing mentions, which
    cannot nest in HTML, are returned apart and listed instead."""
    ordered = sorted(mentions, key=lambda m: (m.begin, -m.end))
    root = Piece()
    stack: list[tuple[Piece, int, int]] = [(root, len(text), 0)]  # piece, its end, where its text has reached
    left_out: list[Mention] = []

    def close_until(pos: int) -> None:
        while len(stack) > 1 and stack[-1][1] <= pos:
            piece, end, reached = stack.pop()
            if reached < end:
                piece.inner.append(Piece(text[reached:end]))
            parent, pend, _ = stack.pop()
            stack.append((parent, pend, end))

    for m in ordered:
        if not 0 <= m.begin < m.end <= len(text):
            left_out.append(m)
            continue
        close_until(m.begin)
        parent, pend, reached = stack[-1]
        if m.end > pend or m.begin < reached:
            left_out.append(m)
            continue
        if reached < m.begin:
            parent.inner.append(Piece(text[reached:m.begin]))
        piece = Piece(mention=m)
        parent.inner.append(piece)
        stack[-1] = (parent, pend, m.begin)
        stack.append((piece, m.end, m.begin))
    close_until(len(text))
    _, end, reached = stack[0]
    if reached < end:
        root.inner.append(Piece(text[reached:end]))
    return root.inner, left_out


@dataclass
class SourcePage:
    detail: SourceDetail
    pieces: list[Piece]
    crossing: list[Mention]
    types: list[str]


def source_page(store: Store, ident: str) -> SourcePage:
    detail = source(store, ident)
    pieces, crossing = highlight(detail.text, detail.mentions)
    types = sorted({m.entity.type or "Other" for m in detail.mentions})
    return SourcePage(detail, pieces, crossing, types)
