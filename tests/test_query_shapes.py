"""Query-shape traps: no named query uses an alternative property path (`p1|p2`). Issue 7's trials ran such a
label lookup 20 to 86 times slower than `VALUES ?p { p1 p2 }`; bench/queries_scale.py keeps both shapes (and
found the reverse in a join), so a path in a named query has to come with its own measurement."""
from __future__ import annotations

import re

from kg.queries import named_queries
from kg.stores import open_store
from tests.conftest import BASE, Location

_IRI = re.compile(r"<[^<>\s]*>")
_STRING = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_COMMENT = re.compile(r"#[^\n]*")


def alternative_paths(sparql: str) -> list[str]:
    """The `a|b` property paths in a query: IRIs and strings are blanked first (they may hold `|` or `#`), then
    comments, then the `||` operator; any `|` left is a path alternative. Returns the lines that hold one."""
    code = _IRI.sub("<>", sparql)
    code = _STRING.sub('""', code)
    code = _COMMENT.sub("", code)
    code = code.replace("||", "  ")
    return [line.strip() for line in code.splitlines() if "|" in line]


def test_the_lint_finds_an_alternative_path_and_ignores_separators_operators_and_iris() -> None:
    assert alternative_paths('SELECT ?e WHERE { ?e skos:prefLabel|skos:altLabel "x" }')
    assert alternative_paths("SELECT ?e WHERE { ?e (<http://a/p> | <http://a/q>)/<http://a/r> ?x }")
    assert not alternative_paths('SELECT (GROUP_CONCAT(?l; separator="|") AS ?ls) WHERE { ?e <http://a#p> ?l '
                                 "FILTER(!BOUND(?x) || ?l = 'a|b') } # p|q in a comment")


def test_no_named_query_uses_an_alternative_property_path() -> None:
    found = {name: alternative_paths(q.text) for name, q in named_queries().items()}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_values_over_predicates_answers_what_the_alternative_path_answers(seeded_store_dir: Location) -> None:
    """The rewrite the lint asks for keeps the answer: every entity named by any of its labels."""
    skos = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    path = skos + "SELECT ?e ?l WHERE { ?e skos:prefLabel|skos:altLabel|skos:hiddenLabel ?l }"
    values = skos + "SELECT ?e ?l WHERE { VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel } ?e ?p ?l }"
    with open_store(seeded_store_dir, BASE) as store:
        by_path = {(r["e"].value, r["l"].value) for r in store.query(path)}  # type: ignore[index, union-attr]
        by_values = {(r["e"].value, r["l"].value) for r in store.query(values)}  # type: ignore[index, union-attr]
    assert len(by_path) > 3000
    assert by_path == by_values
