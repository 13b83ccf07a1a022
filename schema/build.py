"""The executable schema: types, root operations and the per-operation extensions."""

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.error_codes import ErrorCodes
from schema.guards import (
    AccessGate,
    MaskUnexpectedErrors,
    ReadOnlyImpersonation,
    RefuseUnstorableText,
    is_unexpected,
)
from schema.mutation import Mutation
from schema.query import Query
from schema.sensitive import apply_redaction

log = logging.getLogger("viewas.errors")


class ViewasSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log unexpected errors in full (the client only sees them masked)."""
        for error in errors:
            if is_unexpected(error):
                log.error(
                    "unexpected error at %s: %s",
                    ".".join(map(str, error.path or [])),
                    error.message,
                    exc_info=error.original_error,
                )


def build_schema(*, max_batch_operations: int = 10, **extra: Any) -> ViewasSchema:
    apply_redaction(Query)
    return ViewasSchema(
        query=Query,
        mutation=Mutation,
        # Classes, not instances: each operation gets its own, so no state is shared.
        extensions=[
            # Parsing and validation depend on the document alone, never on the viewer:
            # their caches are process-wide by design (bounded LRU, keyed by the text).
            ParserCache,
            ValidationCache,
            AccessGate,
            ReadOnlyImpersonation,
            RefuseUnstorableText,
            MaskUnexpectedErrors,
            ErrorCodes,
        ],
        config=StrawberryConfig(batching_config={"max_operations": max_batch_operations}),
        **extra,
    )
