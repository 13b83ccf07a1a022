"""Every table of viewas, in one place: the metadata Alembic and the tests compare against.

Every row carries ``company_id`` (directly, or through a parent that does) so that each
visibility rule starts from the viewer's company and nothing crosses companies.
"""

from datetime import date, datetime
from uuid import uuid4

from sqlalchemy import Column, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.enums import (
    AssessmentStatus,
    CycleStatus,
    EmployeeStatus,
    GoalVisibility,
    ImpersonationOutcome,
    InvitationStatus,
    Role,
    SurveyStatus,
    TaskModule,
    TaskSubjectKind,
)
from db.types import UTCDateTime, enum_type, utcnow

# Named constraints let Alembic's SQLite batch mode and autogenerate address them by name.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid4())


def _id() -> str:
    return Field(default_factory=new_id, primary_key=True, max_length=36)


def _fk(target: str, *, nullable: bool = False) -> str:
    """A foreign key column with its index: every relation is also a lookup path."""
    return Field(
        default=None if nullable else ...,
        foreign_key=target,
        index=True,
        max_length=36,
        nullable=nullable,
    )


def _at(*, nullable: bool = False) -> datetime:
    return Field(
        default=None if nullable else ...,
        sa_type=UTCDateTime,
        nullable=nullable,
    )


class Company(SQLModel, table=True):
    __tablename__ = "companies"

    id: str = _id()
    name: str = Field(max_length=200)
    require_consent: bool = Field(default=True)


class Team(SQLModel, table=True):
    __tablename__ = "teams"

    id: str = _id()
    company_id: str = _fk("companies.id")
    name: str = Field(max_length=200)
    # Teams and employees point at each other; the lead's key is added after both exist.
    lead_id: str | None = Field(
        default=None,
        sa_column=Column(
            String(36), ForeignKey("employees.id", use_alter=True), index=True, nullable=True
        ),
    )


class Employee(SQLModel, table=True):
    __tablename__ = "employees"
    __table_args__ = (
        Index("ix_employees_company_status", "company_id", "status"),
        Index("ix_employees_company_name", "company_id", "name", "id"),
    )

    id: str = _id()
    company_id: str = _fk("companies.id")
    name: str = Field(max_length=200)
    email: str = Field(max_length=320, unique=True)
    job_title: str | None = Field(default=None, max_length=200)
    status: EmployeeStatus = Field(sa_type=enum_type(EmployeeStatus))
    role: Role = Field(default=Role.EMPLOYEE, sa_type=enum_type(Role))
    manager_id: str | None = _fk("employees.id", nullable=True)
    team_id: str | None = _fk("teams.id", nullable=True)
    created_at: datetime = _at()


class Goal(SQLModel, table=True):
    __tablename__ = "goals"
    __table_args__ = (
        Index("ix_goals_company_visibility", "company_id", "visibility"),
        Index("ix_goals_company_created", "company_id", "created_at", "id"),
    )

    id: str = _id()
    company_id: str = _fk("companies.id")
    owner_id: str = _fk("employees.id")
    team_id: str | None = _fk("teams.id", nullable=True)
    title: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    visibility: GoalVisibility = Field(sa_type=enum_type(GoalVisibility))
    progress: int = Field(default=0)
    due_date: date | None = None
    created_at: datetime = _at()


class Survey(SQLModel, table=True):
    __tablename__ = "surveys"

    id: str = _id()
    company_id: str = _fk("companies.id")
    title: str = Field(max_length=200)
    status: SurveyStatus = Field(sa_type=enum_type(SurveyStatus))
    anonymous: bool = Field(default=False)
    created_at: datetime = _at()


class SurveyQuestion(SQLModel, table=True):
    __tablename__ = "survey_questions"

    id: str = _id()
    survey_id: str = _fk("surveys.id")
    position: int
    text: str = Field(max_length=1000)


class SurveyInvitation(SQLModel, table=True):
    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("survey_id", "employee_id"),)

    id: str = _id()
    survey_id: str = _fk("surveys.id")
    employee_id: str = _fk("employees.id")
    status: InvitationStatus = Field(sa_type=enum_type(InvitationStatus))
    invited_at: datetime = _at()


class SurveyResponse(SQLModel, table=True):
    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "employee_id"),)

    id: str = _id()
    survey_id: str = _fk("surveys.id")
    employee_id: str = _fk("employees.id")
    submitted_at: datetime = _at()


class SurveyAnswer(SQLModel, table=True):
    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: str = _id()
    response_id: str = _fk("survey_responses.id")
    question_id: str = _fk("survey_questions.id")
    score: int | None = None
    comment: str | None = Field(default=None, max_length=5000)


class ReviewCycle(SQLModel, table=True):
    __tablename__ = "review_cycles"
    __table_args__ = (Index("ix_review_cycles_company_status", "company_id", "status"),)

    id: str = _id()
    company_id: str = _fk("companies.id")
    name: str = Field(max_length=200)
    status: CycleStatus = Field(sa_type=enum_type(CycleStatus))
    created_at: datetime = _at()


class Assessment(SQLModel, table=True):
    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("cycle_id", "reviewee_id", "reviewer_id"),)

    id: str = _id()
    company_id: str = _fk("companies.id")
    cycle_id: str = _fk("review_cycles.id")
    reviewee_id: str = _fk("employees.id")
    reviewer_id: str = _fk("employees.id")
    status: AssessmentStatus = Field(sa_type=enum_type(AssessmentStatus))
    rating: int | None = None
    summary: str | None = Field(default=None, max_length=10000)
    signed_at: datetime | None = _at(nullable=True)


class Task(SQLModel, table=True):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_assignee_done", "assignee_id", "done"),
        Index("ix_tasks_assignee_module", "assignee_id", "module"),
        Index("ix_tasks_subject", "subject_kind", "subject_id"),
    )

    id: str = _id()
    company_id: str = _fk("companies.id")
    assignee_id: str = _fk("employees.id")
    title: str = Field(max_length=300)
    module: TaskModule = Field(sa_type=enum_type(TaskModule))
    location: str = Field(max_length=300)
    due_date: date | None = None
    done: bool = Field(default=False)
    subject_kind: TaskSubjectKind | None = Field(
        default=None, sa_type=enum_type(TaskSubjectKind), nullable=True
    )
    subject_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = _at()


class Meeting(SQLModel, table=True):
    """A 1:1: exactly two participants."""

    __tablename__ = "meetings"

    id: str = _id()
    company_id: str = _fk("companies.id")
    organizer_id: str = _fk("employees.id")
    attendee_id: str = _fk("employees.id")
    title: str = Field(max_length=200)
    scheduled_at: datetime = _at()


class MeetingNote(SQLModel, table=True):
    __tablename__ = "meeting_notes"

    id: str = _id()
    meeting_id: str = _fk("meetings.id")
    author_id: str = _fk("employees.id")
    body: str = Field(max_length=10000)
    created_at: datetime = _at()


class PrivateNote(SQLModel, table=True):
    __tablename__ = "private_notes"

    id: str = _id()
    company_id: str = _fk("companies.id")
    author_id: str = _fk("employees.id")
    about_id: str | None = _fk("employees.id", nullable=True)
    body: str = Field(max_length=10000)
    created_at: datetime = _at()


class InstantFeedback(SQLModel, table=True):
    __tablename__ = "instant_feedback"

    id: str = _id()
    company_id: str = _fk("companies.id")
    giver_id: str = _fk("employees.id")
    receiver_id: str = _fk("employees.id")
    message: str = Field(max_length=5000)
    shared_with_manager: bool = Field(default=False)
    created_at: datetime = _at()


class ImpersonationConsent(SQLModel, table=True):
    """An employee's grant; live while not revoked and not expired. Newest grant wins."""

    __tablename__ = "impersonation_consents"
    __table_args__ = (Index("ix_consents_employee_granted", "employee_id", "granted_at"),)

    id: str = _id()
    employee_id: str = _fk("employees.id")
    granted_at: datetime = _at()
    expires_at: datetime = _at()
    revoked_at: datetime | None = _at(nullable=True)


class ImpersonationEvent(SQLModel, table=True):
    """One impersonated request, served or not. ``subject_id`` is null when it named nobody."""

    __tablename__ = "impersonation_events"
    __table_args__ = (
        Index("ix_events_company_at", "company_id", "at", "id"),
        Index("ix_events_actor_at", "actor_id", "at"),
        Index("ix_events_subject_at", "subject_id", "at"),
    )

    id: str = _id()
    company_id: str = _fk("companies.id")
    actor_id: str = _fk("employees.id")
    subject_id: str | None = Field(default=None, foreign_key="employees.id", max_length=36)
    operation_type: str = Field(max_length=20)
    operation_name: str | None = Field(default=None, max_length=200)
    document_hash: str = Field(max_length=64)
    outcome: ImpersonationOutcome = Field(sa_type=enum_type(ImpersonationOutcome))
    at: datetime = _at()


__all__ = [
    "Assessment",
    "Company",
    "Employee",
    "Goal",
    "ImpersonationConsent",
    "ImpersonationEvent",
    "InstantFeedback",
    "Meeting",
    "MeetingNote",
    "PrivateNote",
    "ReviewCycle",
    "SQLModel",
    "Survey",
    "SurveyAnswer",
    "SurveyInvitation",
    "SurveyQuestion",
    "SurveyResponse",
    "Task",
    "Team",
    "utcnow",
]
