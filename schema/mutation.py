"""The root Mutation. Each field checks who may do it, validates, then writes in one commit."""

import strawberry

from db import models
from db.enums import EmployeeStatus, Role
from resolvers import goals, impersonation, meetings, notes, people, reviews, surveys, tasks
from resolvers.context import ViewasInfo
from resolvers.surveys import AnswerDraft
from schema.goals import Goal
from schema.impersonation import ImpersonationConsent
from schema.inputs import (
    AssessmentInput,
    CreateGoalInput,
    InviteEmployeeInput,
    SurveyAnswerInput,
    UpdateGoalInput,
    sent_fields,
)
from schema.notes import InstantFeedback, PrivateNote
from schema.people import Company, Employee
from schema.reviews import Assessment
from schema.surveys import Survey, SurveyResponse
from schema.work import MeetingNote, Task


@strawberry.type(description="Everything the viewer may change. Refused while impersonating.")
class Mutation:
    @strawberry.mutation(
        graphql_type=Goal,
        description="Create a goal for yourself, or for a direct report if you manage them.",
    )
    async def create_goal(self, info: ViewasInfo, input: CreateGoalInput) -> models.Goal:
        return await goals.create_goal(
            info.context,
            title=input.title,
            description=input.description,
            visibility_=input.visibility,
            due_date=input.due_date,
            owner_id=input.owner_id,
        )

    @strawberry.mutation(
        graphql_type=Goal, description="Change a goal: its owner, their manager or an admin."
    )
    async def update_goal(
        self, info: ViewasInfo, id: strawberry.ID, input: UpdateGoalInput
    ) -> models.Goal:
        return await goals.update_goal(info.context, id=id, changes=sent_fields(input))

    @strawberry.mutation(
        graphql_type=SurveyResponse,
        description="Answer a survey you are invited to, once, while it is open.",
    )
    async def submit_survey_response(
        self, info: ViewasInfo, survey_id: strawberry.ID, answers: list[SurveyAnswerInput]
    ) -> models.SurveyResponse:
        drafts = [AnswerDraft(a.question_id, a.score, a.comment) for a in answers]
        return await surveys.submit_response(info.context, survey_id=survey_id, answers=drafts)

    @strawberry.mutation(
        graphql_type=Assessment,
        description="Save your draft of an assessment you write, while its cycle is active.",
    )
    async def save_assessment(
        self, info: ViewasInfo, id: strawberry.ID, input: AssessmentInput
    ) -> models.Assessment:
        return await reviews.save_assessment(info.context, id=id, changes=sent_fields(input))

    @strawberry.mutation(graphql_type=Assessment, description="Sign an assessment you write.")
    async def sign_assessment(self, info: ViewasInfo, id: strawberry.ID) -> models.Assessment:
        return await reviews.sign_assessment(info.context, id=id)

    @strawberry.mutation(
        graphql_type=Assessment,
        description="Reopen a signed assessment for changes: super admins.",
    )
    async def unlock_assessment(self, info: ViewasInfo, id: strawberry.ID) -> models.Assessment:
        return await reviews.unlock_assessment(info.context, id=id)

    @strawberry.mutation(
        graphql_type=Task,
        description="Tick off one of your tasks (survey and review tasks complete themselves).",
    )
    async def complete_task(self, info: ViewasInfo, id: strawberry.ID) -> models.Task:
        return await tasks.complete_task(info.context, id=id)

    @strawberry.mutation(graphql_type=MeetingNote, description="Add a note to one of your 1:1s.")
    async def add_meeting_note(
        self, info: ViewasInfo, meeting_id: strawberry.ID, body: str
    ) -> models.MeetingNote:
        return await meetings.add_note(info.context, meeting_id=meeting_id, body=body)

    @strawberry.mutation(graphql_type=PrivateNote, description="Write a note only you can read.")
    async def create_private_note(
        self, info: ViewasInfo, body: str, about_employee_id: strawberry.ID | None = None
    ) -> models.PrivateNote:
        return await notes.create_private_note(info.context, body=body, about_id=about_employee_id)

    @strawberry.mutation(graphql_type=InstantFeedback, description="Give a colleague feedback.")
    async def give_instant_feedback(
        self,
        info: ViewasInfo,
        receiver_id: strawberry.ID,
        message: str,
        share_with_manager: bool | None = False,
    ) -> models.InstantFeedback:
        return await notes.give_feedback(
            info.context,
            receiver_id=receiver_id,
            message=message,
            share_with_manager=bool(share_with_manager),
        )

    @strawberry.mutation(
        graphql_type=ImpersonationConsent,
        description="Let super admins impersonate you for `hours` (1 to 168); replaces any "
        "earlier grant.",
    )
    async def grant_impersonation_consent(
        self, info: ViewasInfo, hours: int | None = 24
    ) -> models.ImpersonationConsent:
        return await impersonation.grant_consent(
            info.context,
            hours=24 if hours is None else hours,
            max_hours=info.context.consent_max_hours,
        )

    @strawberry.mutation(description="Withdraw your consent; true if one was in force.")
    async def revoke_impersonation_consent(self, info: ViewasInfo) -> bool:
        return await impersonation.revoke_consent(info.context)

    @strawberry.mutation(
        graphql_type=Company,
        description="Whether impersonating ACTIVE employees needs their consent: super admins.",
    )
    async def set_impersonation_policy(
        self, info: ViewasInfo, require_consent: bool
    ) -> models.Company:
        return await impersonation.set_policy(info.context, require_consent=require_consent)

    @strawberry.mutation(graphql_type=Employee, description="Invite a new employee: admins.")
    async def invite_employee(
        self, info: ViewasInfo, input: InviteEmployeeInput
    ) -> models.Employee:
        return await people.invite_employee(
            info.context,
            name=input.name,
            email=input.email,
            job_title=input.job_title,
            manager_id=input.manager_id,
            team_id=input.team_id,
        )

    @strawberry.mutation(
        graphql_type=Employee, description="Change someone's status (not your own): admins."
    )
    async def set_employee_status(
        self, info: ViewasInfo, id: strawberry.ID, status: EmployeeStatus
    ) -> models.Employee:
        return await people.set_employee_status(info.context, id=id, status=status)

    @strawberry.mutation(
        graphql_type=Employee, description="Change someone's role (not your own): super admins."
    )
    async def set_employee_role(
        self, info: ViewasInfo, id: strawberry.ID, role: Role
    ) -> models.Employee:
        return await people.set_employee_role(info.context, id=id, role=role)

    @strawberry.mutation(
        graphql_type=Survey,
        description="Invite employees to a survey, giving each a task: admins.",
    )
    async def invite_to_survey(
        self, info: ViewasInfo, survey_id: strawberry.ID, employee_ids: list[strawberry.ID]
    ) -> models.Survey:
        return await surveys.invite_to_survey(
            info.context, survey_id=survey_id, employee_ids=employee_ids
        )

    @strawberry.mutation(
        graphql_type=Assessment,
        description="Assign a reviewer to assess a reviewee in an active cycle, giving the "
        "reviewer a task: admins.",
    )
    async def assign_assessment(
        self,
        info: ViewasInfo,
        cycle_id: strawberry.ID,
        reviewee_id: strawberry.ID,
        reviewer_id: strawberry.ID,
    ) -> models.Assessment:
        return await reviews.assign_assessment(
            info.context, cycle_id=cycle_id, reviewee_id=reviewee_id, reviewer_id=reviewer_id
        )
