"""The domain enums of ``db.enums``, exposed to GraphQL under the same names.

``strawberry.enum`` registers the class it is given and returns that same class, so the
names exported here are the ``db.enums`` classes themselves, now GraphQL enums too: fields
annotated with them type-check as the values the rows hold.
"""

import strawberry

from db.enums import (
    AssessmentState,
    AssessmentStatus,
    CycleStatus,
    EmployeeStatus,
    FeedbackDirection,
    GoalVisibility,
    InvitationStatus,
    Role,
    SurveyStatus,
    TaskModule,
)

strawberry.enum(EmployeeStatus, description="Only ACTIVE employees can sign in.")
strawberry.enum(Role, description="ADMIN and SUPER_ADMIN are the admins.")
strawberry.enum(
    GoalVisibility,
    description="PUBLIC: the company. TEAM: owner, owner's team, managers up the chain, "
    "admins. PRIVATE: owner, owner's direct manager, admins.",
)
strawberry.enum(CycleStatus)
strawberry.enum(
    AssessmentState,
    description="ONGOING while the cycle is ACTIVE (even when signed); PAST once it is CLOSED.",
)
strawberry.enum(AssessmentStatus)
strawberry.enum(SurveyStatus)
strawberry.enum(InvitationStatus)
strawberry.enum(TaskModule, description="The module a task lives in.")
strawberry.enum(FeedbackDirection)

__all__ = [
    "AssessmentState",
    "AssessmentStatus",
    "CycleStatus",
    "EmployeeStatus",
    "FeedbackDirection",
    "GoalVisibility",
    "InvitationStatus",
    "Role",
    "SurveyStatus",
    "TaskModule",
]
