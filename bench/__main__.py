"""Run every benchmark."""
from __future__ import annotations

import runpy
import sys

for module in ("bench.extraction", "bench.resolution", "bench.ingest", "bench.query_cost", "bench.api",
               "bench.load", "bench.queries_scale", "bench.http_scale"):
    print(f"== {module}", flush=True)
    try:
        sys.argv = [module]
        runpy.run_module(module, run_name="__main__")
    except ModuleNotFoundError as exc:
        print(f"skipped: {exc}")
