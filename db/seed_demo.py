"""The demo companies, Acme and Globex: the same rows, ids and timestamps on every run.

Every person, status and visibility rule has a specimen here, so a super admin can try
impersonation on each case (an invited employee's survey task, a manager's team goals, a signed
assessment still under "ongoing") and tests can name people by email.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db.enums import (
    CycleStatus,
    EmployeeStatus,
    GoalVisibility,
    Role,
    SurveyStatus,
    TaskModule,
    TaskSubjectKind,
)
from db.models import (
    Company,
    Employee,
    Goal,
    InstantFeedback,
    Meeting,
    MeetingNote,
    PrivateNote,
    ReviewCycle,
    Survey,
    SurveyQuestion,
    Task,
    Team,
)
from db.workflows import (
    Answer,
    assign_assessment,
    invite_to_survey,
    record_survey_response,
    sign_assessment,
    task_location,
)

DEMO_COMPANY = "Acme"
NAMESPACE = uuid.UUID("5b7c1f0e-2d1a-4c8e-9a53-6f0d3e2b9c41")
START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def demo_id(kind: str, name: str) -> str:
    """A demo row's id: the same in every database, e.g. ``("employee", "erin@…")``."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


def _at(days: float) -> datetime:
    # Days after the demo's start; the cycles' names place "now" late in 2026.
    return START + timedelta(days=days)


@dataclass(frozen=True)
class _Person:
    email: str
    name: str
    job_title: str
    status: EmployeeStatus
    role: Role
    company: str
    team: str
    manager: str | None
    description: str


_A, _E = EmployeeStatus.ACTIVE, Role.EMPLOYEE  # short names keep the table readable
# Managers come before their reports: foreign keys are checked row by row.
_PEOPLE = [
    _Person("sam.super@acme.test", "Sam Super", "Chief Executive Officer", _A,
            Role.SUPER_ADMIN, "Acme", "People", None, "SUPER_ADMIN, manager of Max and Ada"),
    _Person("ada.admin@acme.test", "Ada Admin", "Head of People", _A,
            Role.ADMIN, "Acme", "People", "sam.super@acme.test", "ADMIN"),
    _Person("max.manager@acme.test", "Max Manager", "Engineering Manager", _A,
            _E, "Acme", "Engineering", "sam.super@acme.test",
            "manager of Erin, Eli, Ivy, Pia, Dan"),
    _Person("erin.employee@acme.test", "Erin Employee", "Senior Software Engineer", _A,
            _E, "Acme", "Engineering", "max.manager@acme.test", "ACTIVE employee"),
    _Person("eli.employee@acme.test", "Eli Employee", "Software Engineer", _A,
            _E, "Acme", "Engineering", "max.manager@acme.test", "ACTIVE employee"),
    _Person("ivy.invited@acme.test", "Ivy Invited", "Software Engineer",
            EmployeeStatus.INVITED, _E, "Acme", "Engineering", "max.manager@acme.test",
            "INVITED"),
    _Person("pia.preboarding@acme.test", "Pia Preboarding", "QA Engineer",
            EmployeeStatus.PRE_ONBOARDING, _E, "Acme", "Engineering", "max.manager@acme.test",
            "PRE_ONBOARDING"),
    _Person("dan.deactivated@acme.test", "Dan Deactivated", "Site Reliability Engineer",
            EmployeeStatus.DEACTIVATED, _E, "Acme", "Engineering", "max.manager@acme.test",
            "DEACTIVATED"),
    _Person("gus.super@globex.test", "Gus Super", "Managing Director", _A,
            Role.SUPER_ADMIN, "Globex", "Operations", None, "SUPER_ADMIN of Globex"),
    _Person("gwen.employee@globex.test", "Gwen Employee", "Operations Analyst", _A,
            _E, "Globex", "Operations", "gus.super@globex.test", "ACTIVE employee of Globex"),
]  # fmt: skip

DEMO_PEOPLE: list[tuple[str, str]] = [(p.email, p.description) for p in _PEOPLE]

_TEAMS = [
    ("Acme", "Engineering", "max"),
    ("Acme", "People", "ada"),
    ("Globex", "Operations", "gus"),
]

# owner, visibility, title, description, progress, due date
_GOALS = [
    ("erin", GoalVisibility.PUBLIC, "Ship the self-serve billing portal",
     "Customers update payment details without contacting support.", 60, date(2026, 12, 18)),
    ("erin", GoalVisibility.TEAM, "Cut the checkout API p95 latency below 200 ms",
     "Profile the hot paths and cache the tax lookups.", 35, date(2027, 3, 31)),
    ("erin", GoalVisibility.PRIVATE, "Build my case for the staff engineer promotion",
     "Collect design-leadership examples for the promotion committee.", 20, date(2027, 6, 30)),
    ("eli", GoalVisibility.PUBLIC, "Migrate the search cluster to OpenSearch 2",
     "Zero-downtime cut-over with a rollback plan.", 45, date(2027, 1, 31)),
    ("eli", GoalVisibility.PRIVATE, "Get comfortable presenting at the monthly demo day",
     "Present twice and ask for feedback each time.", 10, None),
    ("max", GoalVisibility.TEAM, "Halve the number of out-of-hours pages",
     "Fix the five noisiest alerts and add runbooks for the rest.", 50, date(2027, 3, 31)),
    ("max", GoalVisibility.PRIVATE, "Rebuild trust with the platform team after the outage",
     "Fortnightly syncs with their lead and a shared incident review.", 30, None),
    ("ada", GoalVisibility.PUBLIC, "Roll out the new parental leave policy",
     "Policy published, managers briefed, payroll updated.", 80, date(2026, 12, 31)),
    ("sam", GoalVisibility.PRIVATE, "Prepare the 2027 reorganisation of Engineering",
     "Options paper for the board, no announcement before March.", 5, date(2027, 2, 28)),
    ("pia", GoalVisibility.PUBLIC, "Finish the QA onboarding curriculum in my first month",
     "All six modules and a shadowed release.", 0, date(2027, 1, 29)),
    ("dan", GoalVisibility.TEAM, "Hand over the legacy deployment scripts",
     "Documented and owned by the platform rota.", 100, date(2026, 10, 30)),
    ("gwen", GoalVisibility.PUBLIC, "Automate the weekly warehouse stock report",
     "Replace the spreadsheet with a scheduled export.", 70, date(2026, 12, 31)),
    ("gwen", GoalVisibility.PRIVATE, "Negotiate a four-day week pilot for the night shift",
     "Build the cost model before raising it with Gus.", 15, None),
]  # fmt: skip

_ENGAGEMENT_QUESTIONS = [
    "How likely are you to recommend Acme as a place to work?",
    "Do you have the tools you need to do your job well?",
    "How manageable is your workload at the moment?",
]
# key -> (score, comment) per question
_ENGAGEMENT_ANSWERS = {
    "erin": [(4, "Great team, but the release process is painful."), (5, None),
             (3, "Too many meetings on Tuesdays.")],
    "max": [(5, None), (3, "New joiners still wait weeks for their laptops."), (2, None)],
}  # fmt: skip

# cycle key, reviewer, reviewee, rating, summary, signed
_ASSESSMENTS = [
    ("h1", "max", "erin", 4, "Delivered the invoicing rewrite early; mentors new joiners.", True),
    ("h1", "max", "eli", 3, "Solid delivery on search; needs to flag risks sooner.", True),
    ("h2", "max", "erin", 5, "Led the billing portal end to end and raised the team's bar.", True),
    ("h2", "max", "eli", None, "Draft: good progress on the migration, keep going.", False),
    ("h2", "erin", "erin", None, None, False),
    ("h2", "eli", "eli", None, None, False),
    ("h2", "ada", "max", None, None, False),
    ("globex", "gus", "gwen", None, None, False),
]


def _key(email: str) -> str:
    return email.split(".", 1)[0]


async def seed_demo(session: AsyncSession) -> bool:
    """Seed Acme and Globex and commit; False, writing nothing, if Acme already exists."""
    existing = await session.scalar(
        select(col(Company.id)).where(col(Company.name) == DEMO_COMPANY)
    )
    if existing is not None:
        return False

    companies = {
        name: Company(id=demo_id("company", name), name=name, require_consent=True)
        for name in ("Acme", "Globex")
    }
    session.add_all(companies.values())
    await session.flush()

    teams = {
        name: Team(id=demo_id("team", f"{company}:{name}"), company_id=companies[company].id,
                   name=name)
        for company, name, _lead in _TEAMS
    }  # fmt: skip
    session.add_all(teams.values())
    await session.flush()

    people: dict[str, Employee] = {}
    for index, person in enumerate(_PEOPLE):
        employee = Employee(
            id=demo_id("employee", person.email),
            company_id=companies[person.company].id,
            name=person.name,
            email=person.email,
            job_title=person.job_title,
            status=person.status,
            role=person.role,
            manager_id=demo_id("employee", person.manager) if person.manager else None,
            team_id=teams[person.team].id,
            created_at=_at(index),
        )
        people[_key(person.email)] = employee
        # The unit of work inserts one table's rows in the order they were added.
        session.add(employee)
    await session.flush()
    for _company, name, lead in _TEAMS:
        teams[name].lead_id = people[lead].id
    await session.flush()

    goals = await _seed_goals(session, people)
    await _seed_surveys(session, companies, people)
    await _seed_reviews(session, companies, people)
    meetings = await _seed_conversations(session, people)

    erin, pia, dan = people["erin"], people["pia"], people["dan"]
    extra = [
        (erin, TaskModule.GOALS, "Update the progress of your goals", ("Goals", "My goals"),
         TaskSubjectKind.GOAL, goals["erin:PUBLIC"], date(2026, 12, 15), False),
        (erin, TaskModule.MEETINGS, "Prepare your 1:1 with Max", ("Meetings", "1:1s"),
         TaskSubjectKind.MEETING, meetings["max:erin"], date(2026, 11, 30), False),
        (pia, TaskModule.LEARNING, "Complete the onboarding learning path",
         ("Learning", "My paths"), None, None, date(2027, 1, 15), False),
        (dan, TaskModule.OTHER, "Return your laptop", ("Home", "Checklist"), None, None,
         None, True),
    ]  # fmt: skip
    for assignee, module, title, where, kind, subject, due, done in extra:
        session.add(
            Task(
                id=demo_id("task", f"{assignee.email}:{title}"),
                company_id=assignee.company_id,
                assignee_id=assignee.id,
                title=title,
                module=module,
                location=task_location(*where),
                due_date=due,
                done=done,
                subject_kind=kind,
                subject_id=subject,
                created_at=_at(300),
            )
        )
    await session.commit()
    return True


async def _seed_goals(session: AsyncSession, people: dict[str, Employee]) -> dict[str, str]:
    """The goals, returned as ids by ``"<owner>:<visibility>"``."""
    ids: dict[str, str] = {}
    for index, (owner, visibility, title, description, progress, due) in enumerate(_GOALS):
        employee = people[owner]
        goal = Goal(
            id=demo_id("goal", f"{employee.email}:{title}"),
            company_id=employee.company_id,
            owner_id=employee.id,
            team_id=employee.team_id,
            title=title,
            description=description,
            visibility=visibility,
            progress=progress,
            due_date=due,
            created_at=_at(20 + index),
        )
        session.add(goal)
        ids[f"{owner}:{visibility.value}"] = goal.id
    await session.flush()
    return ids


async def _new_survey(
    session: AsyncSession,
    company: Company,
    title: str,
    status: SurveyStatus,
    anonymous: bool,
    questions: Sequence[str],
    created_at: datetime,
) -> tuple[Survey, list[str]]:
    survey = Survey(
        id=demo_id("survey", f"{company.name}:{title}"),
        company_id=company.id,
        title=title,
        status=status,
        anonymous=anonymous,
        created_at=created_at,
    )
    session.add(survey)
    await session.flush()
    rows = [
        SurveyQuestion(id=demo_id("question", f"{survey.id}:{i}"), survey_id=survey.id,
                       position=i, text=text)
        for i, text in enumerate(questions)
    ]  # fmt: skip
    session.add_all(rows)
    await session.flush()
    return survey, [row.id for row in rows]


async def _seed_surveys(
    session: AsyncSession, companies: dict[str, Company], people: dict[str, Employee]
) -> None:
    pulse, pulse_questions = await _new_survey(
        session, companies["Acme"], "Engagement Pulse", SurveyStatus.OPEN, True,
        _ENGAGEMENT_QUESTIONS, _at(290),
    )  # fmt: skip
    invitees = [people[key] for key in ("erin", "eli", "max", "ivy", "pia")]
    await invite_to_survey(session, pulse, invitees, _at(291), ids=demo_id)
    for offset, (key, scores) in enumerate(_ENGAGEMENT_ANSWERS.items()):
        answers: list[Answer] = [
            (question, score, comment)
            for question, (score, comment) in zip(pulse_questions, scores, strict=True)
        ]
        await record_survey_response(
            session, pulse, people[key].id, answers, _at(292 + offset), ids=demo_id
        )

    await _new_survey(
        session, companies["Acme"], "Onboarding Experience", SurveyStatus.DRAFT, False,
        ["Did your first week feel well organised?", "How helpful was your onboarding buddy?"],
        _at(295),
    )  # fmt: skip

    health, health_questions = await _new_survey(
        session, companies["Globex"], "Team Health", SurveyStatus.OPEN, False,
        ["How well does the team communicate?", "How clear are the team's priorities?"],
        _at(290),
    )  # fmt: skip
    gwen = people["gwen"]
    await invite_to_survey(session, health, [gwen], _at(291), ids=demo_id)
    gwen_answers: list[Answer] = [
        (health_questions[0], 4, "Stand-ups run long but they are useful."),
        (health_questions[1], 3, None),
    ]
    await record_survey_response(session, health, gwen.id, gwen_answers, _at(293), ids=demo_id)


async def _seed_reviews(
    session: AsyncSession, companies: dict[str, Company], people: dict[str, Employee]
) -> None:
    cycles = {
        key: ReviewCycle(id=demo_id("cycle", f"{company}:{name}"),
                         company_id=companies[company].id, name=name, status=status,
                         created_at=_at(days))
        for key, company, name, status, days in [
            ("h1", "Acme", "2026 H1 Review", CycleStatus.CLOSED, 150),
            ("h2", "Acme", "2026 H2 Review", CycleStatus.ACTIVE, 310),
            ("globex", "Globex", "2026 Review", CycleStatus.ACTIVE, 310),
        ]
    }  # fmt: skip
    session.add_all(cycles.values())
    await session.flush()
    for cycle_key, reviewer, reviewee, rating, summary, signed in _ASSESSMENTS:
        cycle = cycles[cycle_key]
        assigned = cycle.created_at + timedelta(days=1)
        assessment = await assign_assessment(
            session, cycle, people[reviewee], people[reviewer], assigned, ids=demo_id
        )
        assessment.rating = rating
        assessment.summary = summary
        if signed:
            await sign_assessment(session, assessment, assigned + timedelta(days=14))
    await session.flush()


async def _seed_conversations(session: AsyncSession, people: dict[str, Employee]) -> dict[str, str]:
    """1:1s with their notes, private notes and feedback; returns meeting ids by pair."""
    meetings: dict[str, str] = {}
    pairs = [
        ("max", "erin", "Weekly 1:1", [
            ("max", "Agreed to split the billing portal into two releases."),
            ("erin", "Erin drafts the payment-method migration plan by next week."),
        ]),
        ("max", "eli", "Weekly 1:1", [("max", "Eli wants more ownership of the search roadmap.")]),
        ("ada", "max", "Monthly 1:1", []),
        ("gus", "gwen", "Fortnightly 1:1", [
            ("gus", "Gwen pilots the automated stock report in the Leeds warehouse."),
        ]),
    ]  # fmt: skip
    for index, (organizer, attendee, title, notes) in enumerate(pairs):
        meeting = Meeting(
            id=demo_id("meeting", f"{organizer}:{attendee}"),
            company_id=people[organizer].company_id,
            organizer_id=people[organizer].id,
            attendee_id=people[attendee].id,
            title=title,
            scheduled_at=_at(330 + index),
        )
        session.add(meeting)
        await session.flush()
        meetings[f"{organizer}:{attendee}"] = meeting.id
        for position, (author, body) in enumerate(notes):
            session.add(
                MeetingNote(
                    id=demo_id("meeting-note", f"{meeting.id}:{position}"),
                    meeting_id=meeting.id,
                    author_id=people[author].id,
                    body=body,
                    created_at=_at(323 + index) + timedelta(minutes=position),
                )
            )

    private_notes = [
        ("max", "erin", "Erin is ready to lead a project; raise the promotion at the H2 review."),
        ("erin", None, "Ask Max about the conference budget before the end of the quarter."),
        ("ada", "eli", "Eli feels isolated since the team moved floors; follow up in January."),
        ("gwen", "gus", "Gus prefers written proposals: send the shift plan by email first."),
    ]
    for index, (author, about, body) in enumerate(private_notes):
        session.add(
            PrivateNote(
                id=demo_id("private-note", f"{author}:{index}"),
                company_id=people[author].company_id,
                author_id=people[author].id,
                about_id=people[about].id if about else None,
                body=body,
                created_at=_at(320 + index),
            )
        )

    feedback = [
        ("erin", "eli", True, "Your walkthrough of the search migration was the clearest demo."),
        ("eli", "erin", False, "Thanks for unblocking my deploy on Friday evening."),
        ("max", "erin", False, "The billing design review was excellent; keep support involved."),
        ("erin", "max", True, "The new on-call rota made a real difference to my weekends."),
        ("gwen", "gus", False, "Thank you for backing the stock report in the leadership meeting."),
    ]
    for index, (giver, receiver, shared, message) in enumerate(feedback):
        session.add(
            InstantFeedback(
                id=demo_id("feedback", f"{giver}:{receiver}:{index}"),
                company_id=people[giver].company_id,
                giver_id=people[giver].id,
                receiver_id=people[receiver].id,
                message=message,
                shared_with_manager=shared,
                created_at=_at(315 + index),
            )
        )
    await session.flush()
    return meetings
