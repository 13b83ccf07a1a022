"""Surveys: what a viewer is invited to, their own answers, and results for admins."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import col

from db import workflows
from db.enums import InvitationStatus, SurveyStatus
from db.models import (
    Employee,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from permissions import visibility
from resolvers import validation
from resolvers.context import Context, ViewasInfo
from resolvers.errors import BadUserInput, Forbidden, not_found


@dataclass(frozen=True, slots=True)
class SurveyResultsRef:
    """A survey's results; each figure loads only when asked for."""

    survey_id: str


@dataclass(frozen=True, slots=True)
class AnswerDraft:
    question_id: str
    score: int | None
    comment: str | None


async def survey(ctx: Context, id: str) -> Survey | None:
    return await ctx.loaders.survey.load(id)


async def surveys(ctx: Context) -> Sequence[Survey]:
    viewer = ctx.require_viewer()
    return await ctx.db.all(
        select(Survey)
        .where(visibility.survey_visible(viewer))
        .order_by(col(Survey.created_at).desc(), col(Survey.id))
    )


async def questions_of(root: Survey, info: ViewasInfo) -> list[SurveyQuestion]:
    return await info.context.loaders.questions.load(root.id)


async def my_invitation(root: Survey, info: ViewasInfo) -> SurveyInvitation | None:
    return await info.context.loaders.my_invitation.load(root.id)


async def my_response(root: Survey, info: ViewasInfo) -> SurveyResponse | None:
    return await info.context.loaders.my_response.load(root.id)


def results_of(root: Survey, info: ViewasInfo) -> SurveyResultsRef | None:
    """Admins only; everyone else gets null."""
    if not info.context.require_viewer().is_admin:
        return None
    return SurveyResultsRef(root.id)


async def answers_of(root: SurveyResponse, info: ViewasInfo) -> list[SurveyAnswer]:
    return await info.context.loaders.answers.load(root.id)


async def question_of(root: SurveyAnswer, info: ViewasInfo) -> SurveyQuestion:
    question = await info.context.loaders.question.load(root.question_id)
    assert question is not None
    return question


async def response_count(root: SurveyResultsRef, info: ViewasInfo) -> int:
    return await info.context.loaders.response_count.load(root.survey_id)


async def average_score(root: SurveyResultsRef, info: ViewasInfo) -> float | None:
    return await info.context.loaders.average_score.load(root.survey_id)


async def comments(root: SurveyResultsRef, info: ViewasInfo) -> list[str]:
    return await info.context.loaders.survey_comments.load(root.survey_id)


async def submit_response(
    ctx: Context, *, survey_id: str, answers: Sequence[AnswerDraft]
) -> SurveyResponse:
    viewer = ctx.require_viewer()
    target = await ctx.loaders.survey.load(survey_id)
    if target is None:
        raise not_found("survey", survey_id)
    invitation = await ctx.loaders.my_invitation.load(survey_id)
    if invitation is None:
        raise Forbidden("You are not invited to this survey.")
    if target.status is not SurveyStatus.OPEN:
        raise BadUserInput("This survey is not open for answers.")
    if invitation.status is InvitationStatus.COMPLETED:
        raise BadUserInput("You have already answered this survey.")
    if not answers:
        raise BadUserInput("Answer at least one question.", field="answers")
    questions = {q.id for q in await ctx.loaders.questions.load(survey_id)}
    seen: set[str] = set()
    cleaned: list[tuple[str, int | None, str | None]] = []
    for answer in answers:
        if answer.question_id not in questions:
            raise BadUserInput(
                f"Question {answer.question_id!r} is not part of this survey.", field="answers"
            )
        if answer.question_id in seen:
            raise BadUserInput("Each question can be answered once.", field="answers")
        seen.add(answer.question_id)
        score = None if answer.score is None else validation.within(answer.score, "score", 1, 5)
        comment = validation.optional_text(answer.comment, "comment", max_length=2000)
        if score is None and comment is None:
            raise BadUserInput("An answer needs a score or a comment.", field="answers")
        cleaned.append((answer.question_id, score, comment))
    async with ctx.db.unique("You have already answered this survey."):
        response = await workflows.record_survey_response(
            ctx.db.session, target, viewer.id, cleaned, ctx.now
        )
        await ctx.db.commit()
    return response


async def invite_to_survey(ctx: Context, *, survey_id: str, employee_ids: Sequence[str]) -> Survey:
    viewer = ctx.require_viewer()
    if not viewer.is_admin:
        raise Forbidden("Only admins can invite people to surveys.")
    target = await ctx.loaders.survey.load(survey_id)
    if target is None:
        raise not_found("survey", survey_id)
    if target.status is SurveyStatus.CLOSED:
        raise BadUserInput("This survey is closed.")
    if not employee_ids or len(employee_ids) > 1000:
        raise BadUserInput("Invite between 1 and 1000 employees at a time.", field="employeeIds")
    invitees: list[Employee] = []
    for found, id in zip(
        await ctx.loaders.employee.load_many(list(employee_ids)), employee_ids, strict=True
    ):
        if found is None:
            raise not_found("employee", id)
        invitees.append(found)
    await workflows.invite_to_survey(ctx.db.session, target, invitees, ctx.now)
    await ctx.db.commit()
    return target
