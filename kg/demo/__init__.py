"""Bundled demo corpus: short articles written by the project on public takedown facts."""
