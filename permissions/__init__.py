"""Who may see and do what: pure rules over the viewer, and SQL predicates loaders apply."""
