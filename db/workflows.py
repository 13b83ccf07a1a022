"""The data operations that keep tasks in step with the actions that create and complete them.

No permission checks (callers decide who may act) and no commit (callers own the
transaction): only ``session.add``, flushes, selects and updates.

Task titles name surveys, review cycles and people, never goal titles, comments, notes or
feedback: those are what impersonation hides, and a task list is not redacted.

The ``new_*`` builders make rows without touching a session, so bulk seeding creates exactly
the rows these workflows would.
"""

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from db.enums import (
    AssessmentStatus,
    CycleStatus,
    InvitationStatus,
    TaskModule,
    TaskSubjectKind,
)
from db.models import (
    Assessment,
    Employee,
    ReviewCycle,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    Task,
    new_id,
)

IdFactory = Callable[[str, str], str]
"""Makes a row's id from its kind and a name stable for that row (seeds make them fixed)."""

LOCATION_SEPARATOR = " \u203a "
"""Between the parts of a task's location (U+203A, as the app draws it)."""

Answer = tuple[str, int | None, str | None]
"""One answer as given: question id, score, comment."""


def random_id(kind: str, name: str) -> str:
    """The default id factory: a fresh uuid4, whatever the row."""
    return new_id()


def task_location(*parts: str) -> str:
    """Where in the platform a task lives, from the outermost section inwards."""
    return LOCATION_SEPARATOR.join(parts)


SURVEY_TASK_LOCATION = task_location("Surveys", "My surveys")


def survey_task_title(survey: Survey) -> str:
    return f'Answer the survey "{survey.title}"'


def assessment_task_title(reviewee: Employee, reviewer: Employee) -> str:
    if reviewer.id == reviewee.id:
        return "Write your self-assessment"
    return f"Write the assessment of {reviewee.name}"


def assessment_location(cycle: ReviewCycle) -> str:
    """Where the assessment lives: a signed one in an active cycle is still ongoing."""
    section = "Ongoing assessments" if cycle.status == CycleStatus.ACTIVE else "Past assessments"
    return task_location("Reviews", section, cycle.name)


def new_survey_invitation(
    survey: Survey, employee: Employee, now: datetime, *, ids: IdFactory = random_id
) -> tuple[SurveyInvitation, Task]:
    """A pending invitation and the invitee's task to answer, not yet in any session."""
    _same_company(survey.company_id, employee)
    name = f"{survey.id}:{employee.id}"
    invitation = SurveyInvitation(
        id=ids("invitation", name),
        survey_id=survey.id,
        employee_id=employee.id,
        status=InvitationStatus.PENDING,
        invited_at=now,
    )
    task = Task(
        id=ids("task", f"survey:{name}"),
        company_id=survey.company_id,
        assignee_id=employee.id,
        title=survey_task_title(survey),
        module=TaskModule.SURVEYS,
        location=SURVEY_TASK_LOCATION,
        due_date=None,
        done=False,
        subject_kind=TaskSubjectKind.SURVEY,
        subject_id=survey.id,
        created_at=now,
    )
    return invitation, task


def new_survey_response(
    survey: Survey,
    employee_id: str,
    answers: Sequence[Answer],
    now: datetime,
    *,
    ids: IdFactory = random_id,
) -> tuple[SurveyResponse, list[SurveyAnswer]]:
    """A response and its answers, not yet in any session."""
    response = SurveyResponse(
        id=ids("response", f"{survey.id}:{employee_id}"),
        survey_id=survey.id,
        employee_id=employee_id,
        submitted_at=now,
    )
    rows = [
        SurveyAnswer(
            id=ids("answer", f"{response.id}:{question_id}"),
            response_id=response.id,
            question_id=question_id,
            score=score,
            comment=comment,
        )
        for question_id, score, comment in answers
    ]
    return response, rows


def new_assessment(
    cycle: ReviewCycle,
    reviewee: Employee,
    reviewer: Employee,
    now: datetime,
    *,
    ids: IdFactory = random_id,
) -> tuple[Assessment, Task]:
    """A draft assessment and the reviewer's task to write it, not yet in any session."""
    _same_company(cycle.company_id, reviewee)
    _same_company(cycle.company_id, reviewer)
    assessment = Assessment(
        id=ids("assessment", f"{cycle.id}:{reviewee.id}:{reviewer.id}"),
        company_id=cycle.company_id,
        cycle_id=cycle.id,
        reviewee_id=reviewee.id,
        reviewer_id=reviewer.id,
        status=AssessmentStatus.DRAFT,
    )
    task = Task(
        id=ids("task", f"assessment:{assessment.id}"),
        company_id=cycle.company_id,
        assignee_id=reviewer.id,
        title=assessment_task_title(reviewee, reviewer),
        module=TaskModule.REVIEWS,
        location=assessment_location(cycle),
        due_date=None,
        done=False,
        subject_kind=TaskSubjectKind.ASSESSMENT,
        subject_id=assessment.id,
        created_at=now,
    )
    return assessment, task


async def invite_to_survey(
    session: AsyncSession,
    survey: Survey,
    employees: Sequence[Employee],
    now: datetime,
    *,
    ids: IdFactory = random_id,
) -> list[SurveyInvitation]:
    """Invite those not invited yet, each with a task to answer; returns the new invitations."""
    wanted = {employee.id: employee for employee in employees}
    if not wanted:
        return []
    already = set(
        await session.scalars(
            select(col(SurveyInvitation.employee_id)).where(
                col(SurveyInvitation.survey_id) == survey.id,
                col(SurveyInvitation.employee_id).in_(list(wanted)),
            )
        )
    )
    invitations: list[SurveyInvitation] = []
    for employee_id, employee in wanted.items():
        if employee_id in already:
            continue
        invitation, task = new_survey_invitation(survey, employee, now, ids=ids)
        session.add_all([invitation, task])
        invitations.append(invitation)
    await session.flush()
    return invitations


async def record_survey_response(
    session: AsyncSession,
    survey: Survey,
    employee_id: str,
    answers: Sequence[Answer],
    now: datetime,
    *,
    ids: IdFactory = random_id,
) -> SurveyResponse:
    """Store the answers, complete the invitation and the employee's task for this survey."""
    response, rows = new_survey_response(survey, employee_id, answers, now, ids=ids)
    session.add(response)
    # The answers reference the response: it must exist first under enforced foreign keys.
    await session.flush()
    session.add_all(rows)
    await session.flush()
    await session.execute(
        update(SurveyInvitation)
        .where(
            col(SurveyInvitation.survey_id) == survey.id,
            col(SurveyInvitation.employee_id) == employee_id,
        )
        .values(status=InvitationStatus.COMPLETED)
    )
    await set_tasks_done(session, TaskSubjectKind.SURVEY, survey.id, employee_id, True)
    return response


async def assign_assessment(
    session: AsyncSession,
    cycle: ReviewCycle,
    reviewee: Employee,
    reviewer: Employee,
    now: datetime,
    *,
    ids: IdFactory = random_id,
) -> Assessment:
    """A draft assessment of ``reviewee`` by ``reviewer``, and the reviewer's task to write it."""
    assessment, task = new_assessment(cycle, reviewee, reviewer, now, ids=ids)
    session.add_all([assessment, task])
    await session.flush()
    return assessment


async def sign_assessment(session: AsyncSession, assessment: Assessment, now: datetime) -> None:
    """Sign it and complete the reviewer's task."""
    assessment.status = AssessmentStatus.SIGNED
    assessment.signed_at = now
    session.add(assessment)
    await set_tasks_done(
        session, TaskSubjectKind.ASSESSMENT, assessment.id, assessment.reviewer_id, True
    )


async def unlock_assessment(session: AsyncSession, assessment: Assessment) -> None:
    """Back to draft, content kept, and the reviewer's task open again."""
    assessment.status = AssessmentStatus.DRAFT
    assessment.signed_at = None
    session.add(assessment)
    await set_tasks_done(
        session, TaskSubjectKind.ASSESSMENT, assessment.id, assessment.reviewer_id, False
    )


async def set_tasks_done(
    session: AsyncSession,
    kind: TaskSubjectKind,
    subject_id: str,
    assignee_id: str,
    done: bool,
) -> None:
    """Mark the assignee's tasks about one subject done (or open again)."""
    # Sessions here do not autoflush; tasks added earlier must reach the UPDATE.
    await session.flush()
    await session.execute(
        update(Task)
        .where(
            col(Task.subject_kind) == kind,
            col(Task.subject_id) == subject_id,
            col(Task.assignee_id) == assignee_id,
        )
        .values(done=done)
    )


def _same_company(company_id: str, employee: Employee) -> None:
    # Not a permission check: a row linking two companies is corrupt whoever asked for it.
    if employee.company_id != company_id:
        raise ValueError("employee belongs to another company")
