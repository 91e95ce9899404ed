"""Knowledge graph of state-backed influence operations: extraction, resolution, storage, queries."""

__version__ = "0.1.0"
