"""REST lookups over GraphStore.query: actors, relationships, operations, takedowns, sources."""
