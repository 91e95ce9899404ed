"""Actor lookups: labels, aliases, type, links, article counts and the claims that involve an actor."""
from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.errors import NotFound
from kg.store import GraphStore
from kg.vocab import KGO, SKOS

_DESCRIBE = f"""
PREFIX kgo: <{KGO}>
PREFIX skos: <{SKOS}>
SELECT ?e ?g ?p ?o WHERE {{ GRAPH ?g {{ ?e ?p ?o }}  }}
"""
_ARTICLES = f"""
PREFIX kgo: <{KGO}>
SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?m kgo:refersTo ?e ; kgo:source ?a }} GROUP BY ?e
"""
_ATTRIBUTIONS = f"""
PREFIX kgo: <{KGO}>
PREFIX skos: <{SKOS}>
SELECT ?e ?role ?other ?otherLabel ?stance ?article WHERE {{
  {{ ?s kgo:attributedTo ?e ; kgo:source ?article ; kgo:stance/skos:prefLabel ?stance .
     OPTIONAL {{ ?s kgo:claimedBy ?other . ?other skos:prefLabel ?otherLabel }} BIND("attributed_to" AS ?role) }}
  UNION
  {{ ?s kgo:claimedBy ?e ; kgo:source ?article ; kgo:stance/skos:prefLabel ?stance ; kgo:attributedTo ?other .
     ?other skos:prefLabel ?otherLabel BIND("attributes" AS ?role) }}
}} ORDER BY ?role ?otherLabel ?article
"""
_TAKEDOWNS = f"""
PREFIX kgo: <{KGO}>
SELECT ?e ?takedown ?key ?count ?article WHERE {{
  ?takedown kgo:removedBy ?e ; kgo:source ?article ; kgo:hasCount ?c . ?c kgo:countKeyOf ?key ; kgo:count ?count .
}} ORDER BY ?article ?key
"""


def entity_iri(store: GraphStore, ident: str) -> str:
    return ident if ident.startswith(("http://", "https://")) else f"{store.base}entity/{ident}"


def _local(value: str) -> str:
    for ns in (KGO, SKOS):
        if value.startswith(ns):
            return value[len(ns):]
    return value


def lookup(store: GraphStore, ident: str) -> dict[str, Any]:
    """Everything the graph says of one entity, or NotFound."""
    iri = entity_iri(store, ident)
    e = ox.NamedNode(iri)
    props: dict[str, list[str]] = {}
    for row in store.query(_DESCRIBE, {ox.Variable("e"): e}):  # type: ignore[union-attr]
        if row["g"].value in (store.graphs.entities.value, store.graphs.decisions.value):
            props.setdefault(row["p"].value, []).append(row["o"].value)
    if not props:
        raise NotFound(f"no entity {iri}")
    types = [_local(t) for t in props.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])
             if t.startswith(KGO)]
    label = (props.get(SKOS + "prefLabel") or [iri])[0]
    aliases = sorted(set(props.get(SKOS + "altLabel", [])) | set(props.get(SKOS + "hiddenLabel", [])) - {label})
    counts = list(store.query(_ARTICLES, {ox.Variable("e"): e}))  # type: ignore[arg-type]
    attributions = [{k: (row[k].value if row[k] is not None else None)
                     for k in ("role", "other", "otherLabel", "stance", "article")}
                    for row in store.query(_ATTRIBUTIONS, {ox.Variable("e"): e})]  # type: ignore[union-attr]
    takedowns = [{"takedown": r["takedown"].value, "key": r["key"].value, "count": int(r["count"].value),
                  "article": r["article"].value}
                 for r in store.query(_TAKEDOWNS, {ox.Variable("e"): e})]  # type: ignore[union-attr]
    return {
        "id": iri, "label": label, "type": types[0] if types else None, "aliases": aliases,
        "part_of": props.get(KGO + "partOf", []), "owned_by": props.get(KGO + "ownedBy", []),
        "same_as": props.get("http://www.w3.org/2002/07/owl#sameAs", []),
        "article_count": int(counts[0]["n"].value) if counts else 0, "attributions": attributions, "takedowns": takedowns,
    }
