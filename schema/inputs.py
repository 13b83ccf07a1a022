"""Mutation inputs."""

import datetime

import strawberry

from schema.enums import GoalVisibility


@strawberry.input(description="A new goal.")
class CreateGoalInput:
    title: str = strawberry.field(description="1 to 200 characters.")
    description: str | None = strawberry.field(default=None, description="Up to 5000 characters.")
    visibility: GoalVisibility = strawberry.field(description="Who may see it.")
    due_date: datetime.date | None = strawberry.field(default=None, description="When it is due.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Whose goal: yourself by default; a direct report's if you manage them.",
    )


@strawberry.input(description="Changes to a goal: only the fields sent are changed.")
class UpdateGoalInput:
    title: str | None = strawberry.field(default=strawberry.UNSET, description="New title.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="New description; null clears it."
    )
    visibility: GoalVisibility | None = strawberry.field(
        default=strawberry.UNSET, description="New visibility."
    )
    progress: int | None = strawberry.field(
        default=strawberry.UNSET, description="Progress in percent, 0 to 100."
    )
    due_date: datetime.date | None = strawberry.field(
        default=strawberry.UNSET, description="New due date; null clears it."
    )


@strawberry.input(description="One answer to a survey question.")
class SurveyAnswerInput:
    question_id: strawberry.ID = strawberry.field(description="The question answered.")
    score: int | None = strawberry.field(default=None, description="1 to 5.")
    comment: str | None = strawberry.field(default=None, description="Up to 2000 characters.")


@strawberry.input(description="Changes to an assessment draft: only the fields sent change.")
class AssessmentInput:
    rating: int | None = strawberry.field(
        default=strawberry.UNSET, description="1 to 5; null clears it."
    )
    summary: str | None = strawberry.field(
        default=strawberry.UNSET, description="Up to 10000 characters; null clears it."
    )


@strawberry.input(description="A person to invite.")
class InviteEmployeeInput:
    name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="Work email, unique.")
    job_title: str | None = strawberry.field(default=None, description="Job title.")
    manager_id: strawberry.ID | None = strawberry.field(default=None, description="Manager.")
    team_id: strawberry.ID | None = strawberry.field(default=None, description="Team.")


def sent_fields(value: object) -> dict[str, object]:
    """The fields of an input the client actually sent (explicit nulls included)."""
    return {name: v for name, v in vars(value).items() if v is not strawberry.UNSET}
