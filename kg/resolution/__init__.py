"""Mentions to entities: gazetteer linking first, then new entities with stable, readable IRIs."""
from kg.resolution.linker import Resolved, Resolver, normalise, slugify

__all__ = ["Resolved", "Resolver", "normalise", "slugify"]
