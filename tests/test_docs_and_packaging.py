"""The README documents every setting, command and named query; the package ships its data files."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from kg.cli import app
from kg.queries import named_queries
from kg.settings import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme() -> None:
    for name in Settings.model_fields:
        assert f"KG_{name.upper()}" in README, name


def test_every_command_is_in_the_readme() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):
            for sub in cmd.commands:
                assert f"kg {name} {sub}" in README, f"kg {name} {sub}"
        else:
            assert f"kg {name}" in README, name


def test_every_named_query_is_in_the_readme_with_a_header() -> None:
    for q in named_queries().values():
        assert f"`{q.name}`" in README, q.name
        assert q.title != q.name and q.description


def test_the_wheel_ships_ontology_gazetteer_queries_demo_and_model(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("ontology/ontology.ttl", "ontology/shapes.ttl", "ontology/tactics.ttl",
                   "ontology/gazetteer_places.ttl", "ontology/gazetteer_actors.ttl", "queries/takedowns.rq",
                   "kg/demo/articles/demo.jsonl", "extractors/data/given_names.txt"):
        assert needed in names, needed
