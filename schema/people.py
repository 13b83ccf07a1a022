"""Company, Employee and Team."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from db import models
from resolvers import impersonation, notes, people
from schema.enums import EmployeeStatus, Role
from schema.rows import stands_for

if TYPE_CHECKING:
    from schema.goals import Goal
    from schema.impersonation import (
        ImpersonationAvailability,
        ImpersonationConsent,
        ImpersonationEvent,
    )
    from schema.notes import InstantFeedback
    from schema.reviews import Assessment

EmployeeRef = Annotated["Employee", strawberry.lazy("schema.people")]
TeamRef = Annotated["Team", strawberry.lazy("schema.people")]
GoalRef = Annotated["Goal", strawberry.lazy("schema.goals")]
AssessmentRef = Annotated["Assessment", strawberry.lazy("schema.reviews")]
FeedbackRef = Annotated["InstantFeedback", strawberry.lazy("schema.notes")]
ConsentRef = Annotated["ImpersonationConsent", strawberry.lazy("schema.impersonation")]
AvailabilityRef = Annotated["ImpersonationAvailability", strawberry.lazy("schema.impersonation")]
EventRef = Annotated["ImpersonationEvent", strawberry.lazy("schema.impersonation")]


@strawberry.type(description="A company: the boundary nothing ever crosses.")
class Company:
    id: strawberry.ID = strawberry.field(description="The company's id.")
    name: str = strawberry.field(description="The company's name.")
    require_consent: bool = strawberry.field(
        description="Whether impersonating an ACTIVE employee needs their live consent."
    )

    is_type_of = stands_for(models.Company)


@strawberry.type(description="A person in the viewer's company, as the viewer may see them.")
class Employee:
    id: strawberry.ID = strawberry.field(description="The employee's id.")
    name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="Work email; also their sign-in name.")
    job_title: str | None = strawberry.field(description="Job title, if set.")
    status: EmployeeStatus = strawberry.field(description="Account status.")
    role: Role = strawberry.field(description="EMPLOYEE, ADMIN or SUPER_ADMIN.")
    company: models.Company = strawberry.field(
        resolver=people.company_of, graphql_type=Company, description="The employee's company."
    )
    team: models.Team | None = strawberry.field(
        resolver=people.team_of,
        graphql_type=TeamRef | None,
        description="The employee's team, if any.",
    )
    manager: models.Employee | None = strawberry.field(
        resolver=people.manager_of,
        graphql_type=EmployeeRef | None,
        description="The direct manager, when the viewer may see them.",
    )
    reports: list[models.Employee] = strawberry.field(
        resolver=people.reports_of,
        graphql_type=list[EmployeeRef],
        description="Direct reports the viewer may see.",
    )
    goals: list[models.Goal] = strawberry.field(
        resolver=people.goals_of,
        graphql_type=list[GoalRef],
        description="This employee's goals that the viewer may see.",
    )
    assessments: list[models.Assessment] = strawberry.field(
        resolver=people.assessments_of,
        graphql_type=list[AssessmentRef],
        description="Assessments about this employee that the viewer may see.",
    )
    instant_feedback: list[models.InstantFeedback] | None = strawberry.field(
        resolver=notes.feedback_received_by,
        graphql_type=list[FeedbackRef] | None,
        description="Instant feedback this employee received that the viewer may see: "
        "their own, what the viewer gave them, or what was shared with the viewer as "
        "their manager.",
    )
    impersonation_consent: models.ImpersonationConsent | None = strawberry.field(
        resolver=impersonation.consent_of,
        graphql_type=ConsentRef | None,
        description="The live impersonation consent: the employee's own, or for super admins.",
    )
    can_impersonate: impersonation.Availability | None = strawberry.field(
        resolver=impersonation.availability_of,
        graphql_type=AvailabilityRef | None,
        description="For super admins: whether they can impersonate this employee now, and "
        "if not, why. Null for everyone else.",
    )
    impersonation_history: list[models.ImpersonationEvent] | None = strawberry.field(
        resolver=impersonation.history_of,
        graphql_type=list[EventRef] | None,
        description="Who impersonated this employee, and when: their own, or for super admins.",
    )

    is_type_of = stands_for(models.Employee)


@strawberry.type(description="A team of the company.")
class Team:
    id: strawberry.ID = strawberry.field(description="The team's id.")
    name: str = strawberry.field(description="The team's name.")
    members: list[models.Employee] = strawberry.field(
        resolver=people.members_of,
        graphql_type=list[Employee],
        description="Members the viewer may see.",
    )
    lead: models.Employee | None = strawberry.field(
        resolver=people.lead_of,
        graphql_type=Employee | None,
        description="The team lead, when the viewer may see them.",
    )

    is_type_of = stands_for(models.Team)
