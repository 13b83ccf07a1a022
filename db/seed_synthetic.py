"""A large, realistic, reproducible company for benchmarks and load tests.

Rows are built in memory with the workflows' own builders (so invitations, assessments and
their tasks are exactly what the workflows make) and inserted chunk by chunk with bulk
INSERTs: the per-item workflows would take minutes for ten thousand people.
"""

import random
import re
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, inspect, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from db.enums import (
    AssessmentStatus,
    CycleStatus,
    EmployeeStatus,
    GoalVisibility,
    InvitationStatus,
    Role,
    SurveyStatus,
)
from db.models import (
    Assessment,
    Company,
    Employee,
    Goal,
    InstantFeedback,
    Meeting,
    MeetingNote,
    PrivateNote,
    ReviewCycle,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    Task,
    Team,
)
from db.workflows import IdFactory, new_assessment, new_survey_invitation, new_survey_response

CHUNK = 1000
BASE = datetime(2026, 6, 1, 9, tzinfo=UTC)

_FIRST = [
    "Aisha", "Alex", "Amara", "Ben", "Carla", "Chen", "Dana", "Diego", "Elena", "Emeka",
    "Farah", "Felix", "Grace", "Hana", "Hugo", "Ines", "Ivan", "Jade", "Jonas", "Kai", "Kenji",
    "Lara", "Leo", "Lina", "Luca", "Maya", "Mei", "Mila", "Nia", "Noah", "Omar", "Oscar",
    "Priya", "Quinn", "Rafael", "Rosa", "Ryan", "Sara", "Sofia", "Tariq", "Theo", "Uma",
    "Vera", "Wei", "Yara", "Yusuf", "Zoe",
]  # fmt: skip
_LAST = [
    "Adams", "Ahmed", "Baker", "Bauer", "Costa", "Diaz", "Dubois", "Evans", "Fischer",
    "Garcia", "Haddad", "Ito", "Jensen", "Khan", "Kim", "Kowalski", "Larsen", "Lopez",
    "Martin", "Meyer", "Moreau", "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Patel",
    "Perez", "Rossi", "Sato", "Schmidt", "Silva", "Smith", "Tanaka", "Taylor", "Wagner",
    "Walker", "Weber", "Wong", "Yilmaz", "Zhang",
]  # fmt: skip
# Department -> job titles of its individual contributors.
_DEPARTMENTS = {
    "People": ["People Partner", "Recruiter", "Payroll Specialist", "L&D Specialist"],
    "Engineering": ["Software Engineer", "Senior Software Engineer", "SRE", "QA Engineer"],
    "Sales": ["Account Executive", "Sales Development Rep", "Sales Engineer"],
    "Customer Success": ["Customer Success Manager", "Support Specialist", "Onboarding Lead"],
    "Marketing": ["Content Marketer", "Growth Marketer", "Designer", "Events Manager"],
    "Finance": ["Accountant", "Financial Analyst", "Controller"],
    "Operations": ["Operations Analyst", "Office Manager", "IT Specialist"],
    "Product": ["Product Manager", "Product Designer", "UX Researcher", "Data Analyst"],
}
_SQUADS = [
    "Atlas", "Beacon", "Comet", "Delta", "Ember", "Falcon", "Harbor", "Kite", "Nova", "Orbit",
    "Pulse", "Summit",
]  # fmt: skip
_GOAL_VERBS = ["Improve", "Launch", "Reduce", "Automate", "Document", "Grow", "Streamline"]
_GOAL_OBJECTS = [
    "the quarterly planning process", "customer onboarding time", "the reporting dashboard",
    "weekly cycle time", "the internal knowledge base", "the renewal rate",
    "cross-team handovers", "the hiring pipeline", "our incident response", "the release cadence",
]  # fmt: skip
_OTHER_STATUSES = [
    EmployeeStatus.INVITED,
    EmployeeStatus.PRE_ONBOARDING,
    EmployeeStatus.DEACTIVATED,
]
_VISIBILITIES = [GoalVisibility.PUBLIC, GoalVisibility.TEAM, GoalVisibility.PRIVATE]
_QUESTIONS = [
    "How happy are you working here?",
    "Do you understand how your work contributes to company goals?",
    "Do you get the feedback you need to grow?",
    "How sustainable is your workload?",
]
_COMMENTS = [
    "More focus time would help.", "Onboarding could be clearer.", "Great team spirit lately.",
    "Priorities change too often.", "I would like more career conversations.",
]  # fmt: skip
_NOTES = [
    "Discussed priorities for the next sprint.", "Agreed on a training budget.",
    "Reviewed progress on goals; on track.", "Talked about workload and holidays.",
]  # fmt: skip
_FEEDBACK = [
    "Thanks for the quick help yesterday.", "Great presentation at the all-hands.",
    "Your review comments were really useful.", "Appreciate you covering the support rota.",
]  # fmt: skip


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "company"


def _seeded_ids(seed: str) -> IdFactory:
    """uuid4-shaped ids drawn from their own generator, so data choices do not shift them."""
    source = random.Random(seed)

    def make(kind: str, name: str) -> str:
        return str(uuid.UUID(int=source.getrandbits(128), version=4))

    return make


def _tree(count: int, rng: random.Random) -> list[int | None]:
    """Each employee's manager index, breadth first so managers precede their reports."""
    managers: list[int | None] = [None]
    next_manager = 0
    while len(managers) < count:
        for _ in range(rng.randint(6, 8)):
            if len(managers) == count:
                break
            managers.append(next_manager)
        next_manager += 1
    return managers


def _departments(managers: Sequence[int | None]) -> list[str]:
    """The root's reports each head one department; everyone below inherits it."""
    names = list(_DEPARTMENTS)
    department = ["Executive"] * len(managers)
    for index, manager in enumerate(managers):
        if manager == 0:
            department[index] = names[(index - 1) % len(names)]
        elif manager is not None:
            # Breadth first: the manager's department is already known.
            department[index] = department[manager]
    return department


async def seed_synthetic(
    session: AsyncSession,
    employees: int,
    *,
    company_name: str = "Initech",
    seed: int = 7,
    on_progress: Callable[[int], None] | None = None,
) -> str:
    """Create a company of ``employees`` people with all their data, commit, return its id."""
    if employees < 1:
        raise ValueError("employees must be at least 1")
    taken = await session.scalar(select(col(Company.id)).where(col(Company.name) == company_name))
    if taken is not None:
        raise ValueError(f"a company named {company_name!r} already exists")
    rng = random.Random(seed)
    ids = _seeded_ids(f"{company_name}:{seed}")
    domain = f"{_slug(company_name)}.test"

    managers = _tree(employees, rng)
    reports: list[list[int]] = [[] for _ in range(employees)]
    for index, manager in enumerate(managers):
        if manager is not None:
            reports[manager].append(index)
    department = _departments(managers)
    # The head of People and their first report.
    admins = set([1, *reports[1][:1]] if employees > 1 else [])

    company = Company(id=ids("company", company_name), name=company_name, require_consent=True)
    await _insert(session, [company])

    # A manager's team is their direct reports; the root sits in the team it leads. Leads are
    # set once the employees exist (teams and employees reference each other).
    team_of_lead = {
        lead: ids("team", str(lead)) for lead in range(employees) if reports[lead] or lead == 0
    }
    await _insert(
        session,
        [
            Team(
                id=team_id,
                company_id=company.id,
                name="Leadership" if lead == 0 else f"{department[lead]} {rng.choice(_SQUADS)}",
            )
            for lead, team_id in team_of_lead.items()
        ],
    )

    people: list[Employee] = []
    for index, manager in enumerate(managers):
        person = _employee(index, company.id, department[index], domain, rng, ids)
        if index == 0:
            person.role, person.job_title = Role.SUPER_ADMIN, "Chief Executive Officer"
        elif index in admins:
            person.role = Role.ADMIN
        if reports[index] and index != 0:
            person.job_title = (
                f"Head of {department[index]}" if manager == 0 else f"{department[index]} Manager"
            )
        # Managers and admins stay ACTIVE; the other statuses fall on individual contributors.
        if reports[index] or person.role != Role.EMPLOYEE:
            person.status = EmployeeStatus.ACTIVE
        person.manager_id = None if manager is None else people[manager].id
        person.team_id = team_of_lead[0 if manager is None else manager]
        people.append(person)

    survey = Survey(
        id=ids("survey", ""),
        company_id=company.id,
        title="Quarterly Engagement Survey",
        status=SurveyStatus.OPEN,
        anonymous=True,
        created_at=BASE,
    )
    questions = [
        SurveyQuestion(id=ids("question", ""), survey_id=survey.id, position=i, text=text)
        for i, text in enumerate(_QUESTIONS)
    ]
    cycle = ReviewCycle(
        id=ids("cycle", ""),
        company_id=company.id,
        name="2026 Annual Review",
        status=CycleStatus.ACTIVE,
        created_at=BASE,
    )
    await _insert(session, [survey, *questions, cycle])

    for start in range(0, employees, CHUNK):
        end = min(start + CHUNK, employees)
        rows: list[SQLModel] = list(people[start:end])
        for index in range(start, end):
            person, manager = people[index], managers[index]
            rows.extend(_goals(person, rng, ids))
            if person.status == EmployeeStatus.ACTIVE:
                rows.extend(_survey_rows(survey, questions, person, rng, ids))
            if manager is not None:
                rows.extend(_manager_rows(cycle, people[manager], person, rng, ids))
        await _insert(session, rows)
        if on_progress is not None:
            on_progress(end)

    await session.execute(
        update(Team),
        [{"id": team_id, "lead_id": people[lead].id} for lead, team_id in team_of_lead.items()],
    )
    await session.commit()
    return company.id


def _employee(
    index: int, company_id: str, department: str, domain: str, rng: random.Random, ids: IdFactory
) -> Employee:
    """An individual contributor; the caller adjusts managers, admins and the root."""
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    roll = rng.random()
    # Individual contributors are ~6/7 of a tree with spans of 6-8: ~5.8% of them for each
    # other status makes ~5% of the company.
    status = _OTHER_STATUSES[int(roll / 0.058)] if roll < 0.174 else EmployeeStatus.ACTIVE
    return Employee(
        id=ids("employee", str(index)),
        company_id=company_id,
        name=f"{first} {last}",
        email=f"{first}.{last}.{index}@{domain}".lower(),
        job_title=rng.choice(_DEPARTMENTS.get(department, ["Chief of Staff"])),
        status=status,
        role=Role.EMPLOYEE,
        created_at=BASE - timedelta(days=rng.randint(1, 2000)),
    )


def _goals(person: Employee, rng: random.Random, ids: IdFactory) -> list[Goal]:
    if person.status == EmployeeStatus.INVITED:
        return []
    return [
        Goal(
            id=ids("goal", ""),
            company_id=person.company_id,
            owner_id=person.id,
            team_id=person.team_id,
            title=f"{rng.choice(_GOAL_VERBS)} {rng.choice(_GOAL_OBJECTS)}",
            description="Key result: measurable progress reviewed in every 1:1.",
            visibility=rng.choices(_VISIBILITIES, weights=[4, 3, 3])[0],
            progress=rng.randrange(0, 101, 5),
            due_date=date(2026, 12, 31) - timedelta(days=rng.randrange(0, 180)),
            created_at=BASE + timedelta(hours=rng.randrange(0, 24 * 30)),
        )
        for _ in range(rng.choice((2, 3, 3, 4)))
    ]


def _survey_rows(
    survey: Survey,
    questions: Sequence[SurveyQuestion],
    person: Employee,
    rng: random.Random,
    ids: IdFactory,
) -> list[SQLModel]:
    invitation, task = new_survey_invitation(survey, person, BASE + timedelta(days=1), ids=ids)
    rows: list[SQLModel] = [invitation, task]
    if rng.random() < 0.7:
        answers = [
            (q.id, rng.randint(1, 5), rng.choice(_COMMENTS) if rng.random() < 0.25 else None)
            for q in questions
        ]
        submitted = BASE + timedelta(days=2, minutes=rng.randrange(0, 60 * 24 * 14))
        response, answer_rows = new_survey_response(survey, person.id, answers, submitted, ids=ids)
        # What record_survey_response does to the invitation and its task.
        invitation.status = InvitationStatus.COMPLETED
        task.done = True
        rows.extend([response, *answer_rows])
    return rows


def _manager_rows(
    cycle: ReviewCycle, manager: Employee, person: Employee, rng: random.Random, ids: IdFactory
) -> list[SQLModel]:
    """The manager's assessment of the report, their 1:1, a note, perhaps feedback."""
    rows: list[SQLModel] = []
    active = person.status == EmployeeStatus.ACTIVE
    if active:
        assessment, task = new_assessment(cycle, person, manager, BASE + timedelta(days=3), ids=ids)
        roll = rng.random()
        if roll < 0.6:
            assessment.rating = rng.randint(1, 5)
            assessment.summary = "Consistent delivery; next step is wider ownership."
        if roll < 0.3:
            # What sign_assessment does to the assessment and its task.
            assessment.status = AssessmentStatus.SIGNED
            assessment.signed_at = BASE + timedelta(days=rng.randint(5, 20))
            task.done = True
        rows.extend([assessment, task])
    meeting = Meeting(
        id=ids("meeting", ""),
        company_id=person.company_id,
        organizer_id=manager.id,
        attendee_id=person.id,
        title="Weekly 1:1",
        scheduled_at=BASE + timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 8)),
    )
    note = MeetingNote(
        id=ids("meeting-note", ""),
        meeting_id=meeting.id,
        # Only someone who can log in writes notes.
        author_id=rng.choice((manager.id, person.id)) if active else manager.id,
        body=rng.choice(_NOTES),
        created_at=meeting.scheduled_at + timedelta(minutes=30),
    )
    rows.extend([meeting, note])
    if rng.random() < 0.3:
        rows.append(
            PrivateNote(
                id=ids("private-note", ""),
                company_id=person.company_id,
                author_id=manager.id,
                about_id=person.id,
                body="Check in on growth goals at the next 1:1.",
                created_at=BASE + timedelta(days=rng.randint(0, 30)),
            )
        )
    if active and rng.random() < 0.4:
        giver, receiver = (person, manager) if rng.random() < 0.5 else (manager, person)
        rows.append(
            InstantFeedback(
                id=ids("feedback", ""),
                company_id=person.company_id,
                giver_id=giver.id,
                receiver_id=receiver.id,
                message=rng.choice(_FEEDBACK),
                shared_with_manager=rng.random() < 0.3,
                created_at=BASE + timedelta(days=rng.randint(0, 30)),
            )
        )
    return rows


async def _insert(session: AsyncSession, rows: Sequence[SQLModel]) -> None:
    """Bulk INSERT per table, parents first, bypassing the unit of work's bookkeeping."""
    by_table: dict[type[SQLModel], list[dict[str, object]]] = {}
    for row in rows:
        by_table.setdefault(type(row), []).append(row.model_dump())
    for model in _ORDER:
        if model in by_table:
            # A Core INSERT: the ORM's bulk path would split the batch wherever a None appears.
            table = inspect(model).local_table
            await session.execute(insert(table), by_table.pop(model))
    if by_table:
        raise TypeError(f"no insert order for {sorted(t.__name__ for t in by_table)}")


# Parents before children: foreign keys are checked statement by statement.
_ORDER: list[type[SQLModel]] = [
    Company,
    Team,
    Employee,
    Survey,
    SurveyQuestion,
    ReviewCycle,
    Goal,
    SurveyInvitation,
    SurveyResponse,
    SurveyAnswer,
    Assessment,
    Task,
    Meeting,
    MeetingNote,
    PrivateNote,
    InstantFeedback,
]
