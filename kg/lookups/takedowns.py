"""Takedowns with their figures per platform and asset, and totals over a filtered set."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

import pyoxigraph as ox

from kg.errors import NotFound
from kg.lookups.common import (
    check_listing,
    date_literal,
    known_entity,
    labels,
    minted_id,
    minted_iri,
    parse_date,
    rows,
    source_refs,
    val,
    values,
)
from kg.lookups.models import Ref, Report, Takedown, TakedownFigure, Takedowns, Total
from kg.stores import Store


def list_takedowns(store: Store, *, actor: str | None = None, platform: str | None = None,
                   company: str | None = None, since: date | None = None, until: date | None = None,
                   limit: int = 50, offset: int = 0) -> Takedowns:
    """Takedowns, newest first, and `totals` per platform and asset over every match.

    No figure is counted twice: one takedown (one remover, operation and month: the IRI that articles
    share) reported by several sources contributes, per count key such as `facebook_accounts`, the
    *largest* figure any source gives. Sources repeat a figure, or update it upwards as a takedown
    completes; summing them would double count, and the smallest is often a partial figure. Different
    takedowns are summed. Each figure keeps every source's number in `reports`. A takedown without a
    shared IRI (no actor or date: `<article>/takedown/N`) belongs to one article; there the same key with
    the same figure on several such takedowns is one figure told twice (headline and body), counted once.

    actor: operations attributed to it; platform: a figure on it, or removed by it; company: a figure on
    a platform it owns (kgo:ownedBy), or removed by it or a platform it owns. A takedown's date is its
    kgo:date, else the earliest issue date of the articles reporting it.
    """
    check_listing(limit, offset, since, until)
    where = ["?td a kgo:Takedown ; kgo:source ?a . OPTIONAL { ?td kgo:date ?td_d } OPTIONAL { ?a dcterms:issued ?a_d }"]
    if actor is not None:
        where.append(f"FILTER EXISTS {{ ?ts kgo:takedown ?td ; kgo:operation ?op . ?fa kgo:operation ?op ; "
                     f"kgo:attributedTo {known_entity(store, actor, 'actor')} }}")
    if platform is not None:
        p = known_entity(store, platform, "platform")
        where.append(f"FILTER EXISTS {{ {{ ?td kgo:hasCount ?pc . ?pc kgo:platform {p} }} "
                     f"UNION {{ ?td kgo:removedBy {p} }} }}")
    if company is not None:
        c = known_entity(store, company, "company")
        where.append(f"FILTER EXISTS {{ {{ ?td kgo:hasCount ?cc . ?cc kgo:platform ?cp . ?cp kgo:ownedBy {c} }} "
                     f"UNION {{ ?td kgo:removedBy {c} }} UNION {{ ?td kgo:removedBy ?cr . ?cr kgo:ownedBy {c} }} }}")
    having = []
    if since:
        having.append(f"?date >= {date_literal(since)}")
    if until:
        having.append(f"?date <= {date_literal(until)}")
    found = rows(store, f"""SELECT ?td ?date WHERE {{
        {{ SELECT ?td (COALESCE(MIN(?td_d), MIN(?a_d)) AS ?date) WHERE {{ {' '.join(where)} }} GROUP BY ?td }}
        {'FILTER(' + ' && '.join(having) + ')' if having else ''} }} ORDER BY DESC(?date) ?td""")
    every = [str(val(r["td"])) for r in found]
    described = describe(store, every)
    return Takedowns(total=len(every), limit=limit, offset=offset, items=described[offset:offset + limit],
                     totals=totals(described))


def takedown_iri(store: Store, ident: str) -> str:
    """`meta--russia--2022-09`, `article/<id>/takedown/N` or the full IRI."""
    return minted_iri(store, ident, "takedown")


def takedown_id(store: Store, iri: str) -> str:
    return minted_id(store, iri, "takedown")


def takedown(store: Store, ident: str) -> Takedown:
    iri = takedown_iri(store, ident)
    found = describe(store, [iri])
    if not found:
        raise NotFound(f"no takedown {iri}")
    return found[0]


def totals(items: list[Takedown]) -> list[Total]:
    """Figures summed per count key over the takedowns (each already one figure per takedown and key);
    marks the figures it skips as repeats (`counted` false)."""
    sums: dict[str, int] = defaultdict(int)
    meta: dict[str, tuple[Ref | None, str]] = {}
    seen: set[tuple[str, str, int]] = set()
    for t in items:
        scope = t.iri.split("/takedown/")[0] if "/article/" in t.iri else t.iri
        for f in t.counts:
            if (scope, f.key, f.count) in seen:
                f.counted = False  # the same figure of the same article, on another of its takedowns
                continue
            seen.add((scope, f.key, f.count))
            sums[f.key] += f.count
            meta[f.key] = (f.platform, f.asset)
    return [Total(platform=meta[k][0], asset=meta[k][1], key=k, count=n) for k, n in sorted(sums.items())]


def describe(store: Store, tds: list[str]) -> list[Takedown]:
    """Full descriptions of the given takedowns, in their order (unknown ones left out)."""
    if not tds:
        return []
    base: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in rows(store, f"""SELECT ?td ?rb ?date ?a ?op ?actor WHERE {{ {values('td', tds)}
            ?td a kgo:Takedown ; kgo:source ?a . OPTIONAL {{ ?td kgo:removedBy ?rb }} OPTIONAL {{ ?td kgo:date ?date }}
            OPTIONAL {{ ?ts kgo:takedown ?td ; kgo:operation ?op .
                        OPTIONAL {{ ?s kgo:operation ?op ; kgo:attributedTo ?actor }} }} }}"""):
        b = base[str(val(r["td"]))]
        for k in ("rb", "date", "a", "op", "actor"):
            if r[k] is not None:
                b[k].add(str(val(r[k])))
    figures: dict[str, dict[str, dict[str, object]]] = defaultdict(dict)
    for r in rows(store, f"""SELECT ?td ?key ?count ?platform ?asset ?a WHERE {{ {values('td', tds)}
            ?td kgo:hasCount ?c . ?c kgo:countKeyOf ?key ; kgo:count ?count .
            OPTIONAL {{ ?c kgo:source ?a }} OPTIONAL {{ ?c kgo:platform ?platform }}
            OPTIONAL {{ ?c kgo:assetType ?asset }} }} ORDER BY ?td ?key ?a"""):
        f = figures[str(val(r["td"]))].setdefault(str(val(r["key"])), {"reports": [], "platform": None, "asset": ""})
        f["reports"].append(Report(count=int(str(val(r["count"]))), article=str(val(r["a"]) or "")))  # type: ignore[attr-defined]
        f["platform"] = val(r["platform"]) or f["platform"]
        f["asset"] = val(r["asset"]) or f["asset"]
    nodes = {x for b in base.values() for k in ("rb", "actor") for x in b[k]}
    nodes |= {str(f["platform"]) for fs in figures.values() for f in fs.values() if f["platform"]}
    refs = labels(store, nodes)
    srcs = source_refs(store, {a for b in base.values() for a in b["a"]})
    out = []
    for td in tds:
        if td not in base:
            continue
        b = base[td]
        sources = sorted((srcs[a] for a in b["a"]), key=lambda s: (s.date is None, s.date, s.iri))
        counts = []
        for key, f in sorted(figures[td].items()):
            reports: list[Report] = f["reports"]  # type: ignore[assignment]
            counts.append(TakedownFigure(key=key, platform=refs[str(f["platform"])] if f["platform"] else None,
                                         asset=str(f["asset"]) or key.rsplit("_", 1)[-1],
                                         count=max(r.count for r in reports), reports=reports, counted=True))
        dates = sorted(b["date"]) or sorted(str(s.date) for s in sources if s.date)
        removers = sorted((refs[x] for x in b["rb"]), key=lambda r: r.label)
        actors = sorted((refs[x] for x in b["actor"]), key=lambda r: r.label)
        out.append(Takedown(
            iri=td, id=takedown_id(store, td), date=parse_date(ox.Literal(dates[0])) if dates else None,
            label=_label(removers, actors, dates), removed_by=removers, actors=actors, operations=sorted(b["op"]),
            counts=counts, sources=sources))
    return out


def _label(removers: list[Ref], actors: list[Ref], dates: list[str]) -> str:
    who = " and ".join(r.label for r in removers) or "A platform"
    what = ", ".join(a.label for a in actors) or "an unattributed operation"
    return f"{who} takedown of {what}" + (f" ({dates[0][:7]})" if dates else "")
