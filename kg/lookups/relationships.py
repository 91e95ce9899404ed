"""Typed edges from an actor to other entities, each with its stance, number of sources and evidence.

A handful of queries per request, each over `VALUES ?e {...}` (the actor, or all neighbours at depth 2)
and `VALUES ?p {...}` rather than one query per edge kind or `p1|p2` property paths, which pyoxigraph
evaluates far more slowly.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.errors import BadInput, NotFound
from kg.lookups.common import check_page, entity_iri, evidence, labels, local, rows, source_refs, val, values
from kg.lookups.models import Edge, Evidence, Relationships
from kg.stores import Store
from kg.vocab import KGO

NEIGHBOUR_CAP = 50
EVIDENCE_CAP = 10
_OP_EDGES = {KGO + "originCountry": "operated_from", KGO + "targets": "targets",
             KGO + "usedPlatform": "used_platform"}
_LINKS = {(KGO + "partOf", "out"): "part_of", (KGO + "partOf", "in"): "has_part",
          (KGO + "ownedBy", "out"): "owned_by", (KGO + "ownedBy", "in"): "owns"}


@dataclass
class _Acc:
    """One edge being gathered: its articles and evidence spans (span IRI -> article IRI)."""

    articles: set[str] = field(default_factory=set)
    spans: dict[str, str] = field(default_factory=dict)
    shared: int = 0


Key = tuple[str, str, str, str | None]  # subject, kind, other, stance


def relationships(store: Store, ident: str, depth: int = 1, co_mentioned: int = 10,
                  limit: int = 50, offset: int = 0) -> Relationships:
    """Every typed edge of an actor; depth=2 adds the edges of up to NEIGHBOUR_CAP neighbours."""
    check_page(limit, offset)
    if depth not in (1, 2):
        raise BadInput(f"depth must be 1 or 2, not {depth}")
    if not 0 <= co_mentioned <= 100:
        raise BadInput(f"co_mentioned must be between 0 and 100, not {co_mentioned}")
    iri = entity_iri(store, ident)
    me = labels(store, [iri])[iri]
    if me.type is None:
        raise NotFound(f"no entity {iri}")
    edges = _edges(store, [iri], co_mentioned)
    neighbours = sorted({k[2] for k in edges} - {iri},
                        key=lambda o: -max(len(a.articles) or a.shared for k, a in edges.items() if k[2] == o))
    expanded = neighbours[:NEIGHBOUR_CAP] if depth == 2 else []
    if expanded:
        for k, acc in _edges(store, expanded, co_mentioned).items():
            edges.setdefault(k, acc)
    items = _shape(store, edges)
    capped = depth == 2 and len(neighbours) > NEIGHBOUR_CAP
    note = (f"depth 2 expands the {NEIGHBOUR_CAP} neighbours with the most sources; "
            f"{len(neighbours) - NEIGHBOUR_CAP} were left out") if capped else None
    return Relationships(total=len(items), limit=limit, offset=offset, items=items[offset:offset + limit],
                         actor=me, depth=depth, neighbours=len(neighbours), expanded=len(expanded),
                         capped=capped, note=note)


def _edges(store: Store, subjects: list[str], top: int) -> dict[Key, _Acc]:
    edges: dict[Key, _Acc] = defaultdict(_Acc)
    es = values("e", subjects)

    def add(key: Key, article: str | None, span: str | None) -> None:
        acc = edges[key]
        if article:
            acc.articles.add(article)
            if span and len(acc.spans) < EVIDENCE_CAP:
                acc.spans.setdefault(span, article)

    # Attributions, both ways.
    for r in rows(store, f"""SELECT ?e ?dir ?other ?stance ?a ?ev WHERE {{ {es}
            {{ ?s kgo:attributedTo ?e ; kgo:claimedBy ?other . BIND("attributed_by" AS ?dir) }}
            UNION {{ ?s kgo:claimedBy ?e ; kgo:attributedTo ?other . BIND("attributes" AS ?dir) }}
            ?s kgo:stance ?stance ; kgo:source ?a . OPTIONAL {{ ?s kgo:evidence ?ev }} }}"""):
        add((str(val(r["e"])), str(val(r["dir"])), str(val(r["other"])), local(str(val(r["stance"]))).lower()),
            val(r["a"]), val(r["ev"]))
    # What the statements on its operations say: origin, targets, platforms.
    for r in rows(store, f"""SELECT ?e ?p ?other ?a ?ev WHERE {{ {es} {values('p', _OP_EDGES)}
            ?att kgo:attributedTo ?e ; kgo:operation ?op .
            ?st kgo:operation ?op ; ?p ?other ; kgo:source ?a . OPTIONAL {{ ?st kgo:evidence ?ev }} }}"""):
        add((str(val(r["e"])), _OP_EDGES[str(val(r["p"]))], str(val(r["other"])), None), val(r["a"]), val(r["ev"]))
    # Takedowns of its operations.
    for r in rows(store, f"""SELECT ?e ?other ?a ?ev WHERE {{ {es}
            ?att kgo:attributedTo ?e ; kgo:operation ?op .
            ?ts kgo:operation ?op ; kgo:takedown ?td ; kgo:source ?a . ?td kgo:removedBy ?other .
            OPTIONAL {{ ?ts kgo:evidence ?ev }} }}"""):
        add((str(val(r["e"])), "removed_by", str(val(r["other"])), None), val(r["a"]), val(r["ev"]))
    # Gazetteer links (no article: sources 0).
    for r in rows(store, f"""SELECT ?e ?p ?dir ?other WHERE {{ {es}
            {values('p', [KGO + 'partOf', KGO + 'ownedBy'])}
            {{ ?e ?p ?other BIND("out" AS ?dir) }} UNION {{ ?other ?p ?e BIND("in" AS ?dir) }} }}"""):
        edges[(str(val(r["e"])), _LINKS[(str(val(r["p"])), str(val(r["dir"])))], str(val(r["other"])), None)]
    if top:
        _co_mentions(store, subjects, top, edges)
    return {k: a for k, a in edges.items() if k[0] != k[2]}


def _co_mentions(store: Store, subjects: list[str], top: int, edges: dict[Key, _Acc]) -> None:
    """The `top` entities sharing most articles with each subject, with sentences naming both."""
    per: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in rows(store, f"""SELECT ?e ?other (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {values('e', subjects)}
            ?m kgo:refersTo ?e ; kgo:source ?a . ?m2 kgo:source ?a ; kgo:refersTo ?other FILTER(?other != ?e) }}
            GROUP BY ?e ?other"""):
        per[str(val(r["e"]))].append((-int(str(val(r["n"]))), str(val(r["other"]))))
    chosen = {(e, o): -n for e, lst in per.items() for n, o in sorted(lst)[:top]}
    if not chosen:
        return
    for (e, o), n in chosen.items():
        edges[(e, "co_mentioned", o, None)].shared = n
    for r in rows(store, f"""SELECT DISTINCT ?e ?other ?ev ?a WHERE {{ {values('e', subjects)}
            {values('other', {o for _, o in chosen})}
            ?m kgo:refersTo ?e ; kgo:evidence ?ev ; kgo:source ?a . ?m2 kgo:evidence ?ev ; kgo:refersTo ?other }}
            ORDER BY ?a ?ev"""):
        key = (str(val(r["e"])), "co_mentioned", str(val(r["other"])), None)
        if (key[0], key[2]) in chosen and len(edges[key].spans) < 3:
            edges[key].spans.setdefault(str(val(r["ev"])), str(val(r["a"])))


_ORDER = ["attributed_by", "attributes", "operated_from", "targets", "used_platform", "removed_by", "part_of",
          "has_part", "owned_by", "owns", "co_mentioned"]


def _shape(store: Store, edges: dict[Key, _Acc]) -> list[Edge]:
    nodes = {k[0] for k in edges} | {k[2] for k in edges}
    refs = labels(store, nodes)
    spans = {s: a for acc in edges.values() for s, a in acc.spans.items()}
    titles = source_refs(store, spans.values())
    ev: dict[str, Evidence] = evidence(store, spans.items(), titles)
    out = []
    for (s, kind, o, stance), acc in edges.items():
        out.append(Edge(subject=refs[s], kind=kind, other=refs[o], stance=stance,
                        sources=acc.shared or len(acc.articles),
                        evidence=[ev[x] for x in acc.spans if x in ev]))
    first = min((k[0] for k in edges), default="")
    out.sort(key=lambda e: (e.subject.iri != first, e.subject.label, _ORDER.index(e.kind), -e.sources,
                            e.other.label))
    return out


__all__ = ["NEIGHBOUR_CAP", "relationships"]
