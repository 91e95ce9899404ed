"""IRIs of the vocabularies the graph uses, and the IRI scheme of what we mint."""
from __future__ import annotations

from pyoxigraph import NamedNode

from ontology import NS

KGO = NS
TACTICS = "https://w3id.org/influence-kg/tactics#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES = {
    "kgo": KGO, "kgt": TACTICS, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "prov": PROV, "nif": NIF,
    "dcterms": DCT, "schema": SCHEMA, "owl": OWL,
}


def kgo(local: str) -> NamedNode:
    return NamedNode(KGO + local)


RDF_TYPE = NamedNode(RDF + "type")


class Graphs:
    """Named graph IRIs under a base."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.ontology = NamedNode(base + "graph/ontology")
        self.entities = NamedNode(base + "graph/entities")
        self.decisions = NamedNode(base + "graph/decisions")

    def article(self, content_hash: str) -> NamedNode:
        return NamedNode(f"{self.base}graph/article/{content_hash[:16]}")

    def article_iri(self, content_hash: str) -> str:
        return f"{self.base}article/{content_hash[:16]}"
