"""What each employee sees, compared id for id with an independent oracle (tests/oracle.py).

Every ACTIVE demo person (only they can sign in) reads every list, every nested relation and
every single lookup of every row of both companies; then a property test does the same for
viewers drawn from a synthetic company of 120 people.
"""

import asyncio
import dataclasses
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, insert, update
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from db.engine import session_factory
from db.seed_synthetic import seed_synthetic
from tests import oracle
from tests.client import Api
from tests.oracle import Sight, World

# The people who can sign in; test_the_tested_viewers_are_every_active_demo_person keeps
# this list honest if the demo data changes.
ACTIVE_DEMO = [
    "sam.super@acme.test",
    "ada.admin@acme.test",
    "max.manager@acme.test",
    "erin.employee@acme.test",
    "eli.employee@acme.test",
    "gus.super@globex.test",
    "gwen.employee@globex.test",
]

PERSON = """
fragment Person on Employee {
  id
  status
  manager { id }
  reports { id }
  goals { id }
  assessments { id }
  ongoing: assessments(state: ONGOING) { id }
  past: assessments(state: PAST) { id }
  instantFeedback { id }
  team { ...TeamView }
}
"""
TEAM_VIEW = """
fragment TeamView on Team { id members { id } lead { id } }
"""
PERSON += TEAM_VIEW

LISTS = (
    """
query Lists {
  me { id }
  employees(first: 500) { totalCount pageInfo { hasNextPage } nodes { ...Employees } }
  goals(first: 500) {
    totalCount
    pageInfo { hasNextPage }
    nodes { id visibility owner { id } team { id } }
  }
  surveys { id results { responseCount } }
  assessments { id state reviewer { id } reviewee { id } cycle { id } }
  ongoing: assessments(state: ONGOING) { id state }
  past: assessments(state: PAST) { id state }
  reviewCycles { id status assessments { id state } }
  allTasks: tasks(includeDone: true) { id done subject { ...Subject } }
  openTasks: tasks { id done subject { ...Subject } }
  meetings { id participants { id } notes { id author { id } } }
  privateNotes { id about { id } }
  received: instantFeedback(direction: RECEIVED) { id giver { id } receiver { id } }
  given: instantFeedback(direction: GIVEN) { id giver { id } receiver { id } }
  receivedByDefault: instantFeedback { id }
  teams { ...TeamView }
}
fragment Subject on TaskSubject {
  __typename
  ... on Survey { id }
  ... on Assessment { id }
  ... on Goal { id }
  ... on Meeting { id }
}
"""
    + TEAM_VIEW
)
# Every employee with their nested relations, or (cheaper, for the property tests' many
# examples) just their ids: those check nested relations through single lookups instead.
NESTED = "fragment Employees on Employee { ...Person }\n" + PERSON.replace(TEAM_VIEW, "")
FLAT = "fragment Employees on Employee { id status }\n"


# --- comparing -----------------------------------------------------------------------------


def ids(nodes: Iterable[Mapping[str, Any]] | None, what: str = "list") -> set[str]:
    """The ids of a list of nodes, which must not repeat one."""
    assert nodes is not None, f"{what} is null"
    found = [node["id"] for node in nodes]
    assert len(found) == len(set(found)), f"{what} repeats ids: {found}"
    return set(found)


def ref(node: Mapping[str, Any] | None) -> str | None:
    return None if node is None else node["id"]


def same(world: World, what: str, got: Any, want: Any) -> None:
    """Assert equal, explaining a set mismatch row by row."""
    if got == want:
        return
    if isinstance(got, set) and isinstance(want, set):
        extra = "".join(f"\n  + {world.describe(i)}" for i in sorted(got - want))
        missing = "".join(f"\n  - {world.describe(i)}" for i in sorted(want - got))
        raise AssertionError(
            f"{what}: the API shows more (+) / less (-) than the rules{extra}{missing}"
        )
    raise AssertionError(f"{what}: got {got!r}, want {want!r}")


def person_view(node: Mapping[str, Any]) -> dict[str, Any]:
    """An API ``Person`` selection in the shape of ``oracle.employee_view``."""
    return {
        "id": node["id"],
        "status": node["status"],
        "manager": ref(node["manager"]),
        "reports": ids(node["reports"], "reports"),
        "goals": ids(node["goals"], "goals"),
        "assessments": ids(node["assessments"], "assessments"),
        "ongoing": ids(node["ongoing"], "assessments(state: ONGOING)"),
        "past": ids(node["past"], "assessments(state: PAST)"),
        "instantFeedback": ids(node["instantFeedback"], "instantFeedback"),
        "team": None if node["team"] is None else team_view(node["team"]),
    }


def team_view(node: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": node["id"], "members": ids(node["members"]), "lead": ref(node["lead"])}


def same_person(world: World, seen: Sight, who: str, node: Mapping[str, Any]) -> None:
    got, want = person_view(node), oracle.employee_view(world, seen, node["id"])
    for key in want:
        same(world, f"{who} {world.describe(node['id'])} .{key}", got[key], want[key])


def subject(node: Mapping[str, Any] | None) -> tuple[str, str] | None:
    return None if node is None else (node["__typename"], node["id"])


def check_people_of(
    world: World, viewer_id: str, what: str, nodes: Iterable[Mapping[str, Any]], *fields: str
) -> None:
    """Required people of visible objects are always there (and visible to the viewer)."""
    for node in nodes:
        for name in fields:
            assert node[name] is not None, f"{what} {node['id']}: {name} is null"
            assert oracle.may_see_employee(world, viewer_id, node[name]["id"]), (
                f"{what} {world.describe(node['id'])} names invisible {name}"
            )


async def check_lists(api: Api, world: World, viewer_id: str, *, nested: bool = True) -> None:
    """Every root list, and (``nested``) the relations of everyone in the employees list."""
    viewer = world.employees[viewer_id]
    seen = oracle.sight(world, viewer_id)
    data = (await api.gql(LISTS + (NESTED if nested else FLAT), as_=viewer.email)).ok()
    who = viewer.email

    assert data["me"]["id"] == viewer_id
    employees = data["employees"]
    same(world, f"{who}: employees", ids(employees["nodes"]), set(seen.employees))
    same(world, f"{who}: employees.totalCount", employees["totalCount"], len(seen.employees))
    assert employees["pageInfo"]["hasNextPage"] is False
    for node in employees["nodes"]:
        assert node["status"] == world.employees[node["id"]].status
        if nested:
            same_person(world, seen, f"{who}: employees.nodes", node)

    goals = data["goals"]
    same(world, f"{who}: goals", ids(goals["nodes"]), set(seen.goals))
    same(world, f"{who}: goals.totalCount", goals["totalCount"], len(seen.goals))
    assert goals["pageInfo"]["hasNextPage"] is False
    for node in goals["nodes"]:
        row = world.goals[node["id"]]
        assert node["visibility"] == row.visibility
        assert ref(node["owner"]) == row.owner_id
        assert ref(node["team"]) == row.team_id

    same(world, f"{who}: surveys", ids(data["surveys"]), set(seen.surveys))
    for node in data["surveys"]:
        has_results = node["results"] is not None
        same(world, f"{who}: survey {node['id']} has results", has_results, viewer.is_admin)

    same(world, f"{who}: assessments", ids(data["assessments"]), set(seen.assessments))
    for state, alias in (("ONGOING", "ongoing"), ("PAST", "past")):
        want = oracle.visible_assessment_ids(world, viewer_id, state)
        same(world, f"{who}: assessments(state: {state})", ids(data[alias]), want)
    for node in data["assessments"] + data["ongoing"] + data["past"]:
        same(
            world,
            f"{who}: {node['id']} state",
            node["state"],
            oracle.assessment_state(world, node["id"]),
        )
    for node in data["assessments"]:
        row = world.assessments[node["id"]]
        assert (ref(node["reviewer"]), ref(node["reviewee"]), ref(node["cycle"])) == (
            row.reviewer_id,
            row.reviewee_id,
            row.cycle_id,
        )

    same(world, f"{who}: reviewCycles", ids(data["reviewCycles"]), set(seen.cycles))
    for cycle in data["reviewCycles"]:
        assert cycle["status"] == world.cycles[cycle["id"]].status
        want = {a for a in seen.assessments if world.assessments[a].cycle_id == cycle["id"]}
        same(
            world, f"{who}: reviewCycle {cycle['id']}.assessments", ids(cycle["assessments"]), want
        )

    open_tasks = oracle.visible_task_ids(world, viewer_id, include_done=False)
    same(world, f"{who}: tasks(includeDone: true)", ids(data["allTasks"]), set(seen.tasks))
    same(world, f"{who}: tasks", ids(data["openTasks"]), open_tasks)
    for node in data["allTasks"] + data["openTasks"]:
        assert node["done"] == world.tasks[node["id"]].done
        same(
            world,
            f"{who}: {world.describe(node['id'])} .subject",
            subject(node["subject"]),
            oracle.task_subject(world, viewer_id, node["id"]),
        )

    same(world, f"{who}: meetings", ids(data["meetings"]), set(seen.meetings))
    for meeting in data["meetings"]:
        row = world.meetings[meeting["id"]]
        assert ids(meeting["participants"]) == {row.organizer_id, row.attendee_id}
        want = oracle.visible_meeting_note_ids(world, viewer_id, meeting["id"])
        same(world, f"{who}: meeting {meeting['id']}.notes", ids(meeting["notes"]), want)
        check_people_of(world, viewer_id, "meeting note", meeting["notes"], "author")

    same(world, f"{who}: privateNotes", ids(data["privateNotes"]), set(seen.private_notes))
    for note in data["privateNotes"]:
        about = world.private_notes[note["id"]].about_id
        want_about = about if about in seen.employees else None
        same(world, f"{who}: {world.describe(note['id'])} .about", ref(note["about"]), want_about)

    received = oracle.visible_feedback_ids(world, viewer_id, "RECEIVED")
    same(world, f"{who}: instantFeedback(RECEIVED)", ids(data["received"]), received)
    same(world, f"{who}: instantFeedback", ids(data["receivedByDefault"]), received)
    given_ = oracle.visible_feedback_ids(world, viewer_id, "GIVEN")
    same(world, f"{who}: instantFeedback(GIVEN)", ids(data["given"]), given_)
    check_people_of(
        world, viewer_id, "feedback", data["received"] + data["given"], "giver", "receiver"
    )

    same(world, f"{who}: teams", ids(data["teams"]), set(seen.teams))
    for team in data["teams"]:
        want_team = oracle.team_view(world, seen, team["id"])
        same(world, f"{who}: team {team['id']}", team_view(team), want_team)


# Single lookups: one document of aliased fields, each selecting what tells visible from not.
_LOOKUP_FIELDS = {
    "employee": "{ ...Person }",
    "goal": "{ id owner { id } }",
    "survey": "{ id }",
    "assessment": "{ id state reviewer { id } reviewee { id } }",
    "team": "{ ...TeamView }",
}


def lookup_document(wanted: Mapping[str, Iterable[str]]) -> tuple[str, dict[str, tuple[str, str]]]:
    """A query looking up every (field, id), and what each alias stands for."""
    aliases: dict[str, tuple[str, str]] = {}
    lines = []
    for field, row_ids in wanted.items():
        for row_id in row_ids:
            alias = f"{field}{len(aliases)}"
            aliases[alias] = (field, row_id)
            lines.append(f"  {alias}: {field}(id: {json.dumps(row_id)}) {_LOOKUP_FIELDS[field]}")
    document = "query Lookups {\n" + "\n".join(lines) + "\n}\n"
    if wanted.get("employee"):
        document += PERSON
    elif wanted.get("team"):
        document += TEAM_VIEW
    return document, aliases


def visible_by_lookup(world: World, seen: Sight, field: str, row_id: str) -> bool:
    return (
        row_id
        in {
            "employee": seen.employees,
            "goal": seen.goals,
            "survey": seen.surveys,
            "assessment": seen.assessments,
            "team": seen.teams,
        }[field]
    )


async def check_lookups(
    api: Api, world: World, viewer_id: str, wanted: Mapping[str, Iterable[str]]
) -> None:
    """Each lookup is non-null exactly when the oracle says the row is visible."""
    viewer = world.employees[viewer_id]
    seen = oracle.sight(world, viewer_id)
    document, aliases = lookup_document(wanted)
    if not aliases:
        return
    data = (await api.gql(document, as_=viewer.email)).ok()
    for alias, (field, row_id) in aliases.items():
        node = data[alias]
        what = f"{viewer.email}: {field}(id) of {world.describe(row_id)}"
        same(
            world,
            f"{what} is visible",
            node is not None,
            visible_by_lookup(world, seen, field, row_id),
        )
        if node is None:
            continue
        assert node["id"] == row_id
        if field == "employee":
            same_person(world, seen, f"{viewer.email}: employee(id)", node)
        elif field == "team":
            same(world, what, team_view(node), oracle.team_view(world, seen, row_id))
        elif field == "goal":
            assert ref(node["owner"]) == world.goals[row_id].owner_id
        elif field == "assessment":
            row = world.assessments[row_id]
            assert (ref(node["reviewer"]), ref(node["reviewee"])) == (
                row.reviewer_id,
                row.reviewee_id,
            )
            assert node["state"] == oracle.assessment_state(world, row_id)


def every_row(world: World) -> dict[str, list[str]]:
    return {
        "employee": sorted(world.employees),
        "goal": sorted(world.goals),
        "survey": sorted(world.surveys),
        "assessment": sorted(world.assessments),
        "team": sorted(world.teams),
    }


# --- the demo companies --------------------------------------------------------------------


async def test_the_tested_viewers_are_every_active_demo_person(api: Api) -> None:
    world = await oracle.load_world(api.engine)
    assert {world.employees[i].email for i in world.active_ids()} == set(ACTIVE_DEMO)
    # The demo covers what the rules distinguish.
    statuses = {p.status for p in world.employees.values()}
    assert statuses == {"ACTIVE", "INVITED", "PRE_ONBOARDING", "DEACTIVATED"}
    assert {g.visibility for g in world.goals.values()} == {"PUBLIC", "TEAM", "PRIVATE"}


@pytest.mark.parametrize("email", ACTIVE_DEMO)
async def test_lists_and_nested_relations_match_the_rules(api: Api, email: str) -> None:
    world = await oracle.load_world(api.engine)
    await check_lists(api, world, world.by_email(email).id)


@pytest.mark.parametrize("email", ACTIVE_DEMO)
async def test_every_single_lookup_matches_the_rules(api: Api, email: str) -> None:
    """``employee``, ``goal``, ``survey``, ``assessment``, ``team`` for every row of both
    companies: non-null exactly when visible."""
    world = await oracle.load_world(api.engine)
    await check_lookups(api, world, world.by_email(email).id, every_row(world))


async def test_the_oracle_agrees_with_the_demo_story(api: Api) -> None:
    """The oracle itself, on the cases the demo data was written to show."""
    world = await oracle.load_world(api.engine)
    person = world.by_email

    def goal_owners(email: str) -> set[tuple[str, str]]:
        found = oracle.visible_goal_ids(world, person(email).id)
        return {
            (
                world.employees[world.goals[g].owner_id].email.split(".")[0],
                world.goals[g].visibility,
            )
            for g in found
        }

    # Erin: every PUBLIC goal of ACTIVE colleagues, her own, her team's TEAM goals; not Dan's
    # (deactivated) nor Pia's (pre-onboarding), no one else's PRIVATE goal.
    assert goal_owners("erin.employee@acme.test") == {
        ("erin", "PUBLIC"), ("erin", "TEAM"), ("erin", "PRIVATE"), ("eli", "PUBLIC"),
        ("max", "TEAM"), ("ada", "PUBLIC"),
    }  # fmt: skip
    # Max: his reports' TEAM and PRIVATE goals; Sam: everything in Acme.
    assert {("erin", "PRIVATE"), ("eli", "PRIVATE")} <= goal_owners("max.manager@acme.test")
    assert ("sam", "PRIVATE") not in goal_owners("max.manager@acme.test")
    assert len(goal_owners("sam.super@acme.test")) == 11
    # Sam is Max's manager, so he would see Erin's TEAM goal even without being an admin.
    assert person("sam.super@acme.test").id in oracle.managers_up_chain(
        world, person("erin.employee@acme.test").id
    )

    def names(ids_: Iterable[str]) -> set[str]:
        return {world.employees[i].email.split(".")[0] for i in ids_}

    def assessments(email: str) -> set[tuple[str, str, str]]:
        rows = [
            world.assessments[a] for a in oracle.visible_assessment_ids(world, person(email).id)
        ]
        return {
            (world.cycles[a.cycle_id].status, *names([a.reviewer_id]), *names([a.reviewee_id]))
            for a in rows
        }

    def feedback(email: str) -> set[tuple[str, str]]:
        rows = [world.feedback[f] for f in oracle.visible_feedback_ids(world, person(email).id)]
        return {(*names([f.giver_id]), *names([f.receiver_id])) for f in rows}

    everyone_active = {"sam", "ada", "max", "erin", "eli"}
    assert names(oracle.visible_employee_ids(world, person("erin.employee@acme.test").id)) == (
        everyone_active
    )
    assert names(oracle.visible_employee_ids(world, person("ada.admin@acme.test").id)) == {
        *everyone_active,
        "ivy",
        "pia",
        "dan",
    }
    # Signed ones about her (H1 in a closed cycle, H2 in the active one), the one she writes.
    assert assessments("erin.employee@acme.test") == {
        ("CLOSED", "max", "erin"), ("ACTIVE", "max", "erin"), ("ACTIVE", "erin", "erin"),
    }  # fmt: skip
    # Eli's H2 review by Max is still a draft.
    assert assessments("eli.employee@acme.test") == {
        ("CLOSED", "max", "eli"), ("ACTIVE", "eli", "eli"),
    }  # fmt: skip
    # Max: what he writes, and his reports' self-assessments; not Ada's draft about him.
    assert assessments("max.manager@acme.test") == {
        ("CLOSED", "max", "erin"), ("CLOSED", "max", "eli"), ("ACTIVE", "max", "erin"),
        ("ACTIVE", "max", "eli"), ("ACTIVE", "erin", "erin"), ("ACTIVE", "eli", "eli"),
    }  # fmt: skip
    # Feedback: given, received, and shared with the receiver's manager only.
    assert feedback("max.manager@acme.test") == {("max", "erin"), ("erin", "max"), ("erin", "eli")}
    assert feedback("sam.super@acme.test") == {("erin", "max")}
    assert feedback("ada.admin@acme.test") == set()
    # Gwen sees nothing of Acme.
    assert all(
        world.goals[g].company_id == person("gwen.employee@globex.test").company_id
        for g in oracle.visible_goal_ids(world, person("gwen.employee@globex.test").id)
    )


# --- a bigger, synthetic company -----------------------------------------------------------

SYNTHETIC_SIZE = 120


async def seed_company(api: Api) -> str:
    async with session_factory(api.engine)() as session:
        return await seed_synthetic(session, SYNTHETIC_SIZE)


def kinds_of_viewers(world: World, company_id: str) -> dict[str, list[str]]:
    """The company's ACTIVE people (the ones who can sign in), by what the rules tell apart."""
    active = world.active_ids(company_id)
    reports: dict[str, set[str]] = {}
    for person in world.employees.values():
        if person.manager_id is not None:
            reports.setdefault(person.manager_id, set()).add(person.id)

    def grand_reports(e: str) -> int:
        return sum(len(reports.get(r, ())) for r in reports.get(e, ()))

    employees = [e for e in active if not world.employees[e].is_admin]
    return {
        "super admin": [e for e in active if world.employees[e].role == "SUPER_ADMIN"],
        "admin": [e for e in active if world.employees[e].role == "ADMIN"],
        # Non-admins who manage managers, most grand-reports first.
        "manager of managers": sorted(
            (e for e in employees if grand_reports(e)), key=lambda e: (-grand_reports(e), e)
        ),
        "manager": [e for e in employees if e in reports and not grand_reports(e)],
        "individual contributor": [e for e in employees if e not in reports],
    }


def viewers(world: World, company_id: str) -> st.SearchStrategy[str]:
    """Any ACTIVE viewer, each kind as likely as the others (there are few admins and
    managers of managers, but they are where the rules differ most)."""
    kinds = kinds_of_viewers(world, company_id)
    return st.one_of(*(st.sampled_from(ids) for ids in kinds.values() if ids))


async def test_a_synthetic_company_matches_the_rules_for_each_kind_of_viewer(api: Api) -> None:
    """Every list with every employee's nested relations, in a company of 120."""
    company_id = await seed_company(api)
    world = await oracle.load_world(api.engine)
    for kind, ids_ in kinds_of_viewers(world, company_id).items():
        assert ids_, f"no {kind} in the synthetic company"
        await check_lists(api, world, ids_[0])


async def test_a_synthetic_company_matches_the_rules_for_any_viewer(api: Api) -> None:
    """For drawn ACTIVE viewers of a company of 120: every list, and drawn single lookups
    (with nested relations) of rows from all three companies.

    Hypothesis runs the property synchronously in a worker thread; each example hands its
    async check to this test's event loop (which the app and its engine are bound to) and
    waits for it, so a failure shrinks as usual.
    """
    company_id = await seed_company(api)
    world = await oracle.load_world(api.engine)
    assert len(world.active_ids(company_id)) > SYNTHETIC_SIZE * 3 // 4
    anyone = viewers(world, company_id)
    everything = every_row(world)
    loop = asyncio.get_running_loop()

    async def check(viewer_id: str, lookups: dict[str, list[str]]) -> None:
        await check_lists(api, world, viewer_id, nested=False)
        await check_lookups(api, world, viewer_id, lookups)

    @given(st.data())
    def viewers_see_what_the_rules_say(data: st.DataObject) -> None:
        viewer_id = data.draw(anyone, label="viewer")
        lookups = {
            kind: data.draw(st.lists(st.sampled_from(row_ids), max_size=6, unique=True), label=kind)
            for kind, row_ids in everything.items()
        }
        # Mostly the people around the viewer: their relations are where the rules differ.
        near = st.sampled_from(neighbourhood(world, viewer_id))
        lookups["employee"] = data.draw(
            st.lists(near | st.sampled_from(everything["employee"]), max_size=8, unique=True),
            label="employee",
        )
        asyncio.run_coroutine_threadsafe(check(viewer_id, lookups), loop).result()

    await asyncio.to_thread(viewers_see_what_the_rules_say)


# --- the same company, changed at random around the viewer ---------------------------------

TABLES = SQLModel.metadata.tables
WHEN = datetime(2026, 6, 1, 9, tzinfo=UTC)
PERSON_COLUMNS = ("status", "role", "team_id", "manager_id")


@dataclasses.dataclass
class Changes:
    """Rows to insert and employees to update for one example; undone afterwards."""

    inserts: list[tuple[str, dict[str, Any]]] = dataclasses.field(default_factory=list)
    people: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)  # id -> new values

    def inserted(self, table: str) -> list[str]:
        return [row["id"] for name, row in self.inserts if name == table]


async def apply(api: Api, changes: Changes) -> None:
    employees = TABLES["employees"]
    async with api.engine.begin() as connection:
        for employee_id, values in changes.people.items():
            await connection.execute(
                update(employees).where(employees.c.id == employee_id).values(**values)
            )
        for name, row in changes.inserts:
            await connection.execute(insert(TABLES[name]).values(**row))


async def undo(api: Api, world: World, changes: Changes) -> None:
    """Back to ``world``: delete what was inserted, restore the people that were changed."""
    async with api.engine.begin() as connection:
        for name, row in reversed(changes.inserts):
            table = TABLES[name]
            await connection.execute(delete(table).where(table.c.id == row["id"]))
        employees = TABLES["employees"]
        for employee_id in changes.people:
            before = world.employees[employee_id]
            await connection.execute(
                update(employees)
                .where(employees.c.id == employee_id)
                .values({c: getattr(before, c) for c in PERSON_COLUMNS})
            )


def neighbourhood(world: World, viewer_id: str) -> list[str]:
    """The people whose rows matter most to the viewer: themselves, their managers up the
    chain, their reports and their reports' reports, their teammates."""
    viewer = world.employees[viewer_id]
    near = {viewer_id, *oracle.managers_up_chain(world, viewer_id)}
    reports = {e.id for e in world.employees.values() if e.manager_id == viewer_id}
    near |= reports | {e.id for e in world.employees.values() if e.manager_id in reports}
    if viewer.team_id is not None:
        near |= {e.id for e in world.employees.values() if e.team_id == viewer.team_id}
    return sorted(near)


def draw_changes(
    data: st.DataObject, world: World, company_id: str, viewer_id: str, cycles: list[str]
) -> Changes:
    """A few changes in the viewer's company, mostly around the viewer.

    Everyone's status, role, team and manager may change (never creating a management loop,
    and the viewer stays ACTIVE so they can sign in); goals, assessments, 1:1s with a note,
    feedback, private notes and tasks appear between any two people, whatever their status.
    A task's subject may be any row of its kind, of any company.
    """
    everyone = sorted(e for e, p in world.employees.items() if p.company_id == company_id)
    near = neighbourhood(world, viewer_id)
    people = st.one_of(st.sampled_from(near), st.sampled_from(everyone))
    teams = sorted(t for t, row in world.teams.items() if row.company_id == company_id)
    changes = Changes()
    managers = {e: world.employees[e].manager_id for e in everyone}
    taken = {(a.cycle_id, a.reviewee_id, a.reviewer_id) for a in world.assessments.values()}

    def person_change(employee_id: str, **values: Any) -> None:
        changes.people.setdefault(employee_id, {}).update(values)

    for kind in data.draw(
        st.lists(
            st.sampled_from(
                ["status", "role", "team", "manager", "goal", "assessment", "meeting",
                 "feedback", "private_note", "task"]
            ),
            min_size=1,
            max_size=6,
        ),
        label="changes",
    ):  # fmt: skip
        new_id = str(uuid4())
        if kind == "status":
            who = data.draw(people.filter(lambda e: e != viewer_id), label="status of")
            status = data.draw(st.sampled_from(STATUSES), label="status")
            person_change(who, status=status)
        elif kind == "role":
            person_change(
                data.draw(people, label="role of"), role=data.draw(st.sampled_from(ROLES))
            )
        elif kind == "team":
            team = data.draw(st.none() | st.sampled_from(teams), label="team")
            person_change(data.draw(people, label="team of"), team_id=team)
        elif kind == "manager":
            who = data.draw(people, label="manager of")
            boss = data.draw(st.none() | people, label="new manager")
            chain, current = set(), boss
            while current is not None and current not in chain:
                chain.add(current)
                current = managers[current]
            if who not in chain:  # else it would loop: leave it
                managers[who] = boss
                person_change(who, manager_id=boss)
        elif kind == "goal":
            owner = data.draw(people, label="goal owner")
            visibility = data.draw(st.sampled_from(VISIBILITIES), label="visibility")
            changes.inserts.append(("goals", {
                "id": new_id, "company_id": company_id, "owner_id": owner,
                "team_id": world.employees[owner].team_id, "title": "Drawn goal",
                "visibility": visibility, "progress": 0, "created_at": WHEN,
            }))  # fmt: skip
        elif kind == "assessment":
            cycle = data.draw(st.sampled_from(cycles), label="cycle")
            reviewer = data.draw(people, label="reviewer")
            reviewee = data.draw(people, label="reviewee")
            signed = data.draw(st.booleans(), label="signed")
            if (cycle, reviewee, reviewer) not in taken:
                taken.add((cycle, reviewee, reviewer))
                changes.inserts.append(("assessments", {
                    "id": new_id, "company_id": company_id, "cycle_id": cycle,
                    "reviewee_id": reviewee, "reviewer_id": reviewer,
                    "status": "SIGNED" if signed else "DRAFT",
                    "signed_at": WHEN if signed else None,
                }))  # fmt: skip
        elif kind == "meeting":
            organizer = data.draw(people, label="organizer")
            attendee = data.draw(people.filter(lambda e, o=organizer: e != o), label="attendee")
            changes.inserts.append(("meetings", {
                "id": new_id, "company_id": company_id, "organizer_id": organizer,
                "attendee_id": attendee, "title": "Drawn 1:1", "scheduled_at": WHEN,
            }))  # fmt: skip
            changes.inserts.append(("meeting_notes", {
                "id": str(uuid4()), "meeting_id": new_id, "author_id": organizer,
                "body": "Drawn note", "created_at": WHEN,
            }))  # fmt: skip
        elif kind == "feedback":
            giver = data.draw(people, label="giver")
            receiver = data.draw(people.filter(lambda e, g=giver: e != g), label="receiver")
            changes.inserts.append(("instant_feedback", {
                "id": new_id, "company_id": company_id, "giver_id": giver,
                "receiver_id": receiver, "message": "Drawn feedback",
                "shared_with_manager": data.draw(st.booleans(), label="shared"),
                "created_at": WHEN,
            }))  # fmt: skip
        elif kind == "private_note":
            changes.inserts.append(("private_notes", {
                "id": new_id, "company_id": company_id,
                "author_id": data.draw(people, label="author"),
                "about_id": data.draw(st.none() | people, label="about"),
                "body": "Drawn note", "created_at": WHEN,
            }))  # fmt: skip
        else:
            subject_kind = data.draw(st.sampled_from(sorted(SUBJECTS)), label="subject kind")
            rows = sorted(getattr(world, SUBJECTS[subject_kind]))
            changes.inserts.append(("tasks", {
                "id": new_id, "company_id": company_id,
                "assignee_id": data.draw(people, label="assignee"), "title": "Drawn task",
                "module": "OTHER", "location": "Home", "done": data.draw(st.booleans()),
                "subject_kind": subject_kind,
                "subject_id": data.draw(st.sampled_from(rows), label="subject"),
                "created_at": WHEN,
            }))  # fmt: skip
    return changes


STATUSES = ["ACTIVE", "INVITED", "PRE_ONBOARDING", "DEACTIVATED"]
ROLES = ["EMPLOYEE", "ADMIN", "SUPER_ADMIN"]
VISIBILITIES = ["PUBLIC", "TEAM", "PRIVATE"]
SUBJECTS = {
    "SURVEY": "surveys",
    "ASSESSMENT": "assessments",
    "GOAL": "goals",
    "MEETING": "meetings",
}


async def test_a_changing_company_matches_the_rules_for_any_viewer(api: Api) -> None:
    """Draw a viewer of the synthetic company and a few changes around them (new rows between
    people of any status, people changing status, role, team or manager), apply them, and
    compare every list plus lookups of the changed rows and people with the oracle; then
    undo the changes before the next example."""
    company_id = await seed_company(api)
    async with api.engine.begin() as connection:
        # A closed cycle next to the seeded active one, so PAST assessments appear too.
        closed = str(uuid4())
        await connection.execute(insert(TABLES["review_cycles"]).values(
            id=closed, company_id=company_id, name="2025 Annual Review", status="CLOSED",
            created_at=WHEN,
        ))  # fmt: skip
    base = await oracle.load_world(api.engine)
    anyone = viewers(base, company_id)
    cycles = sorted(c for c, row in base.cycles.items() if row.company_id == company_id)
    loop = asyncio.get_running_loop()

    async def check(viewer_id: str, changes: Changes) -> None:
        await apply(api, changes)
        try:
            world = await oracle.load_world(api.engine)
            touched = {viewer_id, *changes.people}
            for _table, row in changes.inserts:
                touched |= {v for k, v in row.items() if k.endswith("_id") and v in world.employees}
            await check_lists(api, world, viewer_id, nested=False)
            await check_lookups(api, world, viewer_id, {
                "employee": sorted(touched),
                "goal": changes.inserted("goals"),
                "assessment": changes.inserted("assessments"),
                "team": sorted({world.employees[e].team_id or "" for e in touched} - {""}),
            })  # fmt: skip
        finally:
            await undo(api, base, changes)

    @given(st.data())
    def changes_around_the_viewer(data: st.DataObject) -> None:
        viewer_id = data.draw(anyone, label="viewer")
        changes = draw_changes(data, base, company_id, viewer_id, cycles)
        asyncio.run_coroutine_threadsafe(check(viewer_id, changes), loop).result()

    await asyncio.to_thread(changes_around_the_viewer)
    assert await oracle.load_world(api.engine) == base, "the changes were not all undone"
