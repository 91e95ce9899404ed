"""Plain server-rendered HTML for described resources and vocabularies: no scripts, no external assets.

Links to IRIs the server answers for are made local (`/entity/x`, `/ns#Class`, `/tactics#name`) so a
browser can walk the graph; other IRIs link out as they are.
"""
from __future__ import annotations

from collections.abc import Iterable
from html import escape

import pyoxigraph as ox

from kg.describe import LABELS, Description, VocabularyTerm
from kg.vocab import KGO, NIF, PREFIXES, RDF, TACTICS

FORMATS = (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("rdf", "RDF/XML"), ("html", "HTML"))
_STYLE = ("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}"
          "table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #ddd;padding:.3rem;"
          "text-align:left;vertical-align:top}th{width:14rem;font-weight:normal;color:#555}"
          ".iri{color:#777;font-size:.85em;word-break:break-all}")


def href(iri: str, base: str) -> str:
    """Where a browser should go for an IRI: local for what this server publishes."""
    if iri.startswith(base):
        return "/" + iri[len(base):]
    if iri.startswith(KGO):
        return "/ns#" + iri[len(KGO):]
    if iri.startswith(TACTICS):
        return "/tactics#" + iri[len(TACTICS):]
    return iri


_SHORT = {**PREFIXES, "void": "http://rdfs.org/ns/void#", "foaf": "http://xmlns.com/foaf/0.1/"}


def short(iri: str) -> str:
    """prefix:local for known vocabularies, else the IRI."""
    for prefix, ns in _SHORT.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style>'
            f"</head><body>\n{body}\n</body></html>\n")


def format_links(path: str, names: Iterable[tuple[str, str]] = FORMATS) -> str:
    links = " · ".join(f'<a href="{escape(path)}?format={f}">{label}</a>' for f, label in names)
    return f"<p>Also as: {links}</p>"


def _term(desc: Description, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, base: str) -> str:
    if isinstance(term, ox.Literal):
        lang = f' <small lang="{escape(term.language)}">@{escape(term.language)}</small>' if term.language else ""
        return f"{escape(term.value)}{lang}"
    if isinstance(term, ox.NamedNode):
        label = desc.label(term.value)
        local = term.value.startswith(base)
        text = escape(label or (href(term.value, base) if local else short(term.value)))
        return f'<a href="{escape(href(term.value, base))}">{text}</a>'
    return escape(str(term))


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def _predicate(desc: Description, iri: str, base: str) -> str:
    return f'<a href="{escape(href(iri, base))}">{escape(short(iri))}</a>'


_QUIET = {*LABELS, NIF + "anchorOf"}


def resource_page(desc: Description, base: str, path: str) -> str:
    """A resource: its label and types, its properties, what links to it, and the nodes it owns (counts)."""
    label = desc.label(desc.iri) or href(desc.iri, base)
    types = ", ".join(_term(desc, ox.NamedNode(t), base) for t in desc.types(desc.iri)) or "resource"
    own = [(_predicate(desc, t.predicate.value, base), _term(desc, t.object, base)) for t in desc.triples
           if getattr(t.subject, "value", None) == desc.iri and t.predicate.value != RDF + "type"]
    parts = [f"<h1>{escape(label)}</h1>", f'<p class="iri">{escape(desc.iri)}</p>', f"<p>A {types}</p>",
             format_links(path), _table(own)]
    incoming = [(_term(desc, t.subject, base), _predicate(desc, t.predicate.value, base)) for t in desc.triples
                if isinstance(t.object, ox.NamedNode) and t.object.value == desc.iri]
    if incoming:
        more = " (the first ones; ask the SPARQL endpoint for all)" if desc.truncated else ""
        parts += [f"<h2>Links to it{more}</h2>", _table(incoming)]
    owned = sorted({t.subject.value for t in desc.triples if isinstance(t.subject, ox.NamedNode)
                    and t.subject.value != desc.iri and t.predicate.value not in _QUIET
                    and not (isinstance(t.object, ox.NamedNode) and t.object.value == desc.iri)})
    for node in owned:
        rows = [(_predicate(desc, t.predicate.value, base), _term(desc, t.object, base)) for t in desc.triples
                if getattr(t.subject, "value", None) == node]
        parts += [f'<h2><a href="{escape(href(node, base))}">{escape(short(node))}</a></h2>', _table(rows)]
    return page(label, "\n".join(parts))


def vocabulary_page(title: str, iri: str, intro: str, terms: list[VocabularyTerm], path: str) -> str:
    """A readable list of a vocabulary's terms, each with an anchor so `/ns#Term` lands on it."""
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(iri)}</p>', f"<p>{escape(intro)}</p>",
             format_links(path)]
    for kind in dict.fromkeys(t.kind for t in terms):
        parts.append(f"<h2>{escape(kind)}</h2><dl>")
        for t in (t for t in terms if t.kind == kind):
            local = t.iri.rsplit("#", 1)[-1]
            parts.append(f'<dt id="{escape(local)}"><b>{escape(t.label or local)}</b> '
                         f'<span class="iri">{escape(short(t.iri))}</span></dt><dd>{escape(t.comment)}</dd>')
        parts.append("</dl>")
    return page(title, "\n".join(parts))


def error_page(status: int, message: str) -> str:
    return page(f"{status}", f"<h1>{status}</h1><p>{escape(message)}</p><p><a href=\"/docs\">API docs</a></p>")
