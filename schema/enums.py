"""The domain enums of ``db.enums``, exposed to GraphQL under the same names."""

import strawberry

from db import enums

EmployeeStatus = strawberry.enum(
    enums.EmployeeStatus, description="Only ACTIVE employees can sign in."
)
Role = strawberry.enum(enums.Role, description="ADMIN and SUPER_ADMIN are the admins.")
GoalVisibility = strawberry.enum(
    enums.GoalVisibility,
    description="PUBLIC: the company. TEAM: owner, owner's team, managers up the chain, "
    "admins. PRIVATE: owner, owner's direct manager, admins.",
)
CycleStatus = strawberry.enum(enums.CycleStatus)
AssessmentState = strawberry.enum(
    enums.AssessmentState,
    description="ONGOING while the cycle is ACTIVE (even when signed); PAST once it is CLOSED.",
)
AssessmentStatus = strawberry.enum(enums.AssessmentStatus)
SurveyStatus = strawberry.enum(enums.SurveyStatus)
InvitationStatus = strawberry.enum(enums.InvitationStatus)
TaskModule = strawberry.enum(enums.TaskModule, description="The module a task lives in.")
FeedbackDirection = strawberry.enum(enums.FeedbackDirection)
