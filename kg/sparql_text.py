"""Keyword checks on SPARQL text, for what pyoxigraph does not let us switch off or inspect.

pyoxigraph exposes no parsed query object, so we look for keywords outside strings, IRIs and
comments. A keyword here is a bare word: variables (?from), prefixed names (ex:from, from:x),
blank node labels and language tags never match.
"""
from __future__ import annotations

import re

from kg.errors import BadInput

_NOT_CODE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                       r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')


def has_keyword(sparql: str, keyword: str) -> bool:
    """Whether the keyword occurs as SPARQL syntax (case-insensitive), not inside a string, IRI or comment."""
    code = _NOT_CODE.sub(" ", sparql)
    return re.search(rf"(?<![?$\w:@-]){re.escape(keyword)}(?![\w:-])", code, re.IGNORECASE) is not None


def declares_dataset(query: str) -> bool:
    """Whether the query names its own dataset with FROM or FROM NAMED."""
    return has_keyword(query, "FROM")


def refuse_remote_query(query: str) -> None:
    """SERVICE would make the server fetch any URL it is given; federated queries are not offered."""
    if has_keyword(query, "SERVICE"):
        raise BadInput("federated queries (SERVICE) are not supported by this endpoint")


def refuse_remote_update(update: str) -> None:
    """LOAD and SERVICE would make the server fetch URLs; load data through the Graph Store Protocol instead."""
    if has_keyword(update, "LOAD"):
        raise BadInput("LOAD is not supported: send the data to /store (Graph Store Protocol) instead")
    refuse_remote_query(update)
