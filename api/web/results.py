"""SPARQL JSON results turned into a table a template can show: cells with text and, for IRIs, a link."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from api.html import href


@dataclass
class Cell:
    text: str
    href: str | None = None


@dataclass
class ResultTable:
    vars: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    boolean: bool | None = None
    downloads: list[tuple[str, str]] = field(default_factory=list)


def _cell(term: dict[str, Any] | None, base: str) -> Cell:
    if term is None:
        return Cell("")
    value = str(term.get("value", ""))
    if term.get("type") == "uri":
        return Cell(value, href(value, base))
    return Cell(value)


def result_table(body: bytes, base: str) -> ResultTable:
    """A table from an application/sparql-results+json body."""
    doc = json.loads(body)
    if "boolean" in doc:
        return ResultTable(boolean=bool(doc["boolean"]))
    names = list(doc.get("head", {}).get("vars", []))
    rows = [[_cell(b.get(v), base) for v in names] for b in doc.get("results", {}).get("bindings", [])]
    return ResultTable(vars=names, rows=rows)
