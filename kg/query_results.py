"""SPARQL SELECT results written from a list of solutions, so a result cut at the row limit can say so.

pyoxigraph serialises only a live `QuerySolutions` iterator, whole; a cut list needs our own writers. They
follow the W3C formats (JSON, XML, CSV, TSV) and give the same answers as pyoxigraph's (a test checks).
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = Sequence[Term | None]

XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE = {XSD + "integer": re.compile(r"[+-]?\d+"), XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
         XSD + "double": re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+"),
         XSD + "boolean": re.compile(r"true|false")}


def write_solutions(variables: Sequence[str], rows: Sequence[Row], fmt: ox.QueryResultsFormat,
                    truncated: bool = False) -> bytes:
    """Rows (one term or None per variable) in the results format; JSON carries `"truncated": true` when cut."""
    if fmt == ox.QueryResultsFormat.JSON:
        return _json(variables, rows, truncated)
    if fmt == ox.QueryResultsFormat.XML:
        return _xml(variables, rows)
    if fmt == ox.QueryResultsFormat.CSV:
        lines = [",".join(variables)] + [",".join(_csv(t) for t in row) for row in rows]
        return "".join(line + "\r\n" for line in lines).encode()
    if fmt == ox.QueryResultsFormat.TSV:
        lines = ["\t".join("?" + v for v in variables)] + ["\t".join(_tsv(t) for t in row) for row in rows]
        return "".join(line + "\n" for line in lines).encode()
    raise ValueError(f"unsupported results format {fmt}")


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:
                out["its:dir"] = str(term.direction.value if hasattr(term.direction, "value") else term.direction)
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _json(variables: Sequence[str], rows: Sequence[Row], truncated: bool) -> bytes:
    bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    doc: dict[str, Any] = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    if truncated:
        doc["truncated"] = True
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != XSD + "string":
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def _xml(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    results = "".join(
        "<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                             for v, t in zip(variables, row) if t is not None) + "</result>"
        for row in rows)
    return (f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>{head}</head>'
            f"<results>{results}</results></sparql>").encode()


def _csv(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = "_:" + term.value
    elif isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    else:
        text = str(term)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in '",\r\n') else text


def _tsv(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language:
        bare = _BARE.get(term.datatype.value)
        if bare is not None and bare.fullmatch(term.value):
            return term.value
    return str(term)  # N-Triples form: tabs and line breaks inside literals are escaped
