"""Sources: the articles, and one article with its text, mentions and statements for highlighting."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

import pyoxigraph as ox

from kg.errors import NotFound
from kg.lookups.common import (
    article_id,
    article_iri,
    check_listing,
    checked_iri,
    date_literal,
    known_entity,
    labels,
    local,
    parse_date,
    rows,
    server_url,
    val,
    values,
)
from kg.lookups.models import (
    Mention,
    Page,
    Ref,
    SourceCount,
    SourceCounts,
    SourceDetail,
    SourceSummary,
    Span,
    Statement,
)
from kg.stores import Store
from kg.vocab import KGO, RDF

STATEMENT_CLASSES = ("Attribution", "OriginStatement", "TargetStatement", "PlatformUseStatement", "TacticStatement",
                     "LanguageStatement", "TakedownStatement")
_META = {KGO + "source", KGO + "evidence", KGO + "extractor", KGO + "confidence", RDF + "type"}


def list_sources(store: Store, *, actor: str | None = None, since: date | None = None,
                 until: date | None = None, limit: int = 50, offset: int = 0) -> Page[SourceSummary]:
    """Articles, newest first (undated last); actor keeps those naming it."""
    check_listing(limit, offset, since, until)
    where = ["?a a kgo:Article . OPTIONAL { ?a dcterms:issued ?d }"]
    if actor is not None:
        where.append(f"FILTER EXISTS {{ ?fm kgo:refersTo {known_entity(store, actor, 'actor')} ; "
                     "kgo:source ?a }")
    if since:
        where.append(f"FILTER(?d >= {date_literal(since)})")
    if until:
        where.append(f"FILTER(?d <= {date_literal(until)})")
    found = rows(store, f"SELECT DISTINCT ?a ?d WHERE {{ {' '.join(where)} }} ORDER BY DESC(?d) ?a")
    chosen = [str(val(r["a"])) for r in found[offset:offset + limit]]
    return Page[SourceSummary](total=len(found), limit=limit, offset=offset, items=_summaries(store, chosen))


def _summaries(store: Store, articles: list[str]) -> list[SourceSummary]:
    if not articles:
        return []
    meta = {str(val(r["a"])): r for r in rows(store, f"""SELECT ?a ?title ?date ?src WHERE {{ {values('a', articles)}
            ?a a kgo:Article . OPTIONAL {{ ?a dcterms:title ?title }} OPTIONAL {{ ?a dcterms:issued ?date }}
            OPTIONAL {{ ?a dcterms:source ?src }} }}""")}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    classes = [KGO + c for c in ("Mention", "Takedown", *STATEMENT_CLASSES)]
    for r in rows(store, f"""SELECT ?a ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {values('a', articles)}
            {values('cls', classes)} ?x kgo:source ?a ; a ?cls }} GROUP BY ?a ?cls"""):
        counts[str(val(r["a"]))][local(str(val(r["cls"])))] = int(str(val(r["n"])))
    for r in rows(store, f"""SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {values('a', articles)}
            ?m kgo:source ?a ; kgo:refersTo ?e }} GROUP BY ?a"""):
        counts[str(val(r["a"]))]["entities"] = int(str(val(r["n"])))
    out = []
    for a in articles:
        if a not in meta:
            continue
        m, c = meta[a], counts[a]
        out.append(SourceSummary(
            iri=a, id=article_id(a), title=val(m["title"]), date=parse_date(m["date"]), url=server_url(store, a),
            source=val(m["src"]),
            counts=SourceCounts(mentions=c["Mention"], entities=c["entities"], attributions=c["Attribution"],
                                statements=sum(c[k] for k in STATEMENT_CLASSES), takedowns=c["Takedown"])))
    return out


def source(store: Store, ident: str) -> SourceDetail:
    """One article: metadata, text, every mention and statement with offsets into the text."""
    iri = checked_iri(article_iri(store, ident), ident, "article")
    a = ox.NamedNode(iri)
    summary = _summaries(store, [iri])
    if not summary:
        raise NotFound(f"no article {iri}")
    extra = rows(store, f"SELECT ?text ?hash WHERE {{ {a} kgo:text ?text . OPTIONAL {{ {a} kgo:contentHash ?hash }} }}")
    mentions = rows(store, f"""SELECT ?m ?surface ?b ?e ?entity ?conf ?ev ?evtext ?evb ?eve WHERE {{
            ?m a kgo:Mention ; kgo:source {a} ; nif:anchorOf ?surface ; nif:beginIndex ?b ; nif:endIndex ?e ;
               kgo:refersTo ?entity .
            OPTIONAL {{ ?m kgo:confidence ?conf }}
            OPTIONAL {{ ?m kgo:evidence ?ev . ?ev nif:anchorOf ?evtext ; nif:beginIndex ?evb ; nif:endIndex ?eve }}
            }} ORDER BY ?b ?m""")
    statements = rows(store, f"""SELECT ?s ?cls ?p ?o WHERE {{ {values('cls', [KGO + c for c in STATEMENT_CLASSES])}
            ?s a ?cls ; kgo:source {a} ; ?p ?o }} ORDER BY ?s""")
    spans = rows(store, f"""SELECT ?ev ?text ?b ?e WHERE {{
            ?ev a kgo:EvidenceSpan ; kgo:source {a} ; nif:anchorOf ?text ; nif:beginIndex ?b ; nif:endIndex ?e }}""")
    figures = rows(store, f"""SELECT ?td ?key ?count ?platform ?asset WHERE {{
            ?td kgo:hasCount ?c . ?c kgo:source {a} ; kgo:countKeyOf ?key ; kgo:count ?count .
            OPTIONAL {{ ?c kgo:platform ?platform }} OPTIONAL {{ ?c kgo:assetType ?asset }} }} ORDER BY ?td ?key""")
    nodes = {str(val(r["entity"])) for r in mentions}
    nodes |= {str(val(r["o"])) for r in statements
              if isinstance(r["o"], ox.NamedNode) and str(val(r["p"])) not in _META}
    nodes |= {str(val(r["platform"])) for r in figures if r["platform"] is not None}
    refs = labels(store, nodes)
    span_of = {str(val(r["ev"])): Span(sentence=str(val(r["text"])), begin=int(str(val(r["b"]))),
                                       end=int(str(val(r["e"])))) for r in spans}
    return SourceDetail(
        **summary[0].model_dump(), content_hash=val(extra[0]["hash"]) if extra else None,
        text=str(val(extra[0]["text"])) if extra else "",
        mentions=[Mention(iri=str(val(r["m"])), surface=str(val(r["surface"])), begin=int(str(val(r["b"]))),
                          end=int(str(val(r["e"]))), entity=refs[str(val(r["entity"]))],
                          confidence=float(str(val(r["conf"]))) if r["conf"] is not None else None,
                          sentence=span_of.get(str(val(r["ev"])))) for r in _first_per(mentions, "m")],
        statements=_statements(statements, refs, span_of),
        takedown_counts=[SourceCount(takedown=str(val(r["td"])), key=str(val(r["key"])),
                                     platform=refs[str(val(r["platform"]))] if r["platform"] is not None else None,
                                     asset=str(val(r["asset"]) or ""), count=int(str(val(r["count"]))))
                         for r in figures])


def _first_per(found: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | None]], key: str
               ) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | None]]:
    seen: set[str] = set()
    out = []
    for r in found:
        k = str(val(r[key]))
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _statements(found: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | None]], refs: dict[str, Ref],
                span_of: dict[str, Span]) -> list[Statement]:
    by: dict[str, dict[str, object]] = {}
    for r in found:
        s, p, o = str(val(r["s"])), str(val(r["p"])), r["o"]
        st = by.setdefault(s, {"kind": local(str(val(r["cls"]))), "fields": {}, "confidence": None,
                               "extractor": None, "evidence": None})
        if p == KGO + "confidence":
            st["confidence"] = float(str(val(o)))
        elif p == KGO + "extractor":
            st["extractor"] = str(val(o))
        elif p == KGO + "evidence":
            st["evidence"] = span_of.get(str(val(o)))
        elif p not in _META:
            value: Ref | str = refs.get(str(val(o))) or str(val(o)) if isinstance(o, ox.NamedNode) else str(val(o))
            if p == KGO + "stance":
                value = local(str(val(o))).lower()
            st["fields"][_snake(local(p))] = value  # type: ignore[index]
    return [Statement(iri=s, **v) for s, v in  # type: ignore[arg-type]
            sorted(by.items(), key=lambda kv: (_begin(kv[1]["evidence"]), kv[0]))]


def _begin(span: object) -> int:
    return span.begin if isinstance(span, Span) else -1


__all__ = ["list_sources", "source"]
