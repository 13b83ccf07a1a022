"""The types that describe impersonation itself."""

import datetime

import strawberry

from db import models
from resolvers import impersonation
from schema.people import Employee
from schema.rows import stands_for


@strawberry.type(description="The impersonation the current request runs under.")
class ImpersonationSession:
    actor: Employee = strawberry.field(description="The super admin looking.")
    subject: Employee = strawberry.field(description="The employee whose view is shown.")
    read_only: bool = strawberry.field(description="Always true: nothing can be changed.")
    consent_expires_at: datetime.datetime | None = strawberry.field(
        description="When the subject's consent runs out, if one is in force."
    )


@strawberry.type(description="An employee's consent to be impersonated.")
class ImpersonationConsent:
    granted_at: datetime.datetime = strawberry.field(description="When it was granted.")
    expires_at: datetime.datetime = strawberry.field(description="When it runs out.")


@strawberry.type(description="Whether a super admin can impersonate an employee now.")
class ImpersonationAvailability:
    allowed: bool = strawberry.field(description="True when impersonation would be accepted.")
    reason: str | None = strawberry.field(description="Why not, when it would not.")


@strawberry.type(description="One impersonated request, as the audit log recorded it.")
class ImpersonationEvent:
    id: strawberry.ID = strawberry.field(description="The event's id.")

    actor: models.Employee = strawberry.field(
        resolver=impersonation.actor_of_event,
        graphql_type=Employee,
        description="The super admin who impersonated.",
    )
    subject: models.Employee = strawberry.field(
        resolver=impersonation.subject_of_event,
        graphql_type=Employee,
        description="The employee who was impersonated.",
    )
    operation_type: str = strawberry.field(description="query, mutation or subscription.")
    operation_name: str | None = strawberry.field(description="The operation's name, if any.")
    document_hash: str = strawberry.field(description="SHA-256 of the GraphQL document.")
    outcome: str = strawberry.field(
        resolver=impersonation.outcome_of_event, description="SERVED, REFUSED_MUTATION or DENIED."
    )
    at: datetime.datetime = strawberry.field(description="When it happened.")

    is_type_of = stands_for(models.ImpersonationEvent)
