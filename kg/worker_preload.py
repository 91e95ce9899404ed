"""Imported by the forkserver of `kg ingest --workers N`: the spaCy pipeline is built once, in the server,
and every worker forked from it starts with it ready (copy-on-write) instead of building its own."""
from extractors.pipeline import default_pipeline

default_pipeline()
