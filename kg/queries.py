"""Named queries (queries/*.rq with a comment header) and running SPARQL with bound parameters."""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import BadInput, NotFound
from kg.store import GraphStore
from kg.vocab import PREFIXES

_HEADER = re.compile(r"^#\s*(title|description|parameters):\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: str
    text: str


def _parse(name: str, text: str) -> NamedQuery:
    meta = {"title": name, "description": "", "parameters": "none"}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m:
            meta[m.group(1)] = m.group(2).strip()
    return NamedQuery(name, meta["title"], meta["description"], meta["parameters"], text)


def named_queries() -> dict[str, NamedQuery]:
    folder = resources.files("queries")
    out = {}
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if f.name.endswith(".rq"):
            name = f.name[:-3]
            out[name] = _parse(name, f.read_text(encoding="utf-8"))
    return out


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
    """A parameter value: <iri>, prefix:local, an http(s) IRI, or a plain literal."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        return ox.NamedNode(v[1:-1])
    if re.match(r"^https?://", v):
        return ox.NamedNode(v)
    m = re.match(r"^([a-z]+):(\w[\w-]*)$", v)
    if m and m.group(1) in PREFIXES:
        return ox.NamedNode(PREFIXES[m.group(1)] + m.group(2))
    return ox.Literal(v)


def bindings(params: dict[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]:
    out: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {}
    for k, v in params.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", k):
            raise BadInput(f"bad parameter name {k!r}")
        out[ox.Variable(k)] = term(v)
    return out


def run(store: GraphStore, spec: str, params: dict[str, str] | None = None
        ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    return store.query(query_text(spec), bindings(params or {}))
