"""The schema itself proves every sensitive field is redacted under impersonation.

The walk below decides what is sensitive from the rows a GraphQL type accepts (its
``is_type_of``), not from the names the schema was written with, so a second type over a
sensitive table, an interface, a redeclared field or a connection cannot slip past it.
"""

from collections.abc import Iterator
from typing import Annotated, Any

import strawberry
from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
)

from db import models
from db.enums import GoalVisibility
from schema.build import build_schema
from schema.rows import stands_for
from schema.sensitive import Redact, apply_redaction

# The spec's table, restated here on purpose rather than imported.
SENSITIVE_ROWS = {models.MeetingNote, models.PrivateNote, models.InstantFeedback}
SENSITIVE_VALUES = {
    (models.SurveyAnswer, "comment"),
    (models.MeetingNote, "body"),
    (models.PrivateNote, "body"),
    (models.InstantFeedback, "message"),
}
SENSITIVE_AGGREGATES = {("SurveyResults", "comments")}
PRIVATE_GOAL_SHOWS = {"id", "visibility", "owner"}


def sample_rows() -> dict[type, Any]:
    """One row of every table, to ask each GraphQL type which rows it stands for."""
    return {
        model: model()
        for model in vars(models).values()
        if isinstance(model, type) and getattr(model, "__table__", None) is not None
    }


def named(type_: Any) -> Any:
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


def rows_of(gql_type: Any, rows: dict[type, Any]) -> set[type]:
    """The row types a GraphQL object type accepts."""
    check = getattr(gql_type, "is_type_of", None)
    if check is None:
        return set()
    return {model for model, row in rows.items() if check(row, None)}


def returned_rows(field: GraphQLField, rows: dict[type, Any], seen: frozenset[str]) -> set[type]:
    """Rows a field can return, through unions, interfaces and row-less wrappers."""
    target = named(field.type)
    members: list[Any]
    if isinstance(target, GraphQLUnionType):
        members = list(target.types)
    elif isinstance(target, GraphQLInterfaceType):
        members = [target]  # implementations are walked as object types of their own
    else:
        members = [target]
    found: set[type] = set()
    for member in members:
        if not isinstance(member, (GraphQLObjectType, GraphQLInterfaceType)):
            continue
        own = rows_of(member, rows)
        if own:
            found |= own
        elif member.name not in seen:
            for inner in member.fields.values():
                found |= returned_rows(inner, rows, seen | {member.name})
    return found


def expected_sensitive(schema: GraphQLSchema) -> Iterator[tuple[str, str, str]]:
    """(type, field, why) for every field the spec says impersonation hides."""
    rows = sample_rows()
    mutation = schema.mutation_type.name if schema.mutation_type else None
    for gql_type in schema.type_map.values():
        if not isinstance(gql_type, GraphQLObjectType) or gql_type.name.startswith("__"):
            continue
        if gql_type.name == mutation:
            continue  # mutations never run under impersonation (see test_read_only)
        own = rows_of(gql_type, rows)
        for name, field in gql_type.fields.items():
            python_name = field.extensions.get("strawberry-definition").python_name  # type: ignore[union-attr]
            if returned_rows(field, rows, frozenset()) & SENSITIVE_ROWS:
                yield gql_type.name, name, "returns sensitive rows"
            elif any((model, python_name) in SENSITIVE_VALUES for model in own):
                yield gql_type.name, name, "reads sensitive content"
            elif (gql_type.name, name) in SENSITIVE_AGGREGATES:
                yield gql_type.name, name, "aggregates sensitive content"
            elif models.Goal in own and name not in PRIVATE_GOAL_SHOWS:
                yield gql_type.name, name, "part of a private goal"


def redactions(schema: GraphQLSchema) -> dict[tuple[str, str], Redact]:
    found = {}
    for gql_type in schema.type_map.values():
        if isinstance(gql_type, GraphQLObjectType) and not gql_type.name.startswith("__"):
            for name, field in gql_type.fields.items():
                definition = field.extensions.get("strawberry-definition")
                for extension in getattr(definition, "extensions", []):
                    if isinstance(extension, Redact):
                        found[(gql_type.name, name)] = extension
    return found


def problems(schema: GraphQLSchema) -> list[str]:
    """Everything wrong with the schema's redaction; empty when it is exact."""
    expected = {(t, f): why for t, f, why in expected_sensitive(schema)}
    present = redactions(schema)
    issues = [
        f"{t}.{f} ({why}) is not redacted"
        for (t, f), why in expected.items()
        if (t, f) not in present
    ]
    issues += [
        f"{t}.{f} is redacted but not sensitive" for (t, f) in present if (t, f) not in expected
    ]
    for t, f in expected:
        if isinstance(schema.type_map[t].fields[f].type, GraphQLNonNull):  # type: ignore[attr-defined]
            issues.append(f"{t}.{f} is sensitive but non-null: it cannot be redacted to null")
    return issues


def test_the_real_schema_redacts_exactly_the_sensitive_fields() -> None:
    schema = build_schema()._schema
    assert problems(schema) == []
    # And the walk really found the spec's table, not an empty set.
    assert {(t, f) for t, f, _ in expected_sensitive(schema)} == {
        ("SurveyAnswer", "comment"),
        ("SurveyResults", "comments"),
        ("Goal", "title"),
        ("Goal", "description"),
        ("Goal", "progress"),
        ("Goal", "dueDate"),
        ("Goal", "team"),
        ("Meeting", "notes"),
        ("MeetingNote", "body"),
        ("Query", "privateNotes"),
        ("PrivateNote", "body"),
        ("Query", "instantFeedback"),
        ("Employee", "instantFeedback"),
        ("InstantFeedback", "message"),
    }


def test_every_redacted_field_has_an_extension_of_its_own() -> None:
    present = redactions(build_schema()._schema)
    assert len({id(extension) for extension in present.values()}) == len(present)


def test_only_private_goals_lose_their_fields() -> None:
    rule = redactions(build_schema()._schema)[("Goal", "title")].rule
    assert rule.hides(models.Goal(visibility=GoalVisibility.PRIVATE))
    assert not rule.hides(models.Goal(visibility=GoalVisibility.TEAM))
    assert not rule.hides(models.Goal(visibility=GoalVisibility.PUBLIC))


def test_the_exported_sdl_marks_the_sensitive_fields() -> None:
    sdl = build_schema().as_str()
    marked = [line for line in sdl.splitlines() if line.startswith("  ") and "@sensitive(" in line]
    assert len(marked) == 14
    assert 'privateNotes: [PrivateNote!] @sensitive(reason: "private notes")' in sdl


# The walk catches what a hand-maintained list would miss: a toy schema built the way the
# real one is, with the shapes the issue names.


@strawberry.interface
class Commented:
    comment: str | None


@strawberry.type
class AnswerView(Commented):
    score: int | None

    is_type_of = stands_for(models.SurveyAnswer)


@strawberry.type
class Note:
    id: strawberry.ID
    body: str | None

    is_type_of = stands_for(models.PrivateNote)


@strawberry.type
class NoteDigest:
    """A second type over the private notes table."""

    id: strawberry.ID
    body: str | None

    is_type_of = stands_for(models.PrivateNote)


@strawberry.type
class NoteEdge:
    node: Note | None


@strawberry.type
class NoteConnection:
    edges: list[NoteEdge] | None
    nodes: list[Note] | None


@strawberry.type
class BaseAnswer:
    comment: str | None

    is_type_of = stands_for(models.SurveyAnswer)


@strawberry.type
class LoudAnswer(BaseAnswer):
    comment: str | None = strawberry.field(description="Redeclared in a subtype.")

    is_type_of = stands_for(models.SurveyAnswer)


def toy_query() -> type:
    @strawberry.type
    class ToyQuery:
        answers: list[AnswerView] | None
        commented: list[Annotated[Commented, "interface"]] | None
        digests: list[NoteDigest] | None
        notes: NoteConnection | None
        loud: LoudAnswer | None
        base: BaseAnswer | None

    return ToyQuery


def test_the_walk_catches_every_shape_when_nothing_is_applied() -> None:
    query = toy_query()
    schema = strawberry.Schema(query=query, types=[AnswerView])._schema
    missing = problems(schema)
    for expected in (
        "AnswerView.comment",  # through an interface
        "NoteDigest.body",  # a second type over the same table
        "ToyQuery.digests",
        "ToyQuery.notes",  # a connection of notes
        "NoteConnection.nodes",
        "NoteConnection.edges",
        "NoteEdge.node",
        "LoudAnswer.comment",  # redeclared in a subtype
        "BaseAnswer.comment",
    ):
        assert any(p.startswith(expected + " ") for p in missing), (expected, missing)


def test_apply_redaction_covers_every_shape() -> None:
    query = toy_query()
    apply_redaction(query)
    schema = strawberry.Schema(query=query, types=[AnswerView])._schema
    assert problems(schema) == []
