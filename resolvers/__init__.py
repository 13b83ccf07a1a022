"""How each field is fetched: root queries, mutations and per-request DataLoaders."""
