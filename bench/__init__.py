"""Benchmarks: `make bench` runs them all; each reports ratios against a baseline run in the same process."""
