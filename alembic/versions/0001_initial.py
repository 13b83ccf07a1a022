"""Initial schema: every table of db/models.py.

Revision ID: 0001
Revises:
Create Date: 2026-11-27

"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# In creation order, parents first; downgrade drops them in reverse.
TABLES = (
    "companies",
    "review_cycles",
    "surveys",
    "teams",
    "employees",
    "survey_questions",
    "assessments",
    "goals",
    "impersonation_consents",
    "impersonation_events",
    "instant_feedback",
    "meetings",
    "private_notes",
    "survey_invitations",
    "survey_responses",
    "tasks",
    "meeting_notes",
    "survey_answers",
)


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


# teams.lead_id and employees.team_id point at each other. SQLite cannot add a foreign key
# to an existing table without rebuilding it, but accepts one naming a table that does not
# exist yet; PostgreSQL is the other way round. So: inline on SQLite, ALTER TABLE elsewhere.
TEAM_LEAD_FK = "fk_teams_lead_id_employees"


def _team_lead_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["lead_id"], ["employees.id"], name=op.f(TEAM_LEAD_FK))


def upgrade() -> None:
    sqlite = _sqlite()
    op.create_table(
        "companies",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("require_consent", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
    )
    op.create_table(
        "review_cycles",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum("ACTIVE", "CLOSED", name="cyclestatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_review_cycles_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_cycles")),
    )
    op.create_index(
        op.f("ix_review_cycles_company_id"), "review_cycles", ["company_id"], unique=False
    )

    op.create_table(
        "surveys",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum("DRAFT", "OPEN", "CLOSED", name="surveystatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_surveys_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
    )
    op.create_index(op.f("ix_surveys_company_id"), "surveys", ["company_id"], unique=False)

    op.create_table(
        "teams",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lead_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_teams_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        *([_team_lead_fk()] if sqlite else []),
    )
    op.create_index(op.f("ix_teams_company_id"), "teams", ["company_id"], unique=False)
    op.create_index(op.f("ix_teams_lead_id"), "teams", ["lead_id"], unique=False)

    op.create_table(
        "employees",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "ACTIVE",
                "INVITED",
                "PRE_ONBOARDING",
                "DEACTIVATED",
                name="employeestatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "role",
            sa.Enum("EMPLOYEE", "ADMIN", "SUPER_ADMIN", name="role", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("manager_id", sa.String(length=36), nullable=True),
        sa.Column("team_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_employees_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["employees.id"], name=op.f("fk_employees_manager_id_employees")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_employees_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employees")),
        sa.UniqueConstraint("email", name=op.f("uq_employees_email")),
    )
    op.create_index(op.f("ix_employees_company_id"), "employees", ["company_id"], unique=False)
    op.create_index(
        "ix_employees_company_name", "employees", ["company_id", "name", "id"], unique=False
    )
    op.create_index(
        "ix_employees_company_status", "employees", ["company_id", "status"], unique=False
    )
    op.create_index(op.f("ix_employees_manager_id"), "employees", ["manager_id"], unique=False)
    op.create_index(op.f("ix_employees_team_id"), "employees", ["team_id"], unique=False)
    if not sqlite:
        op.create_foreign_key(op.f(TEAM_LEAD_FK), "teams", "employees", ["lead_id"], ["id"])

    op.create_table(
        "survey_questions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("survey_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_survey_questions_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_questions")),
    )
    op.create_index(
        op.f("ix_survey_questions_survey_id"), "survey_questions", ["survey_id"], unique=False
    )

    op.create_table(
        "assessments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("cycle_id", sa.String(length=36), nullable=False),
        sa.Column("reviewee_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.String(length=36), nullable=False),
        sa.Column(
            "status",
            sa.Enum("DRAFT", "SIGNED", name="assessmentstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=10000), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_assessments_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["review_cycles.id"], name=op.f("fk_assessments_cycle_id_review_cycles")
        ),
        sa.ForeignKeyConstraint(
            ["reviewee_id"], ["employees.id"], name=op.f("fk_assessments_reviewee_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["employees.id"], name=op.f("fk_assessments_reviewer_id_employees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sa.UniqueConstraint(
            "cycle_id", "reviewee_id", "reviewer_id", name=op.f("uq_assessments_cycle_id")
        ),
    )
    op.create_index(op.f("ix_assessments_company_id"), "assessments", ["company_id"], unique=False)
    op.create_index(op.f("ix_assessments_cycle_id"), "assessments", ["cycle_id"], unique=False)
    op.create_index(
        op.f("ix_assessments_reviewee_id"), "assessments", ["reviewee_id"], unique=False
    )
    op.create_index(
        op.f("ix_assessments_reviewer_id"), "assessments", ["reviewer_id"], unique=False
    )

    op.create_table(
        "goals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("owner_id", sa.String(length=36), nullable=False),
        sa.Column("team_id", sa.String(length=36), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=5000), nullable=True),
        sa.Column(
            "visibility",
            sa.Enum(
                "PUBLIC", "TEAM", "PRIVATE", name="goalvisibility", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_goals_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["employees.id"], name=op.f("fk_goals_owner_id_employees")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_goals_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    op.create_index(
        "ix_goals_company_created", "goals", ["company_id", "created_at", "id"], unique=False
    )
    op.create_index(op.f("ix_goals_company_id"), "goals", ["company_id"], unique=False)
    op.create_index(
        "ix_goals_company_visibility", "goals", ["company_id", "visibility"], unique=False
    )
    op.create_index(op.f("ix_goals_owner_id"), "goals", ["owner_id"], unique=False)
    op.create_index(op.f("ix_goals_team_id"), "goals", ["team_id"], unique=False)

    op.create_table(
        "impersonation_consents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_impersonation_consents_employee_id_employees"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_impersonation_consents")),
    )
    op.create_index(
        "ix_consents_employee_granted",
        "impersonation_consents",
        ["employee_id", "granted_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_impersonation_consents_employee_id"),
        "impersonation_consents",
        ["employee_id"],
        unique=False,
    )

    op.create_table(
        "impersonation_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=True),
        sa.Column("operation_type", sa.String(length=20), nullable=False),
        sa.Column("operation_name", sa.String(length=200), nullable=True),
        sa.Column("document_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "SERVED",
                "REFUSED_MUTATION",
                "DENIED",
                name="impersonationoutcome",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["employees.id"], name=op.f("fk_impersonation_events_actor_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_impersonation_events_company_id_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["employees.id"],
            name=op.f("fk_impersonation_events_subject_id_employees"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_impersonation_events")),
    )
    op.create_index("ix_events_actor_at", "impersonation_events", ["actor_id", "at"], unique=False)
    op.create_index(
        "ix_events_company_at", "impersonation_events", ["company_id", "at", "id"], unique=False
    )
    op.create_index(
        "ix_events_subject_at", "impersonation_events", ["subject_id", "at"], unique=False
    )
    op.create_index(
        op.f("ix_impersonation_events_actor_id"), "impersonation_events", ["actor_id"], unique=False
    )
    op.create_index(
        op.f("ix_impersonation_events_company_id"),
        "impersonation_events",
        ["company_id"],
        unique=False,
    )

    op.create_table(
        "instant_feedback",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("giver_id", sa.String(length=36), nullable=False),
        sa.Column("receiver_id", sa.String(length=36), nullable=False),
        sa.Column("message", sa.String(length=5000), nullable=False),
        sa.Column("shared_with_manager", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_instant_feedback_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["giver_id"], ["employees.id"], name=op.f("fk_instant_feedback_giver_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["receiver_id"],
            ["employees.id"],
            name=op.f("fk_instant_feedback_receiver_id_employees"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instant_feedback")),
    )
    op.create_index(
        op.f("ix_instant_feedback_company_id"), "instant_feedback", ["company_id"], unique=False
    )
    op.create_index(
        op.f("ix_instant_feedback_giver_id"), "instant_feedback", ["giver_id"], unique=False
    )
    op.create_index(
        op.f("ix_instant_feedback_receiver_id"), "instant_feedback", ["receiver_id"], unique=False
    )

    op.create_table(
        "meetings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("organizer_id", sa.String(length=36), nullable=False),
        sa.Column("attendee_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendee_id"], ["employees.id"], name=op.f("fk_meetings_attendee_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_meetings_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["organizer_id"], ["employees.id"], name=op.f("fk_meetings_organizer_id_employees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_index(op.f("ix_meetings_attendee_id"), "meetings", ["attendee_id"], unique=False)
    op.create_index(op.f("ix_meetings_company_id"), "meetings", ["company_id"], unique=False)
    op.create_index(op.f("ix_meetings_organizer_id"), "meetings", ["organizer_id"], unique=False)

    op.create_table(
        "private_notes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("about_id", sa.String(length=36), nullable=True),
        sa.Column("body", sa.String(length=10000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["about_id"], ["employees.id"], name=op.f("fk_private_notes_about_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["employees.id"], name=op.f("fk_private_notes_author_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_private_notes_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_private_notes")),
    )
    op.create_index(op.f("ix_private_notes_about_id"), "private_notes", ["about_id"], unique=False)
    op.create_index(
        op.f("ix_private_notes_author_id"), "private_notes", ["author_id"], unique=False
    )
    op.create_index(
        op.f("ix_private_notes_company_id"), "private_notes", ["company_id"], unique=False
    )

    op.create_table(
        "survey_invitations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("survey_id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column(
            "status",
            sa.Enum("PENDING", "COMPLETED", name="invitationstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("invited_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_survey_invitations_employee_id_employees"),
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_survey_invitations_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_invitations")),
        sa.UniqueConstraint(
            "survey_id", "employee_id", name=op.f("uq_survey_invitations_survey_id")
        ),
    )
    op.create_index(
        op.f("ix_survey_invitations_employee_id"),
        "survey_invitations",
        ["employee_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_survey_invitations_survey_id"), "survey_invitations", ["survey_id"], unique=False
    )

    op.create_table(
        "survey_responses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("survey_id", sa.String(length=36), nullable=False),
        sa.Column("employee_id", sa.String(length=36), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_survey_responses_employee_id_employees"),
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_survey_responses_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("survey_id", "employee_id", name=op.f("uq_survey_responses_survey_id")),
    )
    op.create_index(
        op.f("ix_survey_responses_employee_id"), "survey_responses", ["employee_id"], unique=False
    )
    op.create_index(
        op.f("ix_survey_responses_survey_id"), "survey_responses", ["survey_id"], unique=False
    )

    op.create_table(
        "tasks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("company_id", sa.String(length=36), nullable=False),
        sa.Column("assignee_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "module",
            sa.Enum(
                "GOALS",
                "SURVEYS",
                "REVIEWS",
                "MEETINGS",
                "LEARNING",
                "OTHER",
                name="taskmodule",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column(
            "subject_kind",
            sa.Enum(
                "SURVEY",
                "ASSESSMENT",
                "GOAL",
                "MEETING",
                name="tasksubjectkind",
                native_enum=False,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("subject_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["employees.id"], name=op.f("fk_tasks_assignee_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_tasks_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    op.create_index("ix_tasks_assignee_done", "tasks", ["assignee_id", "done"], unique=False)
    op.create_index(op.f("ix_tasks_assignee_id"), "tasks", ["assignee_id"], unique=False)
    op.create_index(op.f("ix_tasks_company_id"), "tasks", ["company_id"], unique=False)
    op.create_index("ix_tasks_subject", "tasks", ["subject_kind", "subject_id"], unique=False)

    op.create_table(
        "meeting_notes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("body", sa.String(length=10000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["employees.id"], name=op.f("fk_meeting_notes_author_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_notes_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_notes")),
    )
    op.create_index(
        op.f("ix_meeting_notes_author_id"), "meeting_notes", ["author_id"], unique=False
    )
    op.create_index(
        op.f("ix_meeting_notes_meeting_id"), "meeting_notes", ["meeting_id"], unique=False
    )

    op.create_table(
        "survey_answers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("response_id", sa.String(length=36), nullable=False),
        sa.Column("question_id", sa.String(length=36), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("comment", sa.String(length=5000), nullable=True),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_questions.id"],
            name=op.f("fk_survey_answers_question_id_survey_questions"),
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["survey_responses.id"],
            name=op.f("fk_survey_answers_response_id_survey_responses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
        sa.UniqueConstraint(
            "response_id", "question_id", name=op.f("uq_survey_answers_response_id")
        ),
    )
    op.create_index(
        op.f("ix_survey_answers_question_id"), "survey_answers", ["question_id"], unique=False
    )
    op.create_index(
        op.f("ix_survey_answers_response_id"), "survey_answers", ["response_id"], unique=False
    )


def downgrade() -> None:
    # PostgreSQL refuses to drop employees while teams' lead key still points at it.
    if not _sqlite():
        op.drop_constraint(op.f(TEAM_LEAD_FK), "teams", type_="foreignkey")
    for table in reversed(TABLES):
        op.drop_table(table)
