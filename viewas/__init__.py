"""viewas: a people-platform GraphQL API with safe, read-only impersonation."""
