"""Jinja2 templates of the web pages, with autoescaping on and a few filters the pages share."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.html import href as local_href

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent.parent / "static"

ENTITY_TYPES = ("State", "StateAgency", "Group", "Company", "ResearchOrg", "MediaOutlet", "Person", "Channel",
                "Platform", "Location", "Organization")
"""Classes with a highlight colour (t-<Type> in the stylesheet); others get a neutral one."""


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["tclass"] = lambda t: f"t-{t}" if t in ENTITY_TYPES else "t-Other"
    env.filters["words"] = lambda s: (s or "").replace("_", " ")
    return env


def render(template: str, base: str, **context: Any) -> str:
    """One page; `href` turns an IRI into this server's local link."""
    return environment().get_template(template).render(base=base, href=lambda iri: local_href(iri, base),
                                                       **context)
