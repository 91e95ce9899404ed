"""Actors: the filtered list (most articles first) and one actor's card."""
from __future__ import annotations

import pyoxigraph as ox

from kg.errors import BadInput, NotFound
from kg.lookups.common import (
    ENTITY_CLASSES,
    check_page,
    entity_iri,
    known_entity,
    labels,
    local,
    parse_date,
    rows,
    val,
    values,
)
from kg.lookups.models import ActorDetail, ActorSummary, Claim, Page
from kg.stores import Store
from kg.vocab import KGO, SKOS


def list_actors(store: Store, *, type: str | None = None, country: str | None = None,
                platform: str | None = None, has_attribution: bool | None = None, all: bool = False,
                limit: int = 50, offset: int = 0) -> Page[ActorSummary]:
    """Entities named in some article (every known entity with all=True), most articles first.

    country: actors kgo:partOf that State, or attributed an operation run from it (kgo:originCountry);
    platform: actors attributed an operation that used it; has_attribution: some attribution names the actor.
    """
    check_page(limit, offset)
    if type is not None and type not in ENTITY_CLASSES:
        raise BadInput(f"type={type!r} is not an entity class; use one of {', '.join(ENTITY_CLASSES)}")
    classes = [KGO + c for c in ([type] if type else ENTITY_CLASSES)]
    where = [values("t", classes), "?e a ?t .", "FILTER NOT EXISTS { ?e owl:sameAs ?kept }"]
    mentions = "?m kgo:refersTo ?e ; kgo:source ?a ."
    where.append(f"OPTIONAL {{ {mentions} }}" if all else mentions)
    if country is not None:
        c = known_entity(store, country, "country")
        where.append(f"{{ ?e kgo:partOf {c} }} UNION "
                     f"{{ ?ca kgo:attributedTo ?e ; kgo:operation ?cop . ?cop kgo:originCountry {c} }}")
    if platform is not None:
        p = known_entity(store, platform, "platform")
        where.append(f"FILTER EXISTS {{ ?pa kgo:attributedTo ?e ; kgo:operation ?pop . ?pop kgo:usedPlatform {p} }}")
    if has_attribution is not None:
        where.append(f"FILTER {'' if has_attribution else 'NOT '}EXISTS {{ ?ha kgo:attributedTo ?e }}")
    found = rows(store, f"""SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {' '.join(where)} }}
                            GROUP BY ?e ORDER BY DESC(?n) ?e""")
    chosen = found[offset:offset + limit]
    refs = labels(store, [str(val(r["e"])) for r in chosen])
    items = []
    for r in chosen:
        ref = refs[str(val(r["e"]))]
        items.append(ActorSummary(iri=ref.iri, id=ref.iri, slug=slug(store, ref.iri), label=ref.label, type=ref.type,
                                  article_count=int(str(val(r["n"])))))
    return Page[ActorSummary](total=len(found), limit=limit, offset=offset, items=items)


def slug(store: Store, iri: str) -> str:
    prefix = f"{store.base}entity/"
    return iri.removeprefix(prefix)


def actor(store: Store, ident: str) -> ActorDetail:
    """One entity's card: labels, class, links, counts and the attributions naming it or made by it."""
    iri = entity_iri(store, ident)
    e = ox.NamedNode(iri)
    props: dict[str, list[str]] = {}
    for r in rows(store, f"""SELECT ?p ?o WHERE {{ {values('g', [store.graphs.entities.value,
                                                              store.graphs.decisions.value])}
                                   GRAPH ?g {{ {e} ?p ?o }} }}"""):
        props.setdefault(str(val(r["p"])), []).append(str(val(r["o"])))
    types = sorted(local(t) for t in props.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])
                   if t.startswith(KGO))
    if not types:
        raise NotFound(f"no entity {iri}")
    label = min(props.get(SKOS + "prefLabel") or [local(iri)])
    aliases = sorted((set(props.get(SKOS + "altLabel", [])) | set(props.get(SKOS + "hiddenLabel", []))) - {label})
    links = labels(store, props.get(KGO + "partOf", []) + props.get(KGO + "ownedBy", []))
    same_as = [str(val(r["x"])) for r in rows(store, f"SELECT DISTINCT ?x WHERE {{ ?x owl:sameAs {e} }} ORDER BY ?x")]
    seen = rows(store, f"""SELECT (COUNT(DISTINCT ?a) AS ?n) (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {{
                             ?m kgo:refersTo {e} ; kgo:source ?a . OPTIONAL {{ ?a dcterms:issued ?d }} }}""")[0]
    ops = rows(store, f"""SELECT (COUNT(DISTINCT ?op) AS ?n) WHERE {{
                            ?s kgo:attributedTo {e} ; kgo:operation ?op }}""")[0]
    takedowns = rows(store, f"""SELECT (COUNT(DISTINCT ?td) AS ?n) WHERE {{
        {{ ?s kgo:attributedTo {e} ; kgo:operation ?op . ?ts kgo:operation ?op ; kgo:takedown ?td }}
        UNION {{ ?td kgo:removedBy {e} }} }}""")[0]
    return ActorDetail(
        iri=iri, id=iri, slug=slug(store, iri), label=label, type=_main_type(types), aliases=aliases,
        part_of=[links[i] for i in props.get(KGO + "partOf", [])],
        owned_by=[links[i] for i in props.get(KGO + "ownedBy", [])], same_as=same_as,
        article_count=int(str(val(seen["n"]))), operation_count=int(str(val(ops["n"]))),
        takedown_count=int(str(val(takedowns["n"]))), first_seen=parse_date(seen["first"]),
        last_seen=parse_date(seen["last"]), attributions=_claims(store, e))


def _main_type(types: list[str]) -> str:
    """The most specific class: Actor and Entity are only the roots."""
    specific = [t for t in types if t not in ("Actor", "Entity")]
    return (specific or types)[0]


def _claims(store: Store, e: ox.NamedNode) -> list[Claim]:
    found = rows(store, f"""SELECT ?role ?other ?stance ?article WHERE {{
        {{ ?s kgo:attributedTo {e} ; kgo:source ?article ; kgo:stance ?stance .
           OPTIONAL {{ ?s kgo:claimedBy ?other }} BIND("attributed_to" AS ?role) }}
        UNION
        {{ ?s kgo:claimedBy {e} ; kgo:source ?article ; kgo:stance ?stance ; kgo:attributedTo ?other .
           BIND("attributes" AS ?role) }} }} ORDER BY ?role ?other ?article""")
    refs = labels(store, [str(val(r["other"])) for r in found if r["other"] is not None])
    return [Claim(role=str(val(r["role"])), other=refs[str(val(r["other"]))] if r["other"] is not None else None,
                  stance=local(str(val(r["stance"]))).lower(), article=str(val(r["article"]))) for r in found]


__all__ = ["actor", "list_actors", "slug"]
