"""Extraction quality, scored by the shared scorer exactly as the README reports it.

The floors sit a little under the measured figures: they catch a regression, not noise.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SHARED, run_kg

SETS = {
    "seeds": (SHARED / "eval" / "seeds_gold.jsonl", SHARED / "seeds"),
    "dev": (ROOT / "tests" / "devset" / "gold.jsonl", ROOT / "tests" / "devset" / "articles"),
    "blind1": (ROOT / "tests" / "heldout" / "gold.jsonl", ROOT / "tests" / "heldout" / "articles"),
    "blind2": (ROOT / "tests" / "blind2" / "gold.jsonl", ROOT / "tests" / "blind2" / "articles"),
    "blind3": (ROOT / "tests" / "blind3" / "gold.jsonl", ROOT / "tests" / "blind3" / "articles"),
}
FLOORS = {  # entity F1, type accuracy, resolution B3 F1, attribution F1, takedown F1
    "seeds": (0.95, 0.95, 0.97, 0.9, 0.95),
    "dev": (0.95, 0.95, 0.97, 0.7, 0.9),
    "blind1": (0.93, 0.94, 0.97, 0.6, 0.9),
    "blind2": (0.95, 0.95, 0.97, 0.65, 0.9),
    "blind3": (0.94, 0.95, 0.97, 0.58, 0.75),
}


def _score(name: str) -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold, folder = SETS[name]
    r = run_kg("extract", *sorted(str(p) for p in Path(folder).glob("*.txt")), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    system = [json.loads(line) for line in r.stdout.splitlines()]
    result: dict[str, Any] = scorer.score(scorer.load_jsonl(str(gold)), system)
    return result


@pytest.mark.parametrize("name", list(SETS))
def test_extraction_quality_holds(name: str) -> None:
    r = _score(name)
    ent, typ, b3, attr, td = FLOORS[name]
    assert r["missing_documents"] == []
    assert r["entity_f1"] >= ent, r["entity_f1"]
    assert r["type_accuracy"] >= typ, r["type_accuracy"]
    assert r["resolution_b3"]["f"] >= b3, r["resolution_b3"]
    assert r["attribution"]["f"] >= attr, r["attribution"]
    assert r["takedown_counts"]["f"] >= td, r["takedown_counts"]
