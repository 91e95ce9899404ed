"""The HTTP service: SPARQL 1.1 Protocol endpoint, actor lookups, linked-data exports."""
