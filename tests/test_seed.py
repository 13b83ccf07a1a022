"""Seed data and the task-keeping workflows: people, idempotence, tasks in step with actions."""

# ruff: noqa: RUF001 -- task locations are pinned exactly as the app shows them (U+203A).

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased
from sqlmodel import SQLModel, col

from db.engine import create_engine, session_factory
from db.enums import (
    AssessmentStatus,
    CycleStatus,
    EmployeeStatus,
    InvitationStatus,
    Role,
    TaskModule,
    TaskSubjectKind,
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
from db.seed_demo import DEMO_PEOPLE, demo_id, seed_demo
from db.seed_synthetic import seed_synthetic
from db.workflows import (
    assign_assessment,
    invite_to_survey,
    record_survey_response,
    sign_assessment,
    unlock_assessment,
)

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
ALL_TABLES: list[type[SQLModel]] = [
    Company,
    Team,
    Employee,
    Goal,
    Survey,
    SurveyQuestion,
    SurveyInvitation,
    SurveyResponse,
    SurveyAnswer,
    ReviewCycle,
    Assessment,
    Task,
    Meeting,
    MeetingNote,
    PrivateNote,
    InstantFeedback,
]

ACTIVE, INVITED = EmployeeStatus.ACTIVE, EmployeeStatus.INVITED
PRE, DEACTIVATED = EmployeeStatus.PRE_ONBOARDING, EmployeeStatus.DEACTIVATED
SAM, MAX, GUS = "sam.super@acme.test", "max.manager@acme.test", "gus.super@globex.test"
# email: (company, status, role, manager's email)
EXPECTED_PEOPLE = {
    SAM:                         ("Acme", ACTIVE, Role.SUPER_ADMIN, None),
    "ada.admin@acme.test":       ("Acme", ACTIVE, Role.ADMIN, SAM),
    MAX:                         ("Acme", ACTIVE, Role.EMPLOYEE, SAM),
    "erin.employee@acme.test":   ("Acme", ACTIVE, Role.EMPLOYEE, MAX),
    "eli.employee@acme.test":    ("Acme", ACTIVE, Role.EMPLOYEE, MAX),
    "ivy.invited@acme.test":     ("Acme", INVITED, Role.EMPLOYEE, MAX),
    "pia.preboarding@acme.test": ("Acme", PRE, Role.EMPLOYEE, MAX),
    "dan.deactivated@acme.test": ("Acme", DEACTIVATED, Role.EMPLOYEE, MAX),
    GUS:                         ("Globex", ACTIVE, Role.SUPER_ADMIN, None),
    "gwen.employee@globex.test": ("Globex", ACTIVE, Role.EMPLOYEE, GUS),
}  # fmt: skip


async def _fresh_engine(path: Path) -> AsyncEngine:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)
    return engine


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = await _fresh_engine(tmp_path / "viewas.db")
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)


@pytest.fixture
async def demo(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        assert await seed_demo(session) is True


async def _snapshot(session: AsyncSession) -> dict[str, list[str]]:
    """Every row's id, table by table."""
    return {
        model.__name__: sorted(await session.scalars(select(col(model.id))))  # type: ignore[attr-defined]
        for model in ALL_TABLES
    }


async def _sensitive_texts(session: AsyncSession) -> list[str]:
    """Everything impersonation hides that is free text."""
    texts = [
        *await session.scalars(select(col(Goal.title))),
        *await session.scalars(select(col(MeetingNote.body))),
        *await session.scalars(select(col(PrivateNote.body))),
        *await session.scalars(select(col(InstantFeedback.message))),
        *await session.scalars(
            select(col(SurveyAnswer.comment)).where(col(SurveyAnswer.comment).is_not(None))
        ),
    ]
    return [text for text in texts if text]


async def _assert_tasks_follow_actions(session: AsyncSession) -> None:
    tasks = (await session.scalars(select(Task))).all()
    by_subject = {}
    for task in tasks:
        if task.subject_kind in (TaskSubjectKind.SURVEY, TaskSubjectKind.ASSESSMENT):
            key = (task.subject_kind, task.subject_id, task.assignee_id)
            assert key not in by_subject, f"two tasks for {key}"
            by_subject[key] = task

    for invitation in await session.scalars(select(SurveyInvitation)):
        task = by_subject.pop(
            (TaskSubjectKind.SURVEY, invitation.survey_id, invitation.employee_id)
        )
        assert task.module == TaskModule.SURVEYS
        assert task.done == (invitation.status == InvitationStatus.COMPLETED)

    cycles = {cycle.id: cycle for cycle in await session.scalars(select(ReviewCycle))}
    for assessment in await session.scalars(select(Assessment)):
        task = by_subject.pop((TaskSubjectKind.ASSESSMENT, assessment.id, assessment.reviewer_id))
        assert task.module == TaskModule.REVIEWS
        assert task.done == (assessment.status == AssessmentStatus.SIGNED)
        assert (assessment.signed_at is not None) == (assessment.status == AssessmentStatus.SIGNED)
        section = "Ongoing" if cycles[assessment.cycle_id].status == CycleStatus.ACTIVE else "Past"
        assert (
            task.location == f"Reviews › {section} assessments › {cycles[assessment.cycle_id].name}"
        )

    assert by_subject == {}, "tasks whose invitation or assessment does not exist"


async def _count(session: AsyncSession, model: type[SQLModel]) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def _by_email(session: AsyncSession, email: str) -> Employee:
    return (await session.scalars(select(Employee).where(col(Employee.email) == email))).one()


async def test_demo_people_have_their_status_role_manager_and_company(
    sessions: async_sessionmaker[AsyncSession], demo: None
) -> None:
    assert [email for email, _ in DEMO_PEOPLE] == list(EXPECTED_PEOPLE)
    async with sessions() as session:
        companies = {c.id: c for c in await session.scalars(select(Company))}
        assert sorted(c.name for c in companies.values()) == ["Acme", "Globex"]
        assert all(c.require_consent for c in companies.values())
        people = {e.email: e for e in await session.scalars(select(Employee))}
        assert set(people) == set(EXPECTED_PEOPLE)
        for email, (company, status, role, manager) in EXPECTED_PEOPLE.items():
            person = people[email]
            assert companies[person.company_id].name == company, email
            assert (person.status, person.role) == (status, role), email
            expected_manager = people[manager].id if manager else None
            assert person.manager_id == expected_manager, email
            assert person.job_title, email
            assert person.id == demo_id("employee", email)

        teams = {t.name: t for t in await session.scalars(select(Team))}
        assert teams["Engineering"].lead_id == people["max.manager@acme.test"].id
        assert teams["People"].lead_id == people["ada.admin@acme.test"].id
        assert teams["Operations"].lead_id == people["gus.super@globex.test"].id
        engineering = {e for e, p in people.items() if p.team_id == teams["Engineering"].id}
        assert len(engineering) == 6


async def test_seed_demo_twice_writes_nothing_and_keeps_ids(
    sessions: async_sessionmaker[AsyncSession], demo: None, tmp_path: Path
) -> None:
    async with sessions() as session:
        before = await _snapshot(session)
        assert await seed_demo(session) is False
    async with sessions() as session:
        assert await _snapshot(session) == before
    assert all(before[name] for name in ("Task", "SurveyAnswer", "MeetingNote", "Assessment"))

    # Deterministic across databases, rows made by the workflows included.
    other = await _fresh_engine(tmp_path / "other.db")
    try:
        async with session_factory(other)() as session:
            assert await seed_demo(session) is True
            assert await _snapshot(session) == before
    finally:
        await other.dispose()


async def test_demo_tasks_follow_invitations_and_assessments(
    sessions: async_sessionmaker[AsyncSession], demo: None
) -> None:
    async with sessions() as session:
        await _assert_tasks_follow_actions(session)
        invitations = (await session.scalars(select(SurveyInvitation))).all()
        assert [i.status for i in invitations].count(InvitationStatus.PENDING) == 3
        max_ = await _by_email(session, "max.manager@acme.test")
        signed_ongoing = await session.scalar(
            select(func.count())
            .select_from(Task)
            .where(
                col(Task.assignee_id) == max_.id,
                col(Task.done).is_(True),
                col(Task.location).contains("Ongoing assessments"),
            )
        )
        assert signed_ongoing == 1
        erin = await _by_email(session, "erin.employee@acme.test")
        erin_tasks = {
            t.title
            for t in await session.scalars(select(Task).where(col(Task.assignee_id) == erin.id))
        }
        assert {"Write your self-assessment", "Update the progress of your goals"} <= erin_tasks


async def test_no_task_title_reveals_sensitive_text(
    sessions: async_sessionmaker[AsyncSession], demo: None
) -> None:
    async with sessions() as session:
        secrets = await _sensitive_texts(session)
        assert len(secrets) >= 20
        for task in await session.scalars(select(Task)):
            for secret in secrets:
                assert secret.lower() not in task.title.lower()
                assert secret.lower() not in task.location.lower()


async def test_record_survey_response_completes_invitation_and_task(
    sessions: async_sessionmaker[AsyncSession], demo: None
) -> None:
    async with sessions() as session:
        survey = (
            await session.scalars(select(Survey).where(col(Survey.title) == "Engagement Pulse"))
        ).one()
        questions = (
            await session.scalars(
                select(SurveyQuestion).where(col(SurveyQuestion.survey_id) == survey.id)
            )
        ).all()
        eli = await _by_email(session, "eli.employee@acme.test")
        response = await record_survey_response(
            session,
            survey,
            eli.id,
            [(q.id, 4, "Fine." if q.position == 0 else None) for q in questions],
            NOW,
        )
        await session.commit()

    async with sessions() as session:
        invitations = {
            i.employee_id: i.status
            for i in await session.scalars(
                select(SurveyInvitation).where(col(SurveyInvitation.survey_id) == survey.id)
            )
        }
        assert invitations[eli.id] == InvitationStatus.COMPLETED
        ivy = await _by_email(session, "ivy.invited@acme.test")
        assert invitations[ivy.id] == InvitationStatus.PENDING
        answers = (
            await session.scalars(
                select(SurveyAnswer).where(col(SurveyAnswer.response_id) == response.id)
            )
        ).all()
        assert len(answers) == len(questions)
        await _assert_tasks_follow_actions(session)
        eli_task = (
            await session.scalars(
                select(Task).where(
                    col(Task.assignee_id) == eli.id, col(Task.subject_id) == survey.id
                )
            )
        ).one()
        assert eli_task.done


async def test_sign_then_unlock_reopens_the_task(
    sessions: async_sessionmaker[AsyncSession], demo: None
) -> None:
    async with sessions() as session:
        eli = await _by_email(session, "eli.employee@acme.test")
        draft = (
            await session.scalars(
                select(Assessment).where(
                    col(Assessment.reviewee_id) == eli.id,
                    col(Assessment.reviewer_id) != eli.id,
                    col(Assessment.status) == AssessmentStatus.DRAFT,
                )
            )
        ).one()
        await sign_assessment(session, draft, NOW)
        await session.commit()

    async def state() -> tuple[AssessmentStatus, datetime | None, bool]:
        async with sessions() as session:
            assessment = await session.get_one(Assessment, draft.id)
            task = (
                await session.scalars(select(Task).where(col(Task.subject_id) == draft.id))
            ).one()
            return assessment.status, assessment.signed_at, task.done

    assert await state() == (AssessmentStatus.SIGNED, NOW, True)
    async with sessions() as session:
        await unlock_assessment(session, await session.get_one(Assessment, draft.id))
        await session.commit()
    assert await state() == (AssessmentStatus.DRAFT, None, False)


async def test_invite_skips_the_invited_and_refuses_other_companies(
    sessions: async_sessionmaker[AsyncSession], demo: None
) -> None:
    async with sessions() as session:
        survey = (
            await session.scalars(
                select(Survey).where(col(Survey.title) == "Onboarding Experience")
            )
        ).one()
        ivy = await _by_email(session, "ivy.invited@acme.test")
        pia = await _by_email(session, "pia.preboarding@acme.test")
        assert len(await invite_to_survey(session, survey, [ivy, pia, ivy], NOW)) == 2
        assert await invite_to_survey(session, survey, [pia, ivy], NOW) == []
        with pytest.raises(ValueError):
            await invite_to_survey(
                session, survey, [await _by_email(session, "gwen.employee@globex.test")], NOW
            )
        tasks = (await session.scalars(select(Task).where(col(Task.subject_id) == survey.id))).all()
        assert sorted(t.assignee_id for t in tasks) == sorted([ivy.id, pia.id])
        assert {t.title for t in tasks} == {'Answer the survey "Onboarding Experience"'}
        assert {t.location for t in tasks} == {"Surveys › My surveys"}


async def test_assign_assessment_names_the_task_and_where_it_lives(
    sessions: async_sessionmaker[AsyncSession], demo: None
) -> None:
    async with sessions() as session:
        closed = (
            await session.scalars(
                select(ReviewCycle).where(col(ReviewCycle.name) == "2026 H1 Review")
            )
        ).one()
        ada = await _by_email(session, "ada.admin@acme.test")
        max_ = await _by_email(session, "max.manager@acme.test")
        self_review = await assign_assessment(session, closed, ada, ada, NOW)
        of_max = await assign_assessment(session, closed, max_, ada, NOW)
        tasks = {
            t.subject_id: t
            for t in await session.scalars(
                select(Task).where(col(Task.subject_id).in_([self_review.id, of_max.id]))
            )
        }
        assert tasks[self_review.id].title == "Write your self-assessment"
        assert tasks[of_max.id].title == "Write the assessment of Max Manager"
        assert tasks[of_max.id].location == "Reviews › Past assessments › 2026 H1 Review"
        assert tasks[of_max.id].assignee_id == ada.id
        assert self_review.company_id == closed.company_id


async def test_seed_synthetic_builds_a_consistent_company(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    progress: list[int] = []
    async with sessions() as session:
        company_id = await seed_synthetic(session, 300, on_progress=progress.append)
    assert progress and progress[-1] == 300
    assert progress == sorted(progress)

    async with sessions() as session:
        people = (
            await session.scalars(select(Employee).where(col(Employee.company_id) == company_id))
        ).all()
        assert len(people) >= 300
        emails = [p.email for p in people]
        assert len(set(emails)) == len(emails)
        assert all(e.endswith("@initech.test") for e in emails)

        manager = aliased(Employee)
        orphans = await session.scalar(
            select(func.count())
            .select_from(Employee)
            .outerjoin(manager, col(manager.id) == Employee.manager_id)
            .where(
                col(Employee.company_id) == company_id,
                (col(manager.id).is_(None)) | (col(manager.company_id) != company_id),
            )
        )
        assert orphans == 1, "only the root may lack a manager in the same company"

        roles = [p.role for p in people]
        assert roles.count(Role.SUPER_ADMIN) == 1
        assert roles.count(Role.ADMIN) >= 2
        statuses = [p.status for p in people]
        assert statuses.count(EmployeeStatus.ACTIVE) > 0.75 * len(people)
        assert all(statuses.count(s) > 0 for s in EmployeeStatus)

        active = statuses.count(EmployeeStatus.ACTIVE)
        invitations = (await session.scalars(select(SurveyInvitation))).all()
        assert len(invitations) == active
        answered = sum(i.status == InvitationStatus.COMPLETED for i in invitations)
        assert 0.55 < answered / active < 0.85
        assert await _count(session, Goal) > 2 * len(people)
        assert await _count(session, Meeting) == len(people) - 1
        assert await _count(session, Assessment) > 0
        assert await _count(session, Team) >= len(people) // 9

        await _assert_tasks_follow_actions(session)
        secrets = await _sensitive_texts(session)
        titles = {t.title.lower() for t in await session.scalars(select(Task))}
        assert not [s for s in set(secrets) for title in titles if s.lower() in title]


async def test_seed_synthetic_is_deterministic(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with sessions() as session:
        await seed_synthetic(session, 120, seed=3)
        first = await _snapshot(session)
        emails = sorted(await session.scalars(select(col(Employee.email))))
    other = await _fresh_engine(tmp_path / "other.db")
    try:
        async with session_factory(other)() as session:
            await seed_synthetic(session, 120, seed=3)
            assert await _snapshot(session) == first
            assert sorted(await session.scalars(select(col(Employee.email)))) == emails
            with pytest.raises(ValueError):
                await seed_synthetic(session, 10, seed=3)
    finally:
        await other.dispose()
