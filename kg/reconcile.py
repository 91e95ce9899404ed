"""The W3C Reconciliation Service API (v0.2, what OpenRefine speaks) over the entity search index.

Identifiers are the slugs of our entity IRIs (`<base>entity/<id>`); types are kgo: local names.
Scores are the search scores times 100; `match` is true only for an exact hit on a label or alias
that leads the next candidate by a clear margin.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from kg import __version__
from kg.errors import BadInput, NotFound, TooLarge
from kg.search import MAX_LIMIT, Hit, NameIndex, check_type
from kg.vocab import KGO

MAX_QUERIES = 100
"""Largest batch accepted in one request (OpenRefine sends 10 at a time)."""
DEFAULT_CANDIDATES = 5
MATCH_MARGIN = 10.0
"""How far (in score points) an exact hit must lead the runner-up to count as a `match`."""
COUNTRY_BOOST = 10.0
"""Score points added when the `country` property agrees, taken off when it names another State."""
SUGGEST_PAGE = 10
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 160
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")


@dataclass(frozen=True)
class Query:
    """One reconciliation query of a batch."""

    query: str
    types: frozenset[str] | None = None
    limit: int = DEFAULT_CANDIDATES
    properties: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=tuple)


def entity_id(base: str, iri: str) -> str:
    prefix = f"{base}entity/"
    return iri.removeprefix(prefix)


def entity_iri(base: str, ident: str) -> str:
    return ident if ident.startswith(("http://", "https://")) else f"{base}entity/{ident}"


def manifest(index: NameIndex, base: str, root: str, name: str) -> dict[str, Any]:
    """The service manifest; `root` is where this service answers (it may differ from the IRI base)."""
    root = root.rstrip("/")
    return {
        "versions": ["0.1", "0.2"],
        "name": name,
        "identifierSpace": f"{base}entity/",
        "schemaSpace": KGO,
        "serviceVersion": __version__,
        "documentation": f"{root}/docs",
        "defaultTypes": [{"id": t, "name": label} for t, label in index.type_labels.items()],
        "view": {"url": f"{base}entity/{{{{id}}}}"},
        "preview": {"url": f"{root}/reconcile/preview?id={{{{id}}}}", "width": PREVIEW_WIDTH,
                    "height": PREVIEW_HEIGHT},
        "suggest": {"entity": {"service_url": f"{root}/reconcile", "service_path": "/suggest/entity"}},
    }


def check_callback(callback: str | None) -> str | None:
    """A JSONP callback name, refused unless it is a plain (dotted) JavaScript identifier."""
    if callback is None or callback == "":
        return None
    if len(callback) > 100 or not _CALLBACK.match(callback):
        raise BadInput("callback must be a JavaScript identifier such as jsonp123 or ns.fn")
    return callback


def jsonp(callback: str, payload: Any) -> str:
    return f"/**/{callback}({json.dumps(payload, ensure_ascii=False)});"


def _values(v: Any) -> tuple[str, ...]:
    """Property values as strings: "Russia", {"id": "russia"}, {"name": "Russia"} or a list of them."""
    items = v if isinstance(v, list) else [v]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("id") or item.get("name")
        if isinstance(item, (str, int, float)) and str(item).strip():
            out.append(str(item).strip())
    return tuple(out)


def _query(key: str, raw: Any) -> Query:
    if not isinstance(raw, dict) or not isinstance(raw.get("query"), str) or not raw["query"].strip():
        raise BadInput(f"query {key!r} needs a non-empty string 'query'")
    type_ = raw.get("type")
    names = type_ if isinstance(type_, list) else [type_] if type_ else []
    types = frozenset(t for t in (check_type(str(n)) for n in names) if t)
    limit = raw.get("limit", DEFAULT_CANDIDATES)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"query {key!r}: limit must be an integer between 1 and {MAX_LIMIT}")
    props = raw.get("properties") or []
    if not isinstance(props, list) or not all(isinstance(p, dict) for p in props):
        raise BadInput(f"query {key!r}: properties must be a list of {{\"pid\": ..., \"v\": ...}}")
    return Query(raw["query"], types or None, limit,
                 tuple((str(p.get("pid", "")), _values(p.get("v"))) for p in props))


def parse_queries(text: str | None) -> dict[str, Query]:
    """The `queries` parameter: a JSON object of query keys ("q0", ...) to queries."""
    if not text:
        raise BadInput("the queries parameter is required: {\"q0\": {\"query\": \"...\"}}")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"queries is not JSON: {exc}") from exc
    if not isinstance(raw, dict) or not raw:
        raise BadInput("queries must be a non-empty JSON object of query keys to queries")
    if len(raw) > MAX_QUERIES:
        raise TooLarge(f"at most {MAX_QUERIES} queries per batch")
    return {str(k): _query(str(k), v) for k, v in raw.items()}


def _country(index: NameIndex, base: str, value: str) -> str | None:
    """The State a property value names: by id, IRI or name."""
    iri = entity_iri(base, value)
    if iri in index.entities and index.entities[iri].type == "State":
        return iri
    try:
        hits = index.search(value, {"State"})
    except BadInput:
        return None
    return hits[0].iri if hits and hits[0].exact else None


def _score(index: NameIndex, base: str, q: Query, hit: Hit) -> float:
    score = hit.score * 100.0
    for pid, values in q.properties:
        if pid.rsplit("/", 1)[-1].rsplit("#", 1)[-1].casefold() != "country" or not values:
            continue  # other properties are not used for scoring
        wanted = {c for c in (_country(index, base, v) for v in values) if c}
        have = index.country_of(hit.iri)
        if wanted and have:
            score += COUNTRY_BOOST if have in wanted else -COUNTRY_BOOST
    return max(0.0, min(100.0, score))


def _type_ref(index: NameIndex, type_: str) -> dict[str, str]:
    return {"id": type_, "name": index.type_labels.get(type_, type_)}


def reconcile_one(index: NameIndex, base: str, q: Query) -> list[dict[str, Any]]:
    try:
        hits = index.search(q.query, q.types)
    except BadInput:  # nothing searchable in it ("..."): no candidates, the rest of the batch goes on
        return []
    scored = sorted(((round(_score(index, base, q, h), 2), h) for h in hits),
                    key=lambda sh: (-sh[0], sh[1].label.casefold(), sh[1].iri))[:q.limit]
    out = []
    for i, (score, h) in enumerate(scored):
        runner_up = scored[i + 1][0] if i + 1 < len(scored) else 0.0
        match = i == 0 and h.exact and score - runner_up >= MATCH_MARGIN
        out.append({"id": entity_id(base, h.iri), "name": h.label, "type": [_type_ref(index, h.type)],
                    "score": score, "match": match, "description": f"matched {h.matched!r}"})
    return out


def reconcile(index: NameIndex, base: str, queries: dict[str, Query]) -> dict[str, dict[str, Any]]:
    """Candidates for each query of a batch, best first."""
    return {key: {"result": reconcile_one(index, base, q)} for key, q in queries.items()}


def suggest_entities(index: NameIndex, base: str, prefix: str | None, type_: str | None = None,
                     cursor: int = 0) -> dict[str, Any]:
    """Autocomplete for the entity suggest service: names that start with, or come close to, `prefix`."""
    if prefix is None or not prefix.strip():
        raise BadInput("the prefix parameter is required")
    if cursor < 0:
        raise BadInput("cursor must be 0 or more")
    checked = check_type(type_)
    hits = index.search(prefix, {checked} if checked else None, prefix=True)[cursor:cursor + SUGGEST_PAGE]
    return {"result": [{"id": entity_id(base, h.iri), "name": h.label,
                        "description": _describe(index, h.iri), "notable": [_type_ref(index, h.type)]}
                       for h in hits]}


def _describe(index: NameIndex, iri: str) -> str:
    info = index.entities[iri]
    country = index.country_of(iri)
    where = f" of {index.entities[country].label}" if country and country != iri else ""
    return f"{index.type_labels.get(info.type, info.type)}{where}"


def preview_html(index: NameIndex, base: str, ident: str | None) -> str:
    """A small HTML card for one entity: label, type, country, aliases, IRI."""
    if not ident:
        raise BadInput("the id parameter is required")
    iri = entity_iri(base, ident)
    if iri not in index.entities:
        raise NotFound(f"no entity {iri}")
    info = index.entities[iri]
    aliases = sorted({n.text for n in index.names_of.get(iri, []) if n.text != info.label}, key=str.casefold)
    e = html.escape
    alias_html = f"<p>Also: {e(', '.join(aliases[:12]))}</p>" if aliases else ""
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
        f"{e(info.label)}</title></head>"
        "<body style=\"font-family:sans-serif;font-size:13px;margin:6px\">"
        f"<h3 style=\"margin:0 0 4px\"><a href=\"{e(iri)}\" target=\"_blank\">{e(info.label)}</a></h3>"
        f"<p style=\"margin:0 0 4px;color:#555\">{e(_describe(index, iri))}</p>{alias_html}"
        f"<p style=\"margin:0;color:#888\">{e(iri)}</p></body></html>"
    )
