"""The root Query: every read the app, GraphiQL and integration tests start from."""

from collections.abc import Sequence

import strawberry

from db import models
from db.enums import AssessmentState as AssessmentStateValue
from db.enums import EmployeeStatus, FeedbackDirection, GoalVisibility
from db.enums import TaskModule as TaskModuleValue
from resolvers import goals, impersonation, meetings, notes, people, reviews, surveys, tasks
from resolvers.context import ViewasInfo
from resolvers.impersonation import Session as ImpersonationSessionValue
from resolvers.pagination import Page
from schema.connections import EmployeeConnection, GoalConnection, ImpersonationEventConnection
from schema.goals import Goal
from schema.impersonation import ImpersonationSession
from schema.notes import InstantFeedback, PrivateNote
from schema.people import Employee, Team
from schema.reviews import Assessment, ReviewCycle
from schema.surveys import Survey
from schema.work import Meeting, Task


@strawberry.type(description="Everything the viewer may read.")
class Query:
    @strawberry.field(
        graphql_type=Employee,
        description="The effective viewer: the subject when impersonating.",
    )
    async def me(self, info: ViewasInfo) -> models.Employee:
        return await people.me(info.context)

    # Its row type goes by an alias: in this class body ``impersonation`` names the method.
    @strawberry.field(
        graphql_type=ImpersonationSession | None,
        description="The impersonation this request runs under; null when not impersonating.",
    )
    async def impersonation(self, info: ViewasInfo) -> ImpersonationSessionValue | None:
        return await impersonation.current_session(info.context)

    @strawberry.field(graphql_type=Employee | None, description="An employee the viewer may see.")
    async def employee(self, info: ViewasInfo, id: strawberry.ID) -> models.Employee | None:
        return await people.employee(info.context, id)

    @strawberry.field(
        graphql_type=EmployeeConnection,
        description="Employees the viewer may see, by name; `search` matches name or email.",
    )
    async def employees(
        self,
        info: ViewasInfo,
        status: list[EmployeeStatus] | None = None,
        search: str | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> Page[models.Employee]:
        return await people.employees(
            info.context,
            status=status,
            search=search,
            first=50 if first is None else first,
            after=after,
        )

    @strawberry.field(graphql_type=Team | None, description="A team of the viewer's company.")
    async def team(self, info: ViewasInfo, id: strawberry.ID) -> models.Team | None:
        return await people.team(info.context, id)

    @strawberry.field(graphql_type=list[Team], description="The teams of the company.")
    async def teams(self, info: ViewasInfo) -> Sequence[models.Team]:
        return await people.teams(info.context)

    @strawberry.field(graphql_type=Goal | None, description="A goal the viewer may see.")
    async def goal(self, info: ViewasInfo, id: strawberry.ID) -> models.Goal | None:
        return await goals.goal(info.context, id)

    @strawberry.field(
        graphql_type=GoalConnection,
        description="Goals the viewer may see, oldest first; `search` matches title or "
        "description.",
    )
    async def goals(
        self,
        info: ViewasInfo,
        owner_id: strawberry.ID | None = None,
        visibility: list[GoalVisibility] | None = None,
        search: str | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> Page[models.Goal]:
        return await goals.goals(
            info.context,
            owner_id=owner_id,
            visibility_in=visibility,
            search=search,
            first=50 if first is None else first,
            after=after,
        )

    @strawberry.field(graphql_type=Survey | None, description="A survey the viewer may see.")
    async def survey(self, info: ViewasInfo, id: strawberry.ID) -> models.Survey | None:
        return await surveys.survey(info.context, id)

    @strawberry.field(
        graphql_type=list[Survey],
        description="Surveys the viewer is invited to; every survey for admins.",
    )
    async def surveys(self, info: ViewasInfo) -> Sequence[models.Survey]:
        return await surveys.surveys(info.context)

    @strawberry.field(graphql_type=list[ReviewCycle], description="The company's review cycles.")
    async def review_cycles(self, info: ViewasInfo) -> Sequence[models.ReviewCycle]:
        return await reviews.review_cycles(info.context)

    @strawberry.field(
        graphql_type=Assessment | None, description="An assessment the viewer may see."
    )
    async def assessment(self, info: ViewasInfo, id: strawberry.ID) -> models.Assessment | None:
        return await reviews.assessment(info.context, id)

    @strawberry.field(
        graphql_type=list[Assessment],
        description="Assessments the viewer may see: ONGOING (cycle active) or PAST.",
    )
    async def assessments(
        self, info: ViewasInfo, state: AssessmentStateValue | None = None
    ) -> Sequence[models.Assessment]:
        return await reviews.assessments(info.context, state=state)

    @strawberry.field(
        graphql_type=list[Task], description="The viewer's own tasks, open ones by default."
    )
    async def tasks(
        self,
        info: ViewasInfo,
        module: TaskModuleValue | None = None,
        include_done: bool | None = False,
    ) -> Sequence[models.Task]:
        return await tasks.tasks(info.context, module=module, include_done=bool(include_done))

    @strawberry.field(graphql_type=list[Meeting], description="The viewer's 1:1 meetings.")
    async def meetings(self, info: ViewasInfo) -> Sequence[models.Meeting]:
        return await meetings.meetings(info.context)

    @strawberry.field(
        graphql_type=list[PrivateNote] | None,
        description="The viewer's private notes. Sensitive.",
    )
    async def private_notes(self, info: ViewasInfo) -> Sequence[models.PrivateNote]:
        return await notes.private_notes(info.context)

    @strawberry.field(
        graphql_type=list[InstantFeedback] | None,
        description="Instant feedback the viewer received, or gave. Sensitive.",
    )
    async def instant_feedback(
        self,
        info: ViewasInfo,
        direction: FeedbackDirection | None = FeedbackDirection.RECEIVED,
    ) -> Sequence[models.InstantFeedback]:
        return await notes.instant_feedback(
            info.context, direction=direction or FeedbackDirection.RECEIVED
        )

    @strawberry.field(
        graphql_type=ImpersonationEventConnection,
        description="The impersonation audit log, newest first: super admins, not while "
        "impersonating.",
    )
    async def impersonation_events(
        self,
        info: ViewasInfo,
        actor_id: strawberry.ID | None = None,
        subject_id: strawberry.ID | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> Page[models.ImpersonationEvent]:
        return await impersonation.events(
            info.context,
            actor_id=actor_id,
            subject_id=subject_id,
            first=50 if first is None else first,
            after=after,
        )
