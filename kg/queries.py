"""Named queries (queries/*.rq with a comment header) and running SPARQL with typed, bound parameters.

A named query declares its parameters in its header, one line each:

    # param: actor (entity, required) - the actor
    # param: since (date, optional, default 2020-01-01) - only what changed on or after this day

A value is checked against its type and turned into an RDF term by pyoxigraph; the terms are joined
into the query as one `VALUES` row at the top of its outer WHERE group, so the user's text is never
pasted into the query and an absent optional parameter simply leaves its variable unbound.
(pyoxigraph's `substitutions` would need every parameter in the SELECT projection, which aggregate
queries cannot always do, and `BOUND()` does not see substituted variables.)
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import BadInput, NotFound
from kg.stores import Store
from kg.vocab import KGO, PREFIXES, TACTICS

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_HEADER = re.compile(r"^#\s*(title|description):\s*(.*)$")
_PARAM = re.compile(r"^#\s*param:\s*([A-Za-z_]\w*)\s*\(([^)]*)\)\s*(?:-\s*(.*))?$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9+._-]*$")
_XSD = "http://www.w3.org/2001/XMLSchema#"
ENTITY_CLASSES = ("State", "StateAgency", "Group", "Company", "ResearchOrg", "MediaOutlet", "Person",
                  "Channel", "Platform", "Location", "Organization")
STANCES = ("Asserted", "Hedged", "Denied")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    description: str

    def summary(self) -> str:
        default = f", default {self.default}" if self.default else ""
        how = "required" if self.required else "optional" + default
        return f"{self.name} ({self.type}, {how})"

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "required": self.required, "default": self.default,
                "description": self.description}


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    @property
    def parameters(self) -> str:
        """The parameters in one line, for listings."""
        return "; ".join(p.summary() for p in self.params) or "none"

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "parameters": [p.as_dict() for p in self.params]}


# ---------------------------------------------------------------------- parameter types


def _iri(value: str) -> ox.NamedNode:
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    m = re.match(r"^([a-z]+):(\w[\w-]*)$", v)
    if m and m.group(1) in PREFIXES:
        v = PREFIXES[m.group(1)] + m.group(2)
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S", v):
        raise BadInput(f"{value!r} is not an absolute IRI")
    try:
        return ox.NamedNode(v)
    except ValueError as exc:
        raise BadInput(f"{value!r} is not a valid IRI: {exc}") from None


def _entity(store: Store, value: str) -> ox.NamedNode:
    """A slug (`kgb-of-belarus`) or an IRI; a merged-away entity answers as the one it became."""
    from kg.resolution.decisions import current_iri

    v = value.strip()
    node = ox.NamedNode(f"{store.base}entity/{v}") if _SLUG.match(v) else _iri(v)
    return ox.NamedNode(current_iri(store, node.value))


def _typed_entity(cls: str) -> Callable[[Store, str], Term]:
    def convert(store: Store, value: str) -> Term:
        node = _entity(store, value)
        rows = store.query("SELECT ?e ?c WHERE { ?e a ?c }",
                           {ox.Variable("e"): node, ox.Variable("c"): ox.NamedNode(KGO + cls)})
        if not list(rows):  # type: ignore[arg-type]
            raise BadInput(f"{value!r} is not a known {cls} (give its slug, e.g. from /actors, or its IRI)")
        return node
    return convert


def _date(store: Store, value: str) -> Term:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode(_XSD + "date"))


def _integer(store: Store, value: str) -> Term:
    if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
        raise BadInput(f"{value!r} is not an integer")
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))


def _string(store: Store, value: str) -> Term:
    if len(value) > 1000:
        raise BadInput("a string parameter is at most 1000 characters")
    return ox.Literal(value)


def _choice(namespace: str, choices: tuple[str, ...]) -> Callable[[Store, str], Term]:
    by_lower = {c.lower(): c for c in choices}

    def convert(store: Store, value: str) -> Term:
        v = value.strip().removeprefix(namespace).removeprefix("kgo:")
        if v.lower() not in by_lower:
            raise BadInput(f"{value!r} is not one of {', '.join(choices)}")
        return ox.NamedNode(namespace + by_lower[v.lower()])
    return convert


def _tactic(store: Store, value: str) -> Term:
    v = value.strip()
    v = v[len(TACTICS):] if v.startswith(TACTICS) else v.removeprefix("kgt:")
    if not _SLUG.match(v):
        raise BadInput(f"{value!r} is not a tactic slug such as fake-personas")
    return ox.NamedNode(TACTICS + v)


TYPES: dict[str, Callable[[Store, str], Term]] = {
    "iri": lambda store, value: _iri(value),
    "entity": _entity,
    "platform": _typed_entity("Platform"),
    "state": _typed_entity("State"),
    "date": _date,
    "integer": _integer,
    "string": _string,
    "stance": _choice(KGO, STANCES),
    "class": _choice(KGO, ENTITY_CLASSES),
    "tactic": _tactic,
}
"""Parameter types: each checks a value and turns it into an RDF term (or raises BadInput)."""


# ---------------------------------------------------------------------- loading


def _parse_param(name: str, m: re.Match[str]) -> Param:
    bits = [b.strip() for b in m.group(2).split(",")]
    ptype = bits[0].lower()
    if ptype not in TYPES:
        raise ValueError(f"query {name}: parameter {m.group(1)} has unknown type {ptype!r}")
    default = next((b[len("default"):].strip() for b in bits[1:] if b.startswith("default ")), None)
    return Param(m.group(1), ptype, "required" in bits[1:], default, (m.group(3) or "").strip())


def _parse(name: str, text: str) -> NamedQuery:
    meta = {"title": name, "description": ""}
    params: list[Param] = []
    for line in text.splitlines():
        s = line.strip()
        if m := _HEADER.match(s):
            meta[m.group(1)] = m.group(2).strip()
        elif m := _PARAM.match(s):
            params.append(_parse_param(name, m))
    return NamedQuery(name, meta["title"], meta["description"], tuple(params), text)


def named_queries() -> dict[str, NamedQuery]:
    folder = resources.files("queries")
    out = {}
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if f.name.endswith(".rq"):
            name = f.name[:-3]
            out[name] = _parse(name, f.read_text(encoding="utf-8"))
    return out


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise NotFound(f"no named query {name!r}; named queries: {', '.join(queries)}")
    return queries[name]


# ---------------------------------------------------------------------- binding


def bind_values(store: Store, query: NamedQuery, params: Mapping[str, str]) -> dict[str, Term]:
    """Each declared parameter's value checked against its type; defaults filled in; unknown names refused."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise BadInput(f"unknown parameter(s) {', '.join(unknown)} for query {query.name}; "
                       f"allowed: {allowed}")
    out: dict[str, Term] = {}
    for p in query.params:
        value = params.get(p.name)
        if value is None or value == "":
            if p.required:
                raise BadInput(f"query {query.name} needs the parameter {p.name} ({p.type}): {p.description}")
            value = p.default
        if value is not None:
            try:
                out[p.name] = TYPES[p.type](store, value)
            except BadInput as exc:
                raise BadInput(f"parameter {p.name}: {exc.message}") from None
    return out


def with_values(text: str, values: Mapping[str, Term]) -> str:
    """The query with one VALUES row for the bound variables at the top of its outer WHERE group.

    Only pyoxigraph terms are written, as their N-Triples form (escaped by pyoxigraph).
    """
    if not values:
        return text
    # Comment lines are blanked (same length) so a "WHERE {" in the header is never taken for the query's.
    code = "\n".join(" " * len(line) if line.lstrip().startswith("#") else line for line in text.split("\n"))
    m = _WHERE.search(code)
    if m is None:
        raise BadInput("the query has no WHERE { ... } group to bind parameters into")
    names = " ".join(f"?{k}" for k in values)
    row = " ".join(str(v) for v in values.values())
    return f"{text[:m.end()]}\n  VALUES ({names}) {{ ({row}) }}\n{text[m.end():]}"


def prepare(store: Store, name: str, params: Mapping[str, str] | None = None) -> str:
    """The text of a named query with its parameters bound, ready to run."""
    query = named_query(name)
    return with_values(query.text, bind_values(store, query, params or {}))


# ---------------------------------------------------------------------- ad-hoc queries


def query_text(spec: str) -> str:
    """A query given as text, as a path to a .rq file, or as the name of a named query."""
    queries = named_queries()
    if spec in queries:
        return queries[spec].text
    if spec.endswith(".rq"):
        path = Path(spec)
        if not path.is_file():
            raise NotFound(f"no query file {spec}")
        return path.read_text(encoding="utf-8")
    if re.match(r"^\s*[\w-]+\s*$", spec):
        raise NotFound(f"no named query {spec!r}; named queries: {', '.join(queries)}")
    return spec


def term(value: str) -> ox.NamedNode | ox.Literal:
    """An untyped parameter value for an ad-hoc query: <iri>, prefix:local, an http(s) IRI, or a literal."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">") or re.match(r"^https?://", v) or \
            re.match(r"^([a-z]+):(\w[\w-]*)$", v) and v.split(":", 1)[0] in PREFIXES:
        return _iri(v)
    return ox.Literal(v)


def bindings(params: Mapping[str, str]) -> dict[ox.Variable, Term]:
    out: dict[ox.Variable, Term] = {}
    for k, v in params.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", k):
            raise BadInput(f"bad parameter name {k!r}")
        out[ox.Variable(k)] = term(v)
    return out


def run(store: Store, spec: str, params: Mapping[str, str] | None = None
        ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """A named query with typed parameters, or ad-hoc SPARQL (text or .rq file) with values substituted."""
    if spec in named_queries():
        return store.query(prepare(store, spec, params))
    return store.query(query_text(spec), bindings(params or {}) or None)
