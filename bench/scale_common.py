"""What the scale benchmarks share: `oxigraph serve` over a cached store, timing, and the results file."""
from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# One way to start `oxigraph serve`, shared with the tests (that module imports nothing from pytest).
from tests.oxigraph_server import OxigraphServer, free_port, wait_for_port

__all__ = ["exponent", "free_port", "oxigraph_server", "percentile", "save", "table", "wait_for_port"]

RESULTS = Path(__file__).resolve().parent / "results" / "scale.json"


@contextmanager
def oxigraph_server(folder: Path, read_only: bool = True) -> Iterator[str]:
    """The Rust server (PyPI package oxigraph) over folder on a free loopback port; yields its URL."""
    server = OxigraphServer(folder, read_only=read_only, ready_timeout=60.0)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1): with fewer than 100 samples p99 is the slowest one."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1))]


def exponent(small: float, large: float, n_small: float, n_large: float) -> float | None:
    """The log-log slope of a cost between two corpus sizes (1.0: linear in the corpus)."""
    if small <= 0 or large <= 0:
        return None
    return round(math.log(large / small) / math.log(n_large / n_small), 2)


def save(section: str, data: Any) -> None:
    """Write one section of bench/results/scale.json, keeping the others."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    current[section] = data
    RESULTS.write_text(json.dumps(current, indent=2) + "\n")


def table(headers: list[str], rows: list[list[Any]]) -> str:
    cells = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
