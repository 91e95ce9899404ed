"""Run every benchmark (`make bench`): each in its own process, its tables printed as it goes, its results
in bench/results/; a summary of how long each took comes last and goes to bench/results/summary.json.

    python -m bench [--only ingest http_scale ...] [--skip load ...]

The arguments below keep the whole run under 20 minutes on the 2-core machine the README names, building
the 1M- and 10M-quad stores included (they are cached in bench/.cache/ for later runs). Each module runs on
its own with its defaults or other arguments: `python -m bench.ingest --help`.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

STEPS: list[tuple[str, list[str]]] = [
    ("extraction", ["--words", "500000"]),
    ("resolution", []),
    ("ingest", ["--sizes", "1000", "10000", "100000", "--workers", "1", "2", "--largest-workers", "2"]),
    ("query_cost", []),
    ("api", []),
    ("load", ["--seconds", "20"]),
    ("queries_scale", ["--budget", "0.5", "--slow", "3"]),
    ("http_scale", []),
]
RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, object]:
    return {"cpus": len(os.sched_getaffinity(0)), "platform": platform.platform(),
            "python": platform.python_version(), "pyoxigraph": version("pyoxigraph"), "spacy": version("spacy"),
            "dedupe": version("dedupe")}


def main() -> None:
    names = [name for name, _ in STEPS]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="+", choices=names, metavar="NAME", help=f"of: {', '.join(names)}")
    ap.add_argument("--skip", nargs="+", choices=names, metavar="NAME", default=[])
    args = ap.parse_args()
    chosen = [(n, a) for n, a in STEPS if (not args.only or n in args.only) and n not in args.skip]
    started = time.perf_counter()
    timings: list[dict[str, object]] = []
    for name, extra in chosen:
        command = [sys.executable, "-m", f"bench.{name}", *extra]
        print(f"\n== bench.{name} {' '.join(extra)}".rstrip(), flush=True)
        t = time.perf_counter()
        code = subprocess.run(command, check=False).returncode
        timings.append({"benchmark": name, "arguments": extra, "seconds": round(time.perf_counter() - t, 1),
                        "exit_code": code})
    total = round(time.perf_counter() - started, 1)
    print("\n== summary")
    for t in timings:
        status = "" if t["exit_code"] == 0 else f"  FAILED (exit {t['exit_code']})"
        print(f"  {t['benchmark']:<14} {t['seconds']:>7} s{status}")
    print(f"  {'total':<14} {total:>7} s ({total / 60:.1f} min)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(),
               "total_seconds": total, "benchmarks": timings}
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    if any(t["exit_code"] for t in timings):
        sys.exit(1)


if __name__ == "__main__":
    main()
