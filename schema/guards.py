"""Schema extensions that judge a whole operation before any resolver runs.

Passed to the schema as classes, so each operation gets fresh instances: nothing one
request decides can leak into another's.
"""

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    Visitor,
    get_operation_ast,
    visit,
)
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.types.graphql import OperationType

from db.enums import ImpersonationOutcome
from resolvers.context import Context
from resolvers.errors import BadUserInput, ImpersonationReadOnly, Unauthenticated, ViewasError


def root_field_names(document: DocumentNode, operation_name: str | None) -> Iterator[str]:
    """Every field the chosen operation selects at its root, through fragments too."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }

    def walk(selections: SelectionSetNode, seen: frozenset[str]) -> Iterator[str]:
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                yield selection.name.value
            elif isinstance(selection, InlineFragmentNode):
                yield from walk(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in seen:
                    yield from walk(fragments[name].selection_set, seen | {name})

    yield from walk(operation.selection_set, frozenset())


def refuse(context: Context, error: ViewasError) -> ExecutionResult:
    """The whole operation's answer when it may not run: one error, no data."""
    if context.response is not None and context.single_operation:
        context.response.status_code = error.http_status
    return ExecutionResult(data=None, errors=[error])


def _ambiguous(document: DocumentNode | None, operation_name: str | None) -> bool:
    """Several operations and no name to choose one: the GraphQL spec makes that an error."""
    if document is None or operation_name is not None:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return len(operations) > 1


class AccessGate(SchemaExtension):
    """Refuses operations from unusable credentials, and anonymous ones that ask for more
    than the schema itself (GraphiQL may load the docs before a token is set)."""

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        assert isinstance(context, Context)
        if context.auth_error is not None:
            execution.result = refuse(context, Unauthenticated(context.auth_error))
        elif _ambiguous(execution.graphql_document, context.requested_operation):
            execution.result = refuse(
                context,
                BadUserInput("The document holds several operations: say which in operationName."),
            )
        elif context.viewer is None and context.impersonation_requested:
            execution.result = refuse(
                context, Unauthenticated("Impersonation needs your own bearer token too.")
            )
        elif context.viewer is None:
            assert execution.graphql_document is not None
            names = root_field_names(execution.graphql_document, execution.operation_name)
            if any(not name.startswith("__") for name in names):
                execution.result = refuse(
                    context, Unauthenticated("Sign in: send `Authorization: Bearer <token>`.")
                )
        yield


class ReadOnlyImpersonation(SchemaExtension):
    """Refuses every mutation under impersonation before any resolver runs, and tells the
    client, on every impersonated answer, who is looking and which paths were hidden.

    The operation type is the one strawberry chose for this execution (after
    ``operationName`` picked among several operations), compared with strawberry's own
    ``OperationType``: graphql-core's enum of the same name never equals it.
    """

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        assert isinstance(context, Context)
        operation_type = execution.operation_type
        if context.audit is not None:
            context.audit.operation_type = operation_type.value
            context.audit.operation_name = _chosen_operation_name(execution)
        if context.actor is not None and operation_type is not OperationType.QUERY:
            if context.audit is not None:
                context.audit.outcome = ImpersonationOutcome.REFUSED_MUTATION
            execution.result = refuse(
                context,
                ImpersonationReadOnly(
                    "Impersonation is read-only: mutations are refused. Stop sending "
                    "X-Impersonate-Employee to act as yourself."
                ),
            )
        yield

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not isinstance(context, Context) or context.actor is None or context.viewer is None:
            return {}
        return {
            "impersonation": {
                "actorId": context.actor.id,
                "subjectId": context.viewer.id,
                "readOnly": True,
            },
            "redacted": sorted(context.redacted, key=lambda path: [str(p) for p in path]),
        }


def _chosen_operation_name(execution: Any) -> str | None:
    document = execution.graphql_document
    operation = get_operation_ast(document, execution.operation_name) if document else None
    if operation is not None and operation.name is not None:
        return str(operation.name.value)
    return execution.operation_name


def _unstorable(value: object) -> bool:
    """Text no database column can hold: NUL characters and lone UTF-16 surrogates."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_unstorable(v) for v in value.values())
    if isinstance(value, list):
        return any(_unstorable(v) for v in value)
    return False


class RefuseUnstorableText(SchemaExtension):
    """Text PostgreSQL cannot store (and SQLite would store mangled) is bad input, refused
    before any resolver runs, for every argument of every field at once."""

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        literals = (
            (node.value for node in _string_literals(document))
            if document is not None
            else iter(())
        )
        if execution.result is not None:
            pass  # already refused for a weightier reason
        elif _unstorable(execution.variables or {}) or any(_unstorable(s) for s in literals):
            context = execution.context
            assert isinstance(context, Context)
            execution.result = refuse(
                context,
                BadUserInput("Text may not contain NUL characters or unpaired surrogates."),
            )
        yield


def _string_literals(document: DocumentNode) -> Iterator[StringValueNode]:
    found: list[StringValueNode] = []

    class Collect(Visitor):
        def enter_string_value(self, node: StringValueNode, *_: object) -> None:
            found.append(node)

    visit(document, Collect())
    return iter(found)


def is_unexpected(error: GraphQLError) -> bool:
    """Errors we did not raise on purpose; graphql-core's own (syntax, validation,
    variables) carry no original error and are meant for the client as they are."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    """Shows the client a generic message and code for anything unexpected; the server
    logs the original in full (see ``schema.build.ViewasSchema.process_errors``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked
