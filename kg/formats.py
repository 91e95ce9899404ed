"""Serialisation formats by name and by media type, for the CLI and the SPARQL endpoint alike."""
from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.errors import UnsupportedFormat

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
# Media types the SPARQL endpoint serves, best first.
RESULT_MEDIA = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}


def rdf_format(name: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[name.lower()]
    except KeyError:
        raise UnsupportedFormat(f"unknown RDF format {name!r}; use one of {', '.join(RDF_FORMATS)}") from None


def _accepted(accept: str | None) -> list[tuple[str, float]]:
    items = []
    for i, part in enumerate((accept or "*/*").split(",")):
        bits = [b.strip() for b in part.split(";")]
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        items.append((bits[0].lower(), q - i * 1e-6))
    return sorted((x for x in items if x[1] > 0), key=lambda x: -x[1])


def negotiate(accept: str | None, offered: Mapping[str, object], default: str) -> str:
    """The offered media type the Accept header prefers; raises UnsupportedFormat if none fits."""
    for media, _ in _accepted(accept):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            if media == "*/*" or default.startswith(media[:-1]):
                return default
            for m in offered:
                if m.startswith(media[:-1]):
                    return m
    raise UnsupportedFormat(f"none of the accepted media types ({accept}) can be served; "
                            f"offered: {', '.join(offered)}")
