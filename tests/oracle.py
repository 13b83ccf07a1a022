"""An independent model of "what each employee sees", to test the API against.

Deliberately shares nothing with ``permissions/`` or ``resolvers/``: it reads every row of
every table with plain SQLAlchemy Core selects (table and column names only, no models) into
plain dataclasses, then applies the rules of SPEC.md in straightforward Python. When the API
and this module disagree, one of them is wrong, and the test says which case.

The rules, as the API interprets them:

- Employees: non-admins see the ACTIVE employees of their company and themselves; admins
  (ADMIN, SUPER_ADMIN) see every status of their company.
- An object whose required people the viewer cannot see is itself invisible (a goal's owner;
  an assessment's reviewer and reviewee; a meeting's participants; feedback's giver and
  receiver). Nullable references to invisible people are null.
- Goals: PUBLIC everyone; TEAM the owner, the owner's team (same team as the owner), the
  owner's managers at any depth, admins; PRIVATE the owner, their direct manager, admins.
- Surveys: the ones the viewer is invited to; admins every survey of the company.
- Assessments: the reviewer; the reviewee once SIGNED; the reviewee's direct manager; admins.
- Review cycles: every cycle of the company. Tasks: the assignee's own.
- Meetings and their notes: the two participants. Private notes: the author alone.
- Instant feedback: giver and receiver; the receiver's direct manager when shared.
- Nothing crosses companies.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import column, select, table
from sqlalchemy.ext.asyncio import AsyncEngine

ADMIN_ROLES = frozenset({"ADMIN", "SUPER_ADMIN"})


@dataclass(frozen=True)
class Person:
    id: str
    company_id: str
    email: str
    status: str
    role: str
    manager_id: str | None
    team_id: str | None

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES


@dataclass(frozen=True)
class TeamRow:
    id: str
    company_id: str
    lead_id: str | None


@dataclass(frozen=True)
class GoalRow:
    id: str
    company_id: str
    owner_id: str
    team_id: str | None
    visibility: str


@dataclass(frozen=True)
class SurveyRow:
    id: str
    company_id: str


@dataclass(frozen=True)
class CycleRow:
    id: str
    company_id: str
    status: str


@dataclass(frozen=True)
class AssessmentRow:
    id: str
    company_id: str
    cycle_id: str
    reviewee_id: str
    reviewer_id: str
    status: str


@dataclass(frozen=True)
class TaskRow:
    id: str
    company_id: str
    assignee_id: str
    done: bool
    subject_kind: str | None
    subject_id: str | None


@dataclass(frozen=True)
class MeetingRow:
    id: str
    company_id: str
    organizer_id: str
    attendee_id: str


@dataclass(frozen=True)
class MeetingNoteRow:
    id: str
    meeting_id: str
    author_id: str


@dataclass(frozen=True)
class PrivateNoteRow:
    id: str
    company_id: str
    author_id: str
    about_id: str | None


@dataclass(frozen=True)
class FeedbackRow:
    id: str
    company_id: str
    giver_id: str
    receiver_id: str
    shared_with_manager: bool


@dataclass
class World:
    """Every row that matters for visibility, by id."""

    companies: dict[str, str] = field(default_factory=dict)  # id -> name
    employees: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, TeamRow] = field(default_factory=dict)
    goals: dict[str, GoalRow] = field(default_factory=dict)
    surveys: dict[str, SurveyRow] = field(default_factory=dict)
    invitations: set[tuple[str, str]] = field(default_factory=set)  # (survey, employee)
    cycles: dict[str, CycleRow] = field(default_factory=dict)
    assessments: dict[str, AssessmentRow] = field(default_factory=dict)
    tasks: dict[str, TaskRow] = field(default_factory=dict)
    meetings: dict[str, MeetingRow] = field(default_factory=dict)
    meeting_notes: dict[str, MeetingNoteRow] = field(default_factory=dict)
    private_notes: dict[str, PrivateNoteRow] = field(default_factory=dict)
    feedback: dict[str, FeedbackRow] = field(default_factory=dict)

    def by_email(self, email: str) -> Person:
        for person in self.employees.values():
            if person.email == email:
                return person
        raise KeyError(email)

    def describe(self, row_id: str | None) -> str:
        """A row as a person reads it in a failure message: kind, people by email, flags."""
        if row_id is None:
            return "null"

        def who(employee_id: str | None) -> str:
            person = self.employees.get(employee_id or "")
            if person is None:
                return str(employee_id)
            return f"{person.email} [{person.status} {person.role}]"

        if (e := self.employees.get(row_id)) is not None:
            return f"employee {who(e.id)}"
        if (g := self.goals.get(row_id)) is not None:
            return f"{g.visibility} goal of {who(g.owner_id)}"
        if (a := self.assessments.get(row_id)) is not None:
            people = f"of {who(a.reviewee_id)} by {who(a.reviewer_id)}"
            return f"{a.status} assessment {people} ({self.cycles[a.cycle_id].status} cycle)"
        if (f := self.feedback.get(row_id)) is not None:
            shared = "shared with manager" if f.shared_with_manager else "not shared"
            return f"feedback from {who(f.giver_id)} to {who(f.receiver_id)}, {shared}"
        if (m := self.meetings.get(row_id)) is not None:
            return f"meeting of {who(m.organizer_id)} with {who(m.attendee_id)}"
        if (t := self.tasks.get(row_id)) is not None:
            return f"task of {who(t.assignee_id)} about {t.subject_kind} {t.subject_id}"
        if (s := self.surveys.get(row_id)) is not None:
            return f"survey {s.id} of {self.companies.get(s.company_id)}"
        if (n := self.private_notes.get(row_id)) is not None:
            return f"private note of {who(n.author_id)} about {who(n.about_id)}"
        if row_id in self.meeting_notes:
            return f"note of {self.describe(self.meeting_notes[row_id].meeting_id)}"
        if row_id in self.teams:
            return f"team {row_id}"
        if row_id in self.cycles:
            return f"{self.cycles[row_id].status} cycle {row_id}"
        return f"unknown row {row_id}"

    def company_named(self, name: str) -> str:
        for company_id, company_name in self.companies.items():
            if company_name == name:
                return company_id
        raise KeyError(name)

    def active_ids(self, company_id: str | None = None) -> list[str]:
        """ACTIVE employees (the only ones who can sign in), sorted for reproducibility."""
        return sorted(
            p.id
            for p in self.employees.values()
            if p.status == "ACTIVE" and (company_id is None or p.company_id == company_id)
        )


# --- loading -------------------------------------------------------------------------------


def _t(name: str, *columns: str) -> Any:
    return table(name, *(column(c) for c in columns))


_TABLES = {
    "companies": _t("companies", "id", "name"),
    "employees": _t(
        "employees", "id", "company_id", "email", "status", "role", "manager_id", "team_id"
    ),
    "teams": _t("teams", "id", "company_id", "lead_id"),
    "goals": _t("goals", "id", "company_id", "owner_id", "team_id", "visibility"),
    "surveys": _t("surveys", "id", "company_id"),
    "survey_invitations": _t("survey_invitations", "survey_id", "employee_id"),
    "review_cycles": _t("review_cycles", "id", "company_id", "status"),
    "assessments": _t(
        "assessments", "id", "company_id", "cycle_id", "reviewee_id", "reviewer_id", "status"
    ),
    "tasks": _t("tasks", "id", "company_id", "assignee_id", "done", "subject_kind", "subject_id"),
    "meetings": _t("meetings", "id", "company_id", "organizer_id", "attendee_id"),
    "meeting_notes": _t("meeting_notes", "id", "meeting_id", "author_id"),
    "private_notes": _t("private_notes", "id", "company_id", "author_id", "about_id"),
    "instant_feedback": _t(
        "instant_feedback", "id", "company_id", "giver_id", "receiver_id", "shared_with_manager"
    ),
}


async def load_world(engine: AsyncEngine) -> World:
    """Read every row of every table once, straight from the database."""
    rows: dict[str, list[dict[str, Any]]] = {}
    async with engine.connect() as connection:
        for name, tbl in _TABLES.items():
            result = await connection.execute(select(*tbl.c))
            rows[name] = [dict(row._mapping) for row in result]
    world = World()
    world.companies = {r["id"]: r["name"] for r in rows["companies"]}
    world.employees = {r["id"]: Person(**r) for r in rows["employees"]}
    world.teams = {r["id"]: TeamRow(**r) for r in rows["teams"]}
    world.goals = {r["id"]: GoalRow(**r) for r in rows["goals"]}
    world.surveys = {r["id"]: SurveyRow(**r) for r in rows["surveys"]}
    world.invitations = {(r["survey_id"], r["employee_id"]) for r in rows["survey_invitations"]}
    world.cycles = {r["id"]: CycleRow(**r) for r in rows["review_cycles"]}
    world.assessments = {r["id"]: AssessmentRow(**r) for r in rows["assessments"]}
    world.tasks = {r["id"]: TaskRow(**{**r, "done": bool(r["done"])}) for r in rows["tasks"]}
    world.meetings = {r["id"]: MeetingRow(**r) for r in rows["meetings"]}
    world.meeting_notes = {r["id"]: MeetingNoteRow(**r) for r in rows["meeting_notes"]}
    world.private_notes = {r["id"]: PrivateNoteRow(**r) for r in rows["private_notes"]}
    world.feedback = {
        r["id"]: FeedbackRow(**{**r, "shared_with_manager": bool(r["shared_with_manager"])})
        for r in rows["instant_feedback"]
    }
    return world


# --- people --------------------------------------------------------------------------------


def _viewer(world: World, viewer_id: str) -> Person:
    return world.employees[viewer_id]


def may_see_employee(world: World, viewer_id: str, employee_id: str | None) -> bool:
    if employee_id is None or employee_id not in world.employees:
        return False
    viewer, person = _viewer(world, viewer_id), world.employees[employee_id]
    if person.company_id != viewer.company_id:
        return False
    return viewer.is_admin or person.status == "ACTIVE" or person.id == viewer.id


def visible_employee_ids(world: World, viewer_id: str) -> set[str]:
    return {e for e in world.employees if may_see_employee(world, viewer_id, e)}


def managers_up_chain(world: World, employee_id: str) -> set[str]:
    """The employee's manager, their manager, and so on (stopping if the data loops)."""
    found: set[str] = set()
    current = world.employees[employee_id].manager_id
    while current is not None and current not in found:
        found.add(current)
        current = world.employees[current].manager_id if current in world.employees else None
    return found


def visible_team_ids(world: World, viewer_id: str) -> set[str]:
    company = _viewer(world, viewer_id).company_id
    return {t.id for t in world.teams.values() if t.company_id == company}


def _all_visible(world: World, viewer_id: str, people: Iterable[str]) -> bool:
    return all(may_see_employee(world, viewer_id, p) for p in people)


# --- goals ---------------------------------------------------------------------------------


def may_see_goal(world: World, viewer_id: str, goal_id: str) -> bool:
    goal = world.goals.get(goal_id)
    viewer = _viewer(world, viewer_id)
    if goal is None or goal.company_id != viewer.company_id:
        return False
    if not may_see_employee(world, viewer_id, goal.owner_id):
        return False
    if viewer.is_admin or goal.owner_id == viewer.id:
        return True
    owner = world.employees[goal.owner_id]
    if goal.visibility == "PUBLIC":
        return True
    if goal.visibility == "TEAM":
        same_team = owner.team_id is not None and owner.team_id == viewer.team_id
        return same_team or viewer.id in managers_up_chain(world, owner.id)
    if goal.visibility == "PRIVATE":
        return owner.manager_id == viewer.id
    raise AssertionError(f"unknown visibility {goal.visibility!r}")


def visible_goal_ids(world: World, viewer_id: str) -> set[str]:
    return {g for g in world.goals if may_see_goal(world, viewer_id, g)}


# --- surveys -------------------------------------------------------------------------------


def may_see_survey(world: World, viewer_id: str, survey_id: str) -> bool:
    survey = world.surveys.get(survey_id)
    viewer = _viewer(world, viewer_id)
    if survey is None or survey.company_id != viewer.company_id:
        return False
    return viewer.is_admin or (survey_id, viewer_id) in world.invitations


def visible_survey_ids(world: World, viewer_id: str) -> set[str]:
    return {s for s in world.surveys if may_see_survey(world, viewer_id, s)}


# --- review cycles and assessments ---------------------------------------------------------


def visible_cycle_ids(world: World, viewer_id: str) -> set[str]:
    company = _viewer(world, viewer_id).company_id
    return {c.id for c in world.cycles.values() if c.company_id == company}


def assessment_state(world: World, assessment_id: str) -> str:
    cycle = world.cycles[world.assessments[assessment_id].cycle_id]
    return "ONGOING" if cycle.status == "ACTIVE" else "PAST"


def may_see_assessment(world: World, viewer_id: str, assessment_id: str) -> bool:
    assessment = world.assessments.get(assessment_id)
    viewer = _viewer(world, viewer_id)
    if assessment is None or assessment.company_id != viewer.company_id:
        return False
    if not _all_visible(world, viewer_id, (assessment.reviewer_id, assessment.reviewee_id)):
        return False
    if viewer.is_admin or assessment.reviewer_id == viewer.id:
        return True
    if assessment.reviewee_id == viewer.id and assessment.status == "SIGNED":
        return True
    return world.employees[assessment.reviewee_id].manager_id == viewer.id


def visible_assessment_ids(world: World, viewer_id: str, state: str | None = None) -> set[str]:
    return {
        a
        for a in world.assessments
        if may_see_assessment(world, viewer_id, a)
        and (state is None or assessment_state(world, a) == state)
    }


# --- tasks ---------------------------------------------------------------------------------


def visible_task_ids(world: World, viewer_id: str, *, include_done: bool = True) -> set[str]:
    viewer = _viewer(world, viewer_id)
    return {
        t.id
        for t in world.tasks.values()
        if t.assignee_id == viewer_id
        and t.company_id == viewer.company_id
        and (include_done or not t.done)
    }


def task_subject(world: World, viewer_id: str, task_id: str) -> tuple[str, str] | None:
    """The GraphQL type name and id of the task's subject, or None when it resolves to null."""
    task = world.tasks[task_id]
    if task.subject_kind is None or task.subject_id is None:
        return None
    check, typename = {
        "SURVEY": (may_see_survey, "Survey"),
        "ASSESSMENT": (may_see_assessment, "Assessment"),
        "GOAL": (may_see_goal, "Goal"),
        "MEETING": (may_see_meeting, "Meeting"),
    }[task.subject_kind]
    return (typename, task.subject_id) if check(world, viewer_id, task.subject_id) else None


# --- meetings and notes --------------------------------------------------------------------


def may_see_meeting(world: World, viewer_id: str, meeting_id: str) -> bool:
    meeting = world.meetings.get(meeting_id)
    viewer = _viewer(world, viewer_id)
    if meeting is None or meeting.company_id != viewer.company_id:
        return False
    participants = (meeting.organizer_id, meeting.attendee_id)
    return viewer_id in participants and _all_visible(world, viewer_id, participants)


def visible_meeting_ids(world: World, viewer_id: str) -> set[str]:
    return {m for m in world.meetings if may_see_meeting(world, viewer_id, m)}


def visible_meeting_note_ids(world: World, viewer_id: str, meeting_id: str) -> set[str]:
    if not may_see_meeting(world, viewer_id, meeting_id):
        return set()
    return {n.id for n in world.meeting_notes.values() if n.meeting_id == meeting_id}


def visible_private_note_ids(world: World, viewer_id: str) -> set[str]:
    viewer = _viewer(world, viewer_id)
    return {
        n.id
        for n in world.private_notes.values()
        if n.author_id == viewer_id and n.company_id == viewer.company_id
    }


# --- instant feedback ----------------------------------------------------------------------


def may_see_feedback(world: World, viewer_id: str, feedback_id: str) -> bool:
    feedback = world.feedback.get(feedback_id)
    viewer = _viewer(world, viewer_id)
    if feedback is None or feedback.company_id != viewer.company_id:
        return False
    if not _all_visible(world, viewer_id, (feedback.giver_id, feedback.receiver_id)):
        return False
    if viewer_id in (feedback.giver_id, feedback.receiver_id):
        return True
    receiver = world.employees[feedback.receiver_id]
    return feedback.shared_with_manager and receiver.manager_id == viewer_id


def visible_feedback_ids(world: World, viewer_id: str, direction: str | None = None) -> set[str]:
    """All feedback the viewer may see; with a direction, what they RECEIVED or GIVEN."""
    found = {f for f in world.feedback if may_see_feedback(world, viewer_id, f)}
    if direction == "RECEIVED":
        return {f for f in found if world.feedback[f].receiver_id == viewer_id}
    if direction == "GIVEN":
        return {f for f in found if world.feedback[f].giver_id == viewer_id}
    assert direction is None, direction
    return found


# --- everything one viewer sees, and the nested relations of one employee -----------------


@dataclass(frozen=True)
class Sight:
    """Every visible id for one viewer, computed once."""

    viewer_id: str
    employees: frozenset[str]
    teams: frozenset[str]
    goals: frozenset[str]
    surveys: frozenset[str]
    cycles: frozenset[str]
    assessments: frozenset[str]
    tasks: frozenset[str]
    meetings: frozenset[str]
    private_notes: frozenset[str]
    feedback: frozenset[str]


def sight(world: World, viewer_id: str) -> Sight:
    return Sight(
        viewer_id=viewer_id,
        employees=frozenset(visible_employee_ids(world, viewer_id)),
        teams=frozenset(visible_team_ids(world, viewer_id)),
        goals=frozenset(visible_goal_ids(world, viewer_id)),
        surveys=frozenset(visible_survey_ids(world, viewer_id)),
        cycles=frozenset(visible_cycle_ids(world, viewer_id)),
        assessments=frozenset(visible_assessment_ids(world, viewer_id)),
        tasks=frozenset(visible_task_ids(world, viewer_id)),
        meetings=frozenset(visible_meeting_ids(world, viewer_id)),
        private_notes=frozenset(visible_private_note_ids(world, viewer_id)),
        feedback=frozenset(visible_feedback_ids(world, viewer_id)),
    )


def employee_view(world: World, seen: Sight, employee_id: str) -> dict[str, Any]:
    """What the viewer sees of one (visible) employee's relations, in the shape the tests
    normalise the API's ``Employee`` selections to."""
    person = world.employees[employee_id]
    team = None
    if person.team_id is not None and person.team_id in seen.teams:
        team = team_view(world, seen, person.team_id)
    about = {a for a in seen.assessments if world.assessments[a].reviewee_id == employee_id}
    return {
        "id": employee_id,
        "status": person.status,
        "manager": person.manager_id if person.manager_id in seen.employees else None,
        "reports": {e for e in seen.employees if world.employees[e].manager_id == employee_id},
        "goals": {g for g in seen.goals if world.goals[g].owner_id == employee_id},
        "assessments": about,
        "ongoing": {a for a in about if assessment_state(world, a) == "ONGOING"},
        "past": {a for a in about if assessment_state(world, a) == "PAST"},
        "instantFeedback": {
            f for f in seen.feedback if world.feedback[f].receiver_id == employee_id
        },
        "team": team,
    }


def team_view(world: World, seen: Sight, team_id: str) -> dict[str, Any]:
    lead = world.teams[team_id].lead_id
    return {
        "id": team_id,
        "members": {e for e in seen.employees if world.employees[e].team_id == team_id},
        "lead": lead if lead in seen.employees else None,
    }
