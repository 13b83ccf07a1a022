"""Surveys, their questions, the viewer's invitation and answers, and admins' results."""

import datetime

import strawberry

from db import models
from resolvers import surveys
from schema.enums import InvitationStatus, SurveyStatus
from schema.rows import stands_for


@strawberry.type(description="A question of a survey.")
class SurveyQuestion:
    id: strawberry.ID = strawberry.field(description="The question's id.")
    text: str = strawberry.field(description="The question as asked.")


@strawberry.type(description="The viewer's invitation to a survey.")
class SurveyInvitation:
    status: InvitationStatus = strawberry.field(description="PENDING until answered.")
    invited_at: datetime.datetime = strawberry.field(description="When the invitation went out.")


@strawberry.type(description="One answer of a response.")
class SurveyAnswer:
    question: models.SurveyQuestion = strawberry.field(
        resolver=surveys.question_of,
        graphql_type=SurveyQuestion,
        description="The question answered.",
    )
    score: int | None = strawberry.field(description="The score given, 1 to 5.")
    comment: str | None = strawberry.field(description="The free-text comment. Sensitive.")

    is_type_of = stands_for(models.SurveyAnswer)


@strawberry.type(description="The viewer's own answers to a survey.")
class SurveyResponse:
    id: strawberry.ID = strawberry.field(description="The response's id.")
    submitted_at: datetime.datetime = strawberry.field(description="When it was submitted.")
    answers: list[models.SurveyAnswer] = strawberry.field(
        resolver=surveys.answers_of,
        graphql_type=list[SurveyAnswer],
        description="The answers, one per question answered.",
    )


@strawberry.type(description="A survey's aggregated results, for admins.")
class SurveyResults:
    response_count: int = strawberry.field(
        resolver=surveys.response_count, description="How many people answered."
    )
    average_score: float | None = strawberry.field(
        resolver=surveys.average_score, description="The mean of all scores given."
    )
    comments: list[str] | None = strawberry.field(
        resolver=surveys.comments, description="Every comment given. Sensitive."
    )


@strawberry.type(description="A survey: the viewer's invitations, or every survey for admins.")
class Survey:
    id: strawberry.ID = strawberry.field(description="The survey's id.")
    title: str = strawberry.field(description="The survey's title.")
    status: SurveyStatus = strawberry.field(description="DRAFT, OPEN or CLOSED.")
    anonymous: bool = strawberry.field(description="Whether answers are reported anonymously.")
    questions: list[models.SurveyQuestion] = strawberry.field(
        resolver=surveys.questions_of,
        graphql_type=list[SurveyQuestion],
        description="The questions, in order.",
    )
    my_invitation: models.SurveyInvitation | None = strawberry.field(
        resolver=surveys.my_invitation,
        graphql_type=SurveyInvitation | None,
        description="The viewer's invitation, if invited.",
    )
    my_response: models.SurveyResponse | None = strawberry.field(
        resolver=surveys.my_response,
        graphql_type=SurveyResponse | None,
        description="The viewer's own answers, if submitted.",
    )
    results: surveys.SurveyResultsRef | None = strawberry.field(
        resolver=surveys.results_of,
        graphql_type=SurveyResults | None,
        description="Aggregates and comments: admins only.",
    )

    is_type_of = stands_for(models.Survey)
