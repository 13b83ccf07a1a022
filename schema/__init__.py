"""The GraphQL surface: types, inputs, enums and directives. Declarations only; fields
delegate to ``resolvers``."""
