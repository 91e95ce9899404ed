"""SELECT results as plain dicts of strings: what the export builders aggregate."""
from __future__ import annotations

import pyoxigraph as ox

from kg.stores import Store
from kg.vocab import DCT, KGO, PROV, SKOS

PREFIXES = f"PREFIX kgo: <{KGO}> PREFIX skos: <{SKOS}> PREFIX dcterms: <{DCT}> PREFIX prov: <{PROV}>\n"


def rows(store: Store, sparql: str) -> list[dict[str, str]]:
    """Each solution as {variable: lexical value}, "" for unbound; the prefixes above are declared."""
    result = store.query(PREFIXES + sparql)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in result]
