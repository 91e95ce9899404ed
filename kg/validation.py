"""SHACL validation of the store's graphs against the shipped shapes."""
from __future__ import annotations

from dataclasses import dataclass

import rdflib

import ontology
from kg.formats import RDF_FORMATS
from kg.stores import Store


@dataclass
class ValidationReport:
    conforms: bool
    text: str
    graphs: int


def validate(store: Store) -> ValidationReport:
    """Validate every article graph together with the entities and the ontology."""
    data = rdflib.Graph()
    data.parse(data=store.dump(RDF_FORMATS["ntriples"]).decode("utf-8"), format="nt")
    shapes = rdflib.Graph().parse(str(ontology.path("shapes.ttl")), format="turtle")
    from pyshacl import validate as shacl

    conforms, _, text = shacl(data, shacl_graph=shapes, inference="rdfs", abort_on_first=False,
                              allow_warnings=True)
    return ValidationReport(bool(conforms), str(text), len(store.article_graphs()))


