"""Helpers the lookups share: resolving ids to IRIs, labelling nodes in one query, evidence, paging."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TypeVar

import pyoxigraph as ox

from kg.errors import BadInput, NotFound
from kg.lookups.models import Evidence, Page, Ref, SourceRef
from kg.resolution.decisions import current_iri
from kg.stores import Store
from kg.vocab import DCT, KGO, NIF, OWL, SKOS

T = TypeVar("T")

PREFIXES = f"""PREFIX kgo: <{KGO}>
PREFIX skos: <{SKOS}>
PREFIX dcterms: <{DCT}>
PREFIX nif: <{NIF}>
PREFIX owl: <{OWL}>
"""
ENTITY_CLASSES = ("State", "StateAgency", "Group", "Company", "ResearchOrg", "MediaOutlet", "Person", "Channel",
                  "Platform", "Location", "Organization")
MAX_LIMIT = 500
_HEX16 = re.compile(r"^[0-9a-f]{16}$")


def rows(store: Store, sparql: str) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | None]]:
    """Run a SELECT (our PREFIXes prepended) and return each solution as a dict of its variables."""
    result = store.query(PREFIXES + sparql)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: s[n] for n in names} for s in result]


def val(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    return None if term is None else term.value


def values(var: str, iris: Iterable[str]) -> str:
    """A `VALUES ?var { <...> }` block; ox.NamedNode checks and escapes each IRI."""
    return f"VALUES ?{var} {{ {' '.join(str(ox.NamedNode(i)) for i in sorted(set(iris)))} }}"


def local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def checked_iri(iri: str, ident: str, what: str) -> str:
    """The IRI made from `ident`, or NotFound naming the `what` when it is not a valid IRI."""
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise NotFound(f"no {what} {ident!r}") from exc
    return iri


def entity_iri(store: Store, ident: str) -> str:
    """An entity IRI from a slug or an IRI."""
    iri = ident if ident.startswith(("http://", "https://")) else f"{store.base}entity/{ident}"
    return checked_iri(iri, ident, "entity")


def minted_iri(store: Store, ident: str, kind: str) -> str:
    """A node we mint per `kind` (operation, takedown) from `<id>`, `article/<id>/...` or the full IRI."""
    if ident.startswith(("http://", "https://")):
        iri = ident
    elif ident.startswith("article/"):
        iri = store.base + ident
    else:
        iri = f"{store.base}{kind}/{ident}"
    return checked_iri(iri, ident, kind)


def minted_id(store: Store, iri: str, kind: str) -> str:
    """The id `minted_iri` takes back: the IRI without our base and the `kind/` path."""
    return iri.removeprefix(store.base).removeprefix(f"{kind}/")


def labels(store: Store, iris: Iterable[str]) -> dict[str, Ref]:
    """Label and class of each node (entities, tactics, stances...) in one query; unknown ones get their IRI."""
    wanted = sorted(set(iris))
    out = {i: Ref(iri=i, label=_fallback(store, i), type=None) for i in wanted}
    if not wanted:
        return out
    found = rows(store, f"""SELECT ?x ?label ?type WHERE {{ {values('x', wanted)}
        OPTIONAL {{ ?x skos:prefLabel ?label }}
        OPTIONAL {{ ?x a ?type FILTER(STRSTARTS(STR(?type), STR(kgo:))) }} }} ORDER BY ?x ?label ?type""")
    seen: set[str] = set()
    for r in found:
        x = str(val(r["x"]))
        if x in seen:
            continue
        seen.add(x)
        t = val(r["type"])
        out[x] = Ref(iri=x, label=val(r["label"]) or _fallback(store, x), type=local(t) if t else None)
    return out


def _fallback(store: Store, iri: str) -> str:
    """A readable name for a node without a label: the path we minted (operation/..., article/.../takedown/0)."""
    return iri[len(store.base):] if iri.startswith(store.base) else local(iri)


def known_entity(store: Store, ident: str, what: str) -> ox.NamedNode:
    """The current IRI of an entity named in a filter, as a term; a filter naming nothing known is a 400 naming it."""
    node = ox.NamedNode(current_iri(store, entity_iri(store, ident)))
    if not rows(store, f"SELECT ?t WHERE {{ {node} a ?t ; skos:prefLabel ?l }} LIMIT 1"):
        raise BadInput(f"{what}={ident!r} is not a known entity (give a slug such as 'facebook', or an IRI)")
    return node


def article_id(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def article_iri(store: Store, ident: str) -> str:
    """An article IRI from its 16-hex id or its IRI."""
    if ident.startswith(("http://", "https://")):
        return ident
    if not _HEX16.match(ident):
        raise BadInput(f"{ident!r} is not an article id: give the 16 hex digits of /article/<id>, or the IRI")
    return f"{store.base}article/{ident}"


def server_url(store: Store, iri: str) -> str:
    """Path of an IRI we mint on this server (the base IRI may name another host and port)."""
    return "/" + iri[len(store.base):] if iri.startswith(store.base) else iri


def parse_date(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> date | None:
    try:
        return date.fromisoformat(term.value[:10]) if term is not None else None
    except ValueError:
        return None


def source_refs(store: Store, articles: Iterable[str]) -> dict[str, SourceRef]:
    """Title and date of each article, in one query."""
    wanted = sorted(set(articles))
    out = {a: SourceRef(iri=a, id=article_id(a), url=server_url(store, a)) for a in wanted}
    if wanted:
        for r in rows(store, f"""SELECT ?a ?title ?date WHERE {{ {values('a', wanted)}
                OPTIONAL {{ ?a dcterms:title ?title }} OPTIONAL {{ ?a dcterms:issued ?date }} }}"""):
            a = str(val(r["a"]))
            out[a] = SourceRef(iri=a, id=article_id(a), title=val(r["title"]), date=parse_date(r["date"]),
                               url=server_url(store, a))
    return out


def evidence(store: Store, spans: Iterable[tuple[str, str]], titles: dict[str, SourceRef] | None = None
             ) -> dict[str, Evidence]:
    """Evidence for (span IRI, article IRI) pairs: the sentence and offsets, the article's title and URL."""
    pairs = dict(spans)
    if not pairs:
        return {}
    titles = titles if titles is not None else source_refs(store, pairs.values())
    out: dict[str, Evidence] = {}
    for r in rows(store, f"""SELECT ?ev ?text ?b ?e WHERE {{ {values('ev', pairs)}
            ?ev nif:anchorOf ?text . OPTIONAL {{ ?ev nif:beginIndex ?b }} OPTIONAL {{ ?ev nif:endIndex ?e }} }}"""):
        ev = str(val(r["ev"]))
        art = pairs[ev]
        ref = titles.get(art)
        out[ev] = Evidence(sentence=str(val(r["text"])).strip(), begin=_int(r["b"]), end=_int(r["e"]),
                           article=art, url=server_url(store, art), title=ref.title if ref else None)
    return out


def _int(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> int | None:
    return int(term.value) if term is not None else None


def page(items: Sequence[T], limit: int, offset: int) -> Page[T]:
    check_page(limit, offset)
    return Page[T](total=len(items), limit=limit, offset=offset, items=list(items[offset:offset + limit]))


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise BadInput(f"offset must be 0 or more, not {offset}")


def check_listing(limit: int, offset: int, since: date | None, until: date | None) -> None:
    """The checks every dated list starts with: the page window, then the date range."""
    check_page(limit, offset)
    check_dates(since, until)


def check_dates(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise BadInput(f"since ({since}) is after until ({until})")


def date_literal(d: date) -> str:
    return str(ox.Literal(d.isoformat(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
