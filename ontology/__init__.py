"""The OWL ontology, SHACL shapes, tactics scheme and gazetteer, shipped as Turtle files."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

NS = "https://w3id.org/influence-kg/ns#"


def path(name: str) -> Path:
    """Filesystem path of one shipped Turtle file."""
    return Path(str(resources.files(__name__).joinpath(name)))


def gazetteer_paths() -> list[Path]:
    """The gazetteer files, in a fixed order."""
    folder = Path(str(resources.files(__name__)))
    return sorted(folder.glob("gazetteer_*.ttl"))
