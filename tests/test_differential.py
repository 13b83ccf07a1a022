"""Impersonation shows the subject's own view, with exactly the spec's sensitive data null.

For each Acme demo subject, hypothesis-graphql writes query documents over the whole schema
(minus the fields that describe impersonation itself, and minus `search`, whose behaviour
under impersonation is deliberately different and is tested by test_canary.py). Each
document is sent twice:

- by sam.super with `X-Impersonate-Employee: <subject>`, over HTTP;
- by the subject themselves: over HTTP with their own token when they are ACTIVE, else
  in-process as the HTTP view would run it for them (tests/sensitive_oracle.py), since
  INVITED, PRE_ONBOARDING and DEACTIVATED people cannot sign in.

The two answers must be equal except at the paths of `extensions.redacted`, null in the
impersonated one; those paths must be exactly the sensitive fields (by the spec's table,
restated in tests/sensitive_oracle.py) that the subject's own execution reached; errors must
be the same, at the same paths with the same codes.
"""

import dataclasses
import json
from collections.abc import Awaitable
from typing import Any, TypeVar

import graphql
import pytest

import db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from schema.build import build_schema
from tests.client import Api, Reply
from tests.sensitive_oracle import (
    ACTIVE_SUBJECTS,
    ERIN,
    MAX,
    RETYPED,
    SAM,
    SUBJECTS,
    Execution,
    argument_values,
    check_property,
    documents,
    error_key,
    examples_per_subject,
    execute_as,
    expected_redactions,
    generation_sdl,
    grant_consents,
    plant_secrets,
    sensitive_in_schema,
    under,
    with_nulls,
)

T = TypeVar("T")

# The fields that describe impersonation itself: they differ by design between the subject's
# own view and an impersonated one (the banner, the audit log the requests themselves write).
IMPERSONATION_FIELDS = {
    "Query": {"impersonation", "impersonationEvents"},
    "Employee": {"impersonationHistory"},
}
DIFFERENTIAL_SDL = generation_sdl(
    drop_fields=IMPERSONATION_FIELDS, drop_arguments=frozenset({"search"}), retype=RETYPED
)


def test_the_generated_schema_leaves_out_impersonation_and_search() -> None:
    schema = graphql.build_schema(DIFFERENTIAL_SDL)
    for type_name, names in IMPERSONATION_FIELDS.items():
        type_ = schema.get_type(type_name)
        assert isinstance(type_, graphql.GraphQLObjectType)
        assert not names & set(type_.fields)
    for type_ in schema.type_map.values():
        if isinstance(type_, graphql.GraphQLObjectType):
            for field in type_.fields.values():
                assert "search" not in field.args
    # Everything else is still there.
    query = schema.query_type
    assert query is not None
    assert {"me", "employees", "goals", "meetings", "privateNotes", "instantFeedback"} <= set(
        query.fields
    )


def test_the_schema_marks_exactly_what_the_spec_calls_sensitive() -> None:
    """The app's `@sensitive` fields (from permissions.redaction) against the oracle's table."""
    document = graphql.parse(build_schema().as_str())
    marked: set[tuple[str, str]] = set()
    triples: list[tuple[str, str, str]] = []
    for definition in document.definitions:
        # Mutations never run under impersonation: there is nothing for them to redact.
        if (
            isinstance(definition, graphql.ObjectTypeDefinitionNode)
            and definition.name.value != "Mutation"
        ):
            for field in definition.fields or ():
                returns: Any = field.type
                while not isinstance(returns, graphql.NamedTypeNode):
                    returns = returns.type
                triples.append((definition.name.value, field.name.value, returns.name.value))
                if any(d.name.value == "sensitive" for d in field.directives or ()):
                    marked.add((definition.name.value, field.name.value))
    assert marked == sensitive_in_schema(triples)


@dataclasses.dataclass(frozen=True)
class Crash:
    """An exception that escaped the app (the client would get a bare HTTP 500)."""

    error: str


async def attempt(answer: Awaitable[T]) -> T | Crash:
    try:
        return await answer
    except Exception as error:
        return Crash(repr(error))


def describe(subject: str, document: str, **parts: Any) -> str:
    shown = "\n".join(f"{k}: {json.dumps(v, indent=1, default=str)}" for k, v in parts.items())
    return f"subject {subject}\ndocument:\n{document}\n{shown}"


EXAMPLES = examples_per_subject(len(SUBJECTS))


@pytest.mark.parametrize("subject", SUBJECTS, ids=[s.split(".")[0] for s in SUBJECTS])
async def test_impersonation_is_the_subjects_own_view_minus_the_sensitive_data(
    api: Api, subject: str
) -> None:
    subject_id = await api.id_of(subject)
    sam_id = await api.id_of(SAM)
    active = subject in ACTIVE_SUBJECTS
    await grant_consents(api)
    await plant_secrets(api)  # sensitive data of every kind, for every subject
    scalars = await argument_values(api)

    async def check(document: str) -> list[str]:
        impersonated = await attempt(api.gql(document, as_=SAM, impersonate=subject))
        own = await attempt(execute_as(api.engine, subject_id, document))
        signed_in = await attempt(api.gql(document, as_=subject)) if active else own
        crashed = {
            name: answer
            for name, answer in (
                ("impersonated", impersonated),
                ("own", own),
                ("signed_in", signed_in),
            )
            if isinstance(answer, Crash)
        }
        assert not crashed, describe(subject, document, crashed=crashed)
        assert isinstance(impersonated, Reply) and isinstance(own, Execution)
        own_body = own.body
        if isinstance(signed_in, Reply):
            # The in-process run is the HTTP view's own: prove it on those who can sign in.
            assert signed_in.body == own.body, describe(
                subject, document, http=signed_in.body, in_process=own.body
            )
            assert impersonated.status == signed_in.status, describe(
                subject, document, impersonated=impersonated.body, own=signed_in.body
            )
            own_body = signed_in.body
        redacted = {tuple(path) for path in impersonated.extensions.get("redacted", [])}
        expected = expected_redactions(own.trace)
        context = describe(
            subject,
            document,
            impersonated=impersonated.body,
            own=own_body,
            expected_redacted=sorted(map(list, expected), key=str),
        )
        assert impersonated.extensions.get("impersonation") == {
            "actorId": sam_id,
            "subjectId": subject_id,
            "readOnly": True,
        }, context
        assert redacted == expected, context
        assert impersonated.data == with_nulls(own_body.get("data"), redacted), context
        own_errors = [e for e in own_body.get("errors") or [] if not under(e.get("path"), redacted)]
        assert sorted(map(error_key, impersonated.errors)) == sorted(map(error_key, own_errors)), (
            context
        )
        fields = {".".join(str(p) for p in path if isinstance(p, str)) for path in redacted}
        return [
            f"{min(len(redacted), 5)}{'+' if len(redacted) >= 5 else ''} redacted paths",
            *sorted(f"redacted {name}" for name in fields),
            "errors" if impersonated.errors else "no errors",
        ]

    await check_property(
        documents(DIFFERENTIAL_SDL, scalars),
        check,
        key=f"differential {subject}",
        max_examples=EXAMPLES,
    )


async def test_the_oracle_sees_redactions_in_a_hand_written_document(api: Api) -> None:
    """A document known to reach every kind of sensitive data, as max (erin's manager):
    the differential check on it is not vacuous."""
    max_id = await api.id_of(MAX)
    document = """
    {
      meetings { id notes { id body author { id } } }
      privateNotes { body }
      instantFeedback { message }
      me { instantFeedback { id } }
      goals(first: 50) { nodes { id visibility owner { id } title description progress
                                 dueDate team { id } } }
      surveys { id myResponse { answers { score comment } } results { comments } }
    }
    """
    own = await execute_as(api.engine, max_id, document)
    assert not own.errors, own.errors
    expected = expected_redactions(own.trace)
    kinds = {tuple(str(p) for p in path if isinstance(p, str)) for path in expected}
    assert {
        ("meetings", "notes"),
        ("privateNotes",),
        ("instantFeedback",),
        ("me", "instantFeedback"),
        ("goals", "nodes", "title"),
        ("goals", "nodes", "team"),
        ("surveys", "myResponse", "answers", "comment"),
    } <= kinds, kinds
    # max is no admin: survey results are not his, so no comments path is reached there.
    await grant_consents(api)
    impersonated = await api.gql(document, as_=SAM, impersonate=MAX)
    assert {tuple(p) for p in impersonated.extensions["redacted"]} == expected
    assert impersonated.data == with_nulls(own.data, expected)


@pytest.mark.parametrize(
    ("document", "impersonate"),
    [
        ("{ me { id } goals(first: -1) { totalCount } }", None),
        ("{ me { name } goals(first: -1) { totalCount } }", "ivy.invited@acme.test"),
        ("{ me { id } impersonationEvents { nodes { at } } }", "ivy.invited@acme.test"),
    ],
    ids=["own", "impersonated", "audit-log-while-impersonating"],
)
async def test_a_failing_root_field_beside_another_is_a_clean_error(
    api: Api, document: str, impersonate: str | None
) -> None:
    if impersonate is None:
        reply = await api.gql(document, as_=ERIN)
        expected = "BAD_USER_INPUT"
    else:
        reply = await api.gql(document, as_=SAM, impersonate=impersonate)
        expected = "BAD_USER_INPUT" if "goals" in document else "FORBIDDEN"
    assert reply.data is None, reply.body
    assert reply.codes == [expected], reply.body


# Bad or odd input; not all of it is an error (an unknown id is null).
BAD_INPUT = [
    "{ goals(first: -1) { totalCount } }",
    "{ employees(first: 501) { totalCount } }",
    "{ employees(first: 2147483647, status: [ACTIVE]) { totalCount } }",
    '{ goals(after: "nope") { totalCount } }',
    '{ employees(after: "WyJ4Il0") { nodes { id } } }',
    '{ employee(id: "not-a-uuid") { id } }',
    "{ goal(id: 5) { id title } }",
    '{ goals(first: "ten") { totalCount } }',
    "{ nope }",
    "{ me { id }",
]


@pytest.mark.parametrize("document", BAD_INPUT)
async def test_bad_input_is_answered_alike(api: Api, document: str) -> None:
    """Errors, hand-picked where hypothesis is kept to valid arguments (see RETYPED)."""
    await grant_consents(api)
    impersonated = await api.gql(document, as_=SAM, impersonate=ERIN)
    signed_in = await api.gql(document, as_=ERIN)
    assert impersonated.status == signed_in.status
    assert impersonated.data == signed_in.data
    assert impersonated.errors == signed_in.errors
