"""The GraphQL surface: types, inputs, enums and directives. Declarations only; fields
delegate to ``resolvers``.

Resolvers return database rows (``db.models``), not instances of these types: a field with a
resolver is annotated with what the resolver returns and names its GraphQL type with
``graphql_type``, as the root fields do."""
