"""Every error a client sees carries ``extensions.code``, graphql-core's own included."""

from collections.abc import Iterator

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
INTERNAL = "INTERNAL_SERVER_ERROR"


class ErrorCodes(SchemaExtension):
    """Names the errors graphql-core raises without a code: syntax, validation, variable
    values that do not fit their types, and results that broke the schema's promises."""

    def __init__(self) -> None:
        self._validation_errors: set[int] = set()

    def on_validate(self) -> Iterator[None]:
        yield
        self._validation_errors = {id(e) for e in self.execution_context.pre_execution_errors or []}

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": self._code_for(error)}

    def _code_for(self, error: GraphQLError) -> str:
        if isinstance(error, GraphQLSyntaxError):
            return PARSE_FAILED
        if id(error) in self._validation_errors:
            return VALIDATION_FAILED
        if error.path is None:
            return BAD_USER_INPUT  # variables that do not coerce, unknown operation names
        return INTERNAL
