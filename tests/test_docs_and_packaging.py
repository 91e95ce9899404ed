"""The README documents every setting, command and named query; the package ships its data files."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx

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
                   "kg/demo/articles/demo.jsonl", "extractors/data/given_names.txt",
                   "api/static/vendor/cytoscape/cytoscape.min.js", "api/web/templates/entity.html"):
        assert needed in names, needed


def _tour_requests() -> list[tuple[str, str | None]]:
    """The GET requests of the README's tour: (path and query, Accept header or None)."""
    tour = README[README.index("## A one-minute tour"):README.index("## What is in the graph")]
    out = []
    for line in tour.splitlines():
        m = re.search(r"curl -s (?:-o \S+ )?(?:-H '(Accept: [^']+)' )?'http://127\.0\.0\.1:8000(/[^']+)'", line)
        if m:
            out.append((m.group(2), m.group(1)[len("Accept: "):] if m.group(1) else None))
    return out


def test_the_readme_tour_works_on_the_seeds(server: str) -> None:
    requests = _tour_requests()
    assert len(requests) >= 7
    for path, accept in requests:
        r = httpx.get(server + path, headers={"Accept": accept} if accept else {})
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        assert r.content, path
    kgb = httpx.get(server + "/actors/kgb-of-belarus/relationships").json()
    assert "Meta" in json.dumps(kgb)
    rows = httpx.get(server + "/queries/state_agency_operations", params={"state": "belarus"},
                     headers={"Accept": "text/csv"}).text
    assert "KGB" in rows
