"""Operations: who they are attributed to (with stance), where from, whom they target, how, and the sources."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from kg.errors import NotFound
from kg.lookups.common import (
    check_listing,
    date_literal,
    known_entity,
    labels,
    local,
    minted_id,
    minted_iri,
    parse_date,
    rows,
    source_refs,
    val,
    values,
)
from kg.lookups.models import Operation, OperationAttribution, Page, SourceRef
from kg.stores import Store
from kg.vocab import KGO

_FIELDS = {KGO + "originCountry": "origin", KGO + "targets": "targets", KGO + "usedPlatform": "platforms",
           KGO + "usedTactic": "tactics", KGO + "language": "languages", KGO + "source": "sources"}


def operation_iri(store: Store, ident: str) -> str:
    """`belarus+ghostwriter--2021-11`, `article/<id>/operation` or the full IRI."""
    return minted_iri(store, ident, "operation")


def operation_id(store: Store, iri: str) -> str:
    return minted_id(store, iri, "operation")


def list_operations(store: Store, *, actor: str | None = None, platform: str | None = None,
                    target: str | None = None, origin: str | None = None, since: date | None = None,
                    until: date | None = None, limit: int = 50, offset: int = 0) -> Page[Operation]:
    """Operations, newest first; an operation's date is the earliest issue date of the articles reporting it."""
    check_listing(limit, offset, since, until)
    where = ["?op a kgo:Operation ; kgo:source ?a . OPTIONAL { ?a dcterms:issued ?d }"]
    if actor is not None:
        where.append(f"?fa kgo:attributedTo {known_entity(store, actor, 'actor')} ; "
                     "kgo:operation ?op .")
    for name, prop, given in (("platform", "usedPlatform", platform), ("target", "targets", target),
                              ("origin", "originCountry", origin)):
        if given is not None:
            where.append(f"?op kgo:{prop} {known_entity(store, given, name)} .")
    having = []
    if since:
        having.append(f"MIN(?d) >= {date_literal(since)}")
    if until:
        having.append(f"MIN(?d) <= {date_literal(until)}")
    found = rows(store, f"""SELECT ?op (MIN(?d) AS ?date) WHERE {{ {' '.join(where)} }} GROUP BY ?op
        {'HAVING(' + ' && '.join(having) + ')' if having else ''} ORDER BY DESC(?date) ?op""")
    chosen = [str(val(r["op"])) for r in found[offset:offset + limit]]
    return Page[Operation](total=len(found), limit=limit, offset=offset, items=describe(store, chosen))


def operation(store: Store, ident: str) -> Operation:
    iri = operation_iri(store, ident)
    found = describe(store, [iri])
    if not found:
        raise NotFound(f"no operation {iri}")
    return found[0]


def describe(store: Store, ops: list[str]) -> list[Operation]:
    """Full descriptions of the given operations, in their order (unknown ones left out), in four queries."""
    if not ops:
        return []
    props: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in rows(store, f"""SELECT ?op ?p ?o WHERE {{ {values('op', ops)} {values('p', _FIELDS)}
                               ?op a kgo:Operation ; ?p ?o }}"""):
        props[str(val(r["op"]))][_FIELDS[str(val(r["p"]))]].add(str(val(r["o"])))
    claims: dict[str, dict[tuple[str, str | None, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in rows(store, f"""SELECT ?op ?actor ?by ?stance ?a WHERE {{ {values('op', ops)}
            ?s kgo:operation ?op ; kgo:attributedTo ?actor ; kgo:stance ?stance ; kgo:source ?a .
            OPTIONAL {{ ?s kgo:claimedBy ?by }} }}"""):
        key = (str(val(r["actor"])), val(r["by"]), local(str(val(r["stance"]))).lower())
        claims[str(val(r["op"]))][key].add(str(val(r["a"])))
    nodes = {o for p in props.values() for k, vs in p.items() if k not in ("languages", "sources") for o in vs}
    nodes |= {x for c in claims.values() for a, b, _ in c for x in (a, b) if x}
    refs = labels(store, nodes)
    srcs = source_refs(store, {a for p in props.values() for a in p["sources"]})
    out = []
    for op in ops:
        if op not in props:
            continue
        p = props[op]
        sources = sorted((srcs[a] for a in p["sources"]), key=lambda s: (s.date is None, s.date, s.iri))
        attributions = [OperationAttribution(actor=refs[a], claimed_by=refs[b] if b else None, stance=st,
                                             sources=len(arts))
                        for (a, b, st), arts in sorted(claims[op].items(), key=lambda kv: (kv[0][0], kv[0][1] or "",
                                                                                           kv[0][2]))]
        dates = [s.date for s in sources if s.date]
        out.append(Operation(
            iri=op, id=operation_id(store, op), label=_label(op, attributions, sources), date=min(dates, default=None),
            attributions=attributions, sources=sources, languages=sorted(p["languages"]),
            **{k: sorted((refs[o] for o in p[k]), key=lambda r: r.label)
               for k in ("origin", "targets", "platforms", "tactics")}))
    return out


def _label(op: str, attributions: list[OperationAttribution], sources: list[SourceRef]) -> str:
    actors = sorted({a.actor.label for a in attributions if a.stance != "denied"})
    month = op.rsplit("--", 1)[-1] if "--" in op else None
    if actors:
        return f"{', '.join(actors)} operation" + (f" ({month})" if month else "")
    title = sources[0].title if sources else None
    return f"operation reported in “{title}”" if title else "unattributed operation"


__all__ = ["describe", "list_operations", "operation", "operation_id", "operation_iri", "parse_date"]
