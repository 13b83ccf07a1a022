"""What impersonation must hide, stated again from the spec, and how to see it happen.

Independent of ``permissions.redaction`` on purpose: the tests compare the app's own
declaration against this table, written from SPEC.md ("Impersonation" > "Sensitive data"):

| data             | what is null                                                        |
| ---------------- | ------------------------------------------------------------------- |
| survey comments  | every comment field of survey answers and results                   |
| private goals    | every field of a PRIVATE goal except its id, visibility and owner   |
| meeting notes    | the notes of a meeting, and every note's body                       |
| private notes    | every field or list that returns private notes                      |
| instant feedback | every field or list that returns instant feedback                   |

Also here:

- ``Tracer``: a schema extension recording every field an execution resolves (path, parent
  type, field, source row), run in-process on a schema that mirrors ``schema.build``;
- ``execute_as``: one document executed as a given employee WITHOUT impersonation, exactly
  as the HTTP view would for that viewer. It answers for employees who cannot sign in
  (INVITED, PRE_ONBOARDING, DEACTIVATED), and its trace gives the expected redactions;
- ``expected_redactions``: the sensitive fields a subject's own execution reached whose
  ancestors are not sensitive themselves (a redacted field's subtree never runs);
- ``plant_secrets``: each Acme subject writes sensitive data of every kind, as themselves,
  with unique markers; ``sensitive_texts`` and ``leaks`` look for it in answers;
- ``check_property``: runs a hypothesis property whose check is a coroutine on the test's
  event loop (hypothesis in a worker thread, each check sent back to the loop), so that
  hypothesis still shrinks a failure to a minimal document.
"""

import asyncio
import dataclasses
import json
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import graphql
import hypothesis_graphql
from hypothesis import event, given, note, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel
from strawberry.extensions import SchemaExtension

import db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from db.engine import session_factory
from db.enums import EmployeeStatus, GoalVisibility
from db.models import (
    Employee,
    Goal,
    InstantFeedback,
    Meeting,
    MeetingNote,
    PrivateNote,
    SurveyAnswer,
)
from db.seed_demo import demo_id
from db.types import utcnow
from permissions.viewer import Viewer
from resolvers.context import Context
from resolvers.database import RequestDatabase
from schema.build import ViewasSchema, build_schema
from schema.mutation import Mutation
from schema.query import Query
from schema.sensitive import apply_redaction
from tests.client import Api
from tests.people import ADA, ELI, ERIN, MAX, SAM

T = TypeVar("T")
Path = tuple[str | int, ...]

# (GraphQL type, field) null under impersonation whatever the row.
ALWAYS_SENSITIVE: frozenset[tuple[str, str]] = frozenset(
    {
        ("SurveyAnswer", "comment"),
        ("SurveyResults", "comments"),
        ("Meeting", "notes"),
        ("MeetingNote", "body"),
        ("Query", "privateNotes"),
        ("PrivateNote", "body"),
        ("Query", "instantFeedback"),
        ("Employee", "instantFeedback"),
        ("InstantFeedback", "message"),
    }
)
# The rows whose every appearance is hidden: a field returning them is null.
SENSITIVE_ROW_TYPES: frozenset[str] = frozenset({"MeetingNote", "PrivateNote", "InstantFeedback"})
# What a PRIVATE goal still shows under impersonation.
PRIVATE_GOAL_SHOWN: frozenset[str] = frozenset({"id", "visibility", "owner", "__typename"})


def is_private_goal(row: Any) -> bool:
    visibility = getattr(row, "visibility", None)
    return str(getattr(visibility, "value", visibility)) == "PRIVATE"


def is_sensitive(parent_type: str, field_name: str, source: Any) -> bool:
    """Whether the spec hides this field of this source row under impersonation."""
    if (parent_type, field_name) in ALWAYS_SENSITIVE:
        return True
    if parent_type == "Goal":
        return field_name not in PRIVATE_GOAL_SHOWN and is_private_goal(source)
    return False


def sensitive_in_schema(fields: Iterable[tuple[str, str, str]]) -> set[tuple[str, str]]:
    """Of (type, field, named return type) triples, those the table calls sensitive for
    some row (Goal fields counted as sensitive, as they are for a PRIVATE goal)."""
    found: set[tuple[str, str]] = set()
    for type_name, field_name, returns in fields:
        if (
            (type_name, field_name) in ALWAYS_SENSITIVE
            or returns in SENSITIVE_ROW_TYPES
            or (type_name == "Goal" and field_name not in PRIVATE_GOAL_SHOWN)
        ):
            found.add((type_name, field_name))
    return found


@dataclass(frozen=True)
class Resolved:
    path: Path
    parent_type: str
    field_name: str
    source: Any

    @property
    def sensitive(self) -> bool:
        return is_sensitive(self.parent_type, self.field_name, self.source)


@dataclass(eq=False)
class TracingContext(Context):
    """The app's context, plus the fields its execution resolved."""

    trace: list[Resolved] = field(default_factory=list)


class Tracer(SchemaExtension):
    """Records every resolved field: its response path, parent type, name and source."""

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        context = info.context
        if isinstance(context, TracingContext):
            context.trace.append(
                Resolved(tuple(info.path.as_list()), info.parent_type.name, info.field_name, root)
            )
        return _next(root, info, *args, **kwargs)


_schema: ViewasSchema | None = None


def tracing_schema() -> ViewasSchema:
    """The schema ``schema.build.build_schema`` makes, the same way (redaction applied to
    ``Query``, the same root types, extensions in the same order, the same config), with the
    tracer as one more extension. The extensions are read from a schema ``build_schema``
    built, so the mirror follows any change made there."""
    global _schema
    if _schema is None:
        reference = build_schema()
        apply_redaction(Query)
        _schema = ViewasSchema(
            query=Query,
            mutation=Mutation,
            extensions=[*reference.extensions, Tracer],
            config=reference.config,
        )
        # Classes, as build_schema passes them: each operation gets fresh instances.
        assert all(isinstance(e, type) for e in reference.extensions), reference.extensions
    return _schema


@dataclass
class Execution:
    """One in-process answer, shaped like the HTTP body, and what ran to produce it."""

    body: dict[str, Any]
    trace: list[Resolved]

    @property
    def data(self) -> Any:
        return self.body.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.body.get("errors") or []


async def execute_as(
    engine: AsyncEngine,
    employee_id: str,
    document: str,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
) -> Execution:
    """Run ``document`` as the employee themselves, as ``viewas.http`` would for a plain
    (non-impersonated) viewer, whatever their status."""
    db = RequestDatabase(session_factory(engine)())
    try:
        row = await db.first(select(Employee).where(Employee.id == employee_id))
        assert row is not None, f"no employee {employee_id}"
        context = TracingContext(db=db, now=utcnow(), viewer=Viewer.of(row))
        result = await tracing_schema().execute(
            document,
            variable_values=variables,
            context_value=context,
            operation_name=operation_name,
        )
    finally:
        await db.close()
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [error.formatted for error in result.errors]
    if result.extensions:
        body["extensions"] = result.extensions
    # Through JSON, as the client would see it (dates as strings, tuples as lists).
    return Execution(json.loads(json.dumps(body, default=str)), context.trace)


def expected_redactions(trace: Iterable[Resolved]) -> set[Path]:
    """The response paths impersonation must null for a document whose un-impersonated
    execution resolved ``trace``: the sensitive fields reached whose ancestors are not
    sensitive themselves (a redacted field's subtree never runs)."""
    sensitive = {entry.path for entry in trace if entry.sensitive}
    return {
        path for path in sensitive if not any(path[:k] in sensitive for k in range(1, len(path)))
    }


def with_nulls(data: Any, paths: Iterable[Path]) -> Any:
    """A copy of ``data`` with each path set to null (paths under a null skipped)."""
    copied = json.loads(json.dumps(data))
    for path in paths:
        node = copied
        for step in path[:-1]:
            if node is None:
                break
            node = node[step]
        if node is not None and path:
            node[path[-1]] = None
    return copied


def under(path: Iterable[str | int] | None, prefixes: set[Path]) -> bool:
    """Whether ``path`` is one of ``prefixes`` or lies beneath one."""
    full = tuple(path or ())
    return any(full[: len(prefix)] == prefix for prefix in prefixes)


def error_key(error: dict[str, Any]) -> str:
    return json.dumps(error, sort_keys=True)


# --- sensitive data written by the subjects themselves --------------------------------

ACTIVE_SUBJECTS = [ERIN, ELI, MAX, ADA]
LOCKED_OUT_SUBJECTS = ["ivy.invited@acme.test", "pia.preboarding@acme.test",
                       "dan.deactivated@acme.test"]  # fmt: skip
SUBJECTS = ACTIVE_SUBJECTS + LOCKED_OUT_SUBJECTS
PULSE = demo_id("survey", "Acme:Engagement Pulse")
# Each subject's 1:1 (the locked-out ones get one with max, inserted as a row).
ONE_ON_ONE = {ERIN: "max:erin", ELI: "max:eli", MAX: "max:erin", ADA: "ada:max"}


@dataclass(frozen=True)
class Secret:
    """A sensitive value a subject wrote, carrying a unique marker."""

    marker: str
    what: str


def new_marker(who: str, kind: str) -> str:
    """Unique in the database, and the same on every run (hypothesis replays its examples
    by position: strategies over the markers must find the same ones)."""
    return f"CANARY-{uuid.uuid5(MARKERS, f'{who}:{kind}').hex}"


MARKERS = uuid.UUID("0f6d1c2e-6a41-4c55-9d4e-3a8c7b1e2f90")


async def as_themselves(
    api: Api, email: str, document: str, variables: dict[str, Any] | None = None
) -> Any:
    """Run a document as the employee themselves: over HTTP with their own token when they
    can sign in, else in-process as the HTTP view would. Returns the data, asserting no
    errors."""
    employee_id = await api.id_of(email)
    async with session_factory(api.engine)() as session:
        status = await session.scalar(select(Employee.status).where(Employee.id == employee_id))
    if status is EmployeeStatus.ACTIVE:
        return (await api.gql(document, variables, as_=email)).ok()
    ran = await execute_as(api.engine, employee_id, document, variables)
    assert not ran.errors, (email, document, ran.errors)
    return ran.data


async def grant_consents(api: Api) -> None:
    for email in ACTIVE_SUBJECTS:
        await as_themselves(
            api, email, "mutation { grantImpersonationConsent(hours: 2) { expiresAt } }"
        )


async def plant_secrets(api: Api) -> list[Secret]:
    """Every Acme subject writes, as themselves, one of each kind of sensitive data with a
    unique marker: a PRIVATE goal (title, description), a private note, instant feedback
    given and received (shared with the manager), a note in their 1:1 and, where they can
    still answer the Engagement Pulse, a survey comment (erin and max answered it in the
    seed, with comments of their own)."""
    secrets: list[Secret] = []
    ids = {email: await api.id_of(email) for email in [*SUBJECTS, SAM]}
    company = demo_id("company", "Acme")
    meetings = {email: demo_id("meeting", pair) for email, pair in ONE_ON_ONE.items()}
    async with session_factory(api.engine)() as session:
        for index, email in enumerate(LOCKED_OUT_SUBJECTS):
            meeting = Meeting(
                id=str(uuid.uuid4()),
                company_id=company,
                organizer_id=ids[MAX],
                attendee_id=ids[email],
                title="Onboarding 1:1",
                scheduled_at=datetime(2026, 12, 1 + index, 10, tzinfo=UTC),
            )
            session.add(meeting)
            meetings[email] = meeting.id
        await session.commit()
    # ada and dan were not invited to the pulse: ada (an admin) invites both.
    await as_themselves(
        api,
        ADA,
        "mutation($s: ID!, $e: [ID!]!) { inviteToSurvey(surveyId: $s, employeeIds: $e) { id } }",
        {"s": PULSE, "e": [ids[ADA], ids["dan.deactivated@acme.test"]]},
    )
    first_question = demo_id("question", f"{PULSE}:0")

    for email in SUBJECTS:
        who = email.split(".")[0]
        title, description, note, given, received, meeting_note, comment = (
            new_marker(who, kind)
            for kind in ("title", "description", "note", "given", "received", "meeting", "comment")
        )
        await as_themselves(
            api,
            email,
            "mutation($i: CreateGoalInput!) { createGoal(input: $i) { id } }",
            {
                "i": {
                    "title": f"{title} goal",
                    "description": f"{description} goal description",
                    "visibility": "PRIVATE",
                    "dueDate": "2027-05-01",
                }
            },
        )
        secrets += [Secret(title, f"{who}'s private goal title"),
                    Secret(description, f"{who}'s private goal description")]  # fmt: skip
        about = ids[ERIN] if email == MAX else ids[MAX]
        await as_themselves(
            api,
            email,
            "mutation($b: String!, $a: ID) { createPrivateNote(body: $b, aboutEmployeeId: $a)"
            " { id } }",
            {"b": f"{note} private note", "a": about},
        )
        secrets.append(Secret(note, f"{who}'s private note"))
        feedback = (
            "mutation($r: ID!, $m: String!) {"
            " giveInstantFeedback(receiverId: $r, message: $m, shareWithManager: true) { id } }"
        )
        peer = ELI if email == ERIN else ERIN
        await as_themselves(api, email, feedback, {"r": ids[peer], "m": f"{given} feedback"})
        secrets.append(Secret(given, f"feedback {who} gave"))
        # Only admins see people who are not ACTIVE: ada gives feedback to those.
        giver = ADA if email in LOCKED_OUT_SUBJECTS else peer
        await as_themselves(api, giver, feedback, {"r": ids[email], "m": f"{received} feedback"})
        secrets.append(Secret(received, f"feedback {who} received"))
        await as_themselves(
            api,
            email,
            "mutation($m: ID!, $b: String!) { addMeetingNote(meetingId: $m, body: $b) { id } }",
            {"m": meetings[email], "b": f"{meeting_note} meeting note"},
        )
        secrets.append(Secret(meeting_note, f"{who}'s meeting note"))
        if email not in (ERIN, MAX):
            await as_themselves(
                api,
                email,
                "mutation($s: ID!, $a: [SurveyAnswerInput!]!) {"
                " submitSurveyResponse(surveyId: $s, answers: $a) { id } }",
                {"s": PULSE, "a": [{"questionId": first_question, "score": 4,
                                    "comment": f"{comment} survey comment"}]},
            )  # fmt: skip
            secrets.append(Secret(comment, f"{who}'s survey comment"))
    return secrets


async def sensitive_texts(engine: AsyncEngine) -> set[str]:
    """Every sensitive text in the database, both companies, seeded or planted: what no
    impersonated answer may ever contain."""
    statements = [
        select(Goal.title).where(Goal.visibility == GoalVisibility.PRIVATE),
        select(Goal.description).where(Goal.visibility == GoalVisibility.PRIVATE),
        select(MeetingNote.body),
        select(PrivateNote.body),
        select(InstantFeedback.message),
        select(SurveyAnswer.comment),
    ]
    texts: set[str] = set()
    async with session_factory(engine)() as session:
        for statement in statements:
            texts |= {text for text in (await session.scalars(statement)).all() if text}
    return texts


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def leaks(body: Any, secrets: Iterable[str], sent: str = "") -> set[str]:
    """The secrets found anywhere in ``body`` that the request (``sent``) did not contain
    itself: a client's own input echoed in an error message is no leak."""
    found = set()
    strings = list(strings_in(body))
    for secret in secrets:
        if secret not in sent and any(secret in string for string in strings):
            found.add(secret)
    return found


# --- generating documents ----------------------------------------------------------

# Arguments given a scalar of their own in the SDL hypothesis-graphql generates from, so
# that they draw from their own strategy: page sizes within bounds, cursors of the right
# connection. An out-of-range page or a foreign cursor beside another root field crashes the
# app (an app bug: test_differential.py::test_a_failing_root_field_beside_another_is_a_clean_
# error), which would leave the differential nothing to compare; bad input is compared by
# hand-written documents instead (test_differential.py::test_bad_input_is_answered_alike).
RETYPED = {
    ("Query", "employees", "first"): "PageSize",
    ("Query", "goals", "first"): "PageSize",
    ("Query", "impersonationEvents", "first"): "PageSize",
    ("Query", "employees", "after"): "EmployeeCursor",
    ("Query", "goals", "after"): "GoalCursor",
    ("Query", "impersonationEvents", "after"): "EventCursor",
}


def generation_sdl(
    *,
    drop_fields: dict[str, set[str]] | None = None,
    drop_arguments: frozenset[str] = frozenset(),
    retype: dict[tuple[str, str, str], str] | None = None,
) -> str:
    """The app's SDL for hypothesis-graphql: some object fields and field arguments (by
    name) left out, some arguments given a scalar of their own (declared in the SDL)."""
    drop_fields = drop_fields or {}
    retype = retype or {}
    document = graphql.parse(build_schema().as_str())

    def argument_of(type_name: str, field_name: str, argument: Any) -> Any:
        scalar = retype.get((type_name, field_name, argument.name.value))
        if scalar is None:
            return argument
        return dataclasses.replace(
            argument, type=graphql.NamedTypeNode(name=graphql.NameNode(value=scalar))
        )

    definitions: list[Any] = []
    for definition in document.definitions:
        if isinstance(definition, graphql.ObjectTypeDefinitionNode):
            type_name = definition.name.value
            kept = [
                dataclasses.replace(
                    field,
                    arguments=tuple(
                        argument_of(type_name, field.name.value, argument)
                        for argument in field.arguments or ()
                        if argument.name.value not in drop_arguments
                    ),
                )
                for field in definition.fields or ()
                if field.name.value not in drop_fields.get(type_name, set())
            ]
            definition = dataclasses.replace(definition, fields=tuple(kept))
        definitions.append(definition)
    for scalar in sorted(set(retype.values())):
        definitions.append(graphql.ScalarTypeDefinitionNode(name=graphql.NameNode(value=scalar)))
    return graphql.print_ast(graphql.DocumentNode(definitions=tuple(definitions)))


async def known_ids(engine: AsyncEngine) -> list[str]:
    """Every row id in the database, both companies: arguments that hit real rows."""
    ids: list[str] = []
    async with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            if "id" in table.columns:
                ids += [str(v) for v in (await connection.execute(select(table.c.id))).scalars()]
    # The seed's ids (uuid5, the same in every database) first, in a stable order: a replayed
    # example draws the same row; the rows the tests wrote (uuid4) after them.
    return sorted(set(ids), key=lambda id: (uuid.UUID(id).version != 5, id))


async def cursors_of(api: Api, connection: str, as_: str) -> list[str]:
    """Every end cursor the connection hands out to ``as_`` (an admin: every row)."""
    total = (await api.gql(f"{{ {connection} {{ totalCount }} }}", as_=as_)).ok()
    cursors = []
    for size in range(1, total[connection]["totalCount"] + 1):
        page = (
            await api.gql(
                f"{{ {connection}(first: {size}) {{ pageInfo {{ endCursor }} }} }}", as_=as_
            )
        ).ok()
        cursors.append(page[connection]["pageInfo"]["endCursor"])
    return cursors


def id_values(ids: list[str]) -> st.SearchStrategy[graphql.ValueNode]:
    return st.one_of(
        st.sampled_from(ids).map(nodes.String),
        st.sampled_from(ids).map(nodes.String),
        st.text(max_size=12).map(nodes.String),
        st.integers().map(nodes.Int),
    )


async def argument_values(api: Api) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Strategies for the ID scalar and the retyped arguments, from the database's rows."""
    employees = await cursors_of(api, "employees", SAM)
    goals = await cursors_of(api, "goals", SAM)
    return {
        "ID": id_values(await known_ids(api.engine)),
        "PageSize": st.integers(min_value=0, max_value=500).map(nodes.Int),
        "EmployeeCursor": st.sampled_from(employees).map(nodes.String),
        "GoalCursor": st.sampled_from(goals).map(nodes.String),
        # Under impersonation the audit log is refused whatever the cursor.
        "EventCursor": st.text(max_size=12).map(nodes.String),
    }


def toward_sensitive_sdl(sdl: str) -> str:
    """``sdl`` with, in every object type, only the fields that are sensitive (by the
    table) or lead to a type from which a sensitive field can be reached: every leaf of a
    query document generated from it is a sensitive field. No Mutation."""
    schema = graphql.build_schema(sdl)
    objects = {
        name: type_
        for name, type_ in schema.type_map.items()
        if isinstance(type_, graphql.GraphQLObjectType) and not name.startswith("__")
    }

    def targets(field: graphql.GraphQLField) -> list[str]:
        named = graphql.get_named_type(field.type)
        if isinstance(named, graphql.GraphQLUnionType):
            return [member.name for member in named.types]
        return [named.name]

    sensitive = sensitive_in_schema(
        (name, field_name, graphql.get_named_type(field.type).name)
        for name, type_ in objects.items()
        for field_name, field in type_.fields.items()
    )
    reaches = {name for name, _ in sensitive}
    while True:
        more = {
            name
            for name, type_ in objects.items()
            if any(set(targets(f)) & reaches for f in type_.fields.values())
        }
        if more <= reaches:
            break
        reaches |= more

    def keep(type_name: str, field: Any) -> bool:
        if (type_name, field.name.value) in sensitive:
            return True
        return bool(set(targets(objects[type_name].fields[field.name.value])) & reaches)

    definitions: list[Any] = []
    for definition in graphql.parse(sdl).definitions:
        if isinstance(definition, graphql.ObjectTypeDefinitionNode):
            name = definition.name.value
            fields = tuple(f for f in definition.fields or () if keep(name, f))
            if name == "Mutation" or not fields:
                continue  # nothing toward sensitive data: no kept field returns it either
            definition = dataclasses.replace(definition, fields=fields)
        definitions.append(definition)
    return graphql.print_ast(graphql.DocumentNode(definitions=tuple(definitions)))


def documents(
    sdl: str,
    scalars: dict[str, st.SearchStrategy[graphql.ValueNode]],
    *,
    operation: str = "query",
) -> st.SearchStrategy[str]:
    """hypothesis-graphql documents of one operation type over ``sdl``: any root fields; a
    single root field (each as likely as another, so the rarely drawn ones are reached as
    often as ``me``); and for queries, half of all documents, paths toward sensitive data
    only (``toward_sensitive_sdl``), where the redactions happen."""
    schema = graphql.build_schema(sdl)
    root = schema.query_type if operation == "query" else schema.mutation_type
    assert root is not None
    names = sorted(root.fields)
    shares = [
        hypothesis_graphql.from_schema(sdl, fields=names, custom_scalars=scalars),
        st.one_of(
            *(
                hypothesis_graphql.from_schema(sdl, fields=[name], custom_scalars=scalars)
                for name in names
            )
        ),
    ]
    if operation == "query":
        focused = toward_sensitive_sdl(sdl)
        focused_root = graphql.build_schema(focused).query_type
        assert focused_root is not None
        toward = hypothesis_graphql.from_schema(
            focused, fields=sorted(focused_root.fields), custom_scalars=scalars
        )
        shares += [toward, toward]
    # sampled_from + flatmap, not one_of: one_of would flatten the nested one_of and give
    # each single-root strategy as much weight as each share.
    single = st.sampled_from(shares).flatmap(lambda share: share)
    several = st.lists(single, min_size=2, max_size=4).map(merged)
    # A third of the documents as drawn, the rest merged from two to four, under aliases.
    return st.sampled_from([single, several, several]).flatmap(lambda share: share)


def merged(parts: list[str]) -> str:
    """One operation selecting the root fields of every document of ``parts`` (all of one
    operation type), each under an alias of its own (``d<part>_<field>``): bigger documents
    than hypothesis-graphql draws alone, whose response keys are not field names."""
    operations = [graphql.parse(part).definitions[0] for part in parts]
    assert all(isinstance(op, graphql.OperationDefinitionNode) for op in operations)
    selections = [
        dataclasses.replace(
            selection, alias=graphql.NameNode(value=f"d{index}_{selection.name.value}")
        )
        if isinstance(selection, graphql.FieldNode)
        else selection
        for index, operation in enumerate(operations)
        for selection in operation.selection_set.selections  # type: ignore[attr-defined]
    ]
    first = operations[0]
    combined = dataclasses.replace(
        first, selection_set=graphql.SelectionSetNode(selections=tuple(selections))
    )
    return graphql.print_ast(graphql.DocumentNode(definitions=(combined,)))


# --- running a hypothesis property whose check is a coroutine ---------------------------


async def check_property(
    strategy: st.SearchStrategy[T],
    check: Callable[[T], Awaitable[Iterable[str] | None]],
    *,
    key: str,
    max_examples: int | None = None,
) -> Counter[str]:
    """Hypothesis draws and shrinks in a worker thread; each example's ``check`` runs on
    this event loop (the app, its engine and its client live there). A failing check is
    shrunk like any hypothesis failure and re-raised here with the minimal example.
    ``check`` may return labels of what an example covered; they are counted over every
    example run (shrinking included) and printed (``pytest -s``)."""
    loop = asyncio.get_running_loop()
    chosen = max_examples if max_examples is not None else settings.default.max_examples

    def prop(example: T) -> None:
        # Mapped strategies print as `print_ast(DocumentNode)`: show the example itself.
        note(f"example:\n{example}")
        try:
            events = asyncio.run_coroutine_threadsafe(check(example), loop).result()
        except AssertionError:
            raise
        except Exception as error:
            raise AssertionError(f"checking this example raised {error!r}:\n{example}") from error
        for label in events or ():
            seen[label] += 1
            event(label)

    # Each property its own entry in hypothesis's example database (``prop`` is the same
    # function for all of them): a failure found once is replayed first next time.
    prop._hypothesis_internal_add_digest = key.encode()  # type: ignore[attr-defined]
    run = settings(settings.default, max_examples=max(1, chosen))(given(strategy)(prop))
    seen: Counter[str] = Counter()
    await asyncio.to_thread(run)
    print(f"{sum(seen.values())} labels over the examples run:", dict(sorted(seen.items())))
    return seen


def examples_per_subject(subjects: int = 7, *, floor: int = 15) -> int:
    """Examples for one subject's run of a property: twice the active profile's count
    spread over the subjects, at least ``floor`` (dev: 30 -> 15 each; ci: 200 -> 58 each),
    so that every subject gets a real run and a file stays within its time budget."""
    return max(floor, -(-2 * settings.default.max_examples // subjects))
