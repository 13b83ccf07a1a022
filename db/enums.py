"""The domain's enumerations, stored by name and exposed as GraphQL enums by ``schema``."""

from enum import StrEnum


class EmployeeStatus(StrEnum):
    ACTIVE = "ACTIVE"
    INVITED = "INVITED"
    PRE_ONBOARDING = "PRE_ONBOARDING"
    DEACTIVATED = "DEACTIVATED"


class Role(StrEnum):
    EMPLOYEE = "EMPLOYEE"
    ADMIN = "ADMIN"
    SUPER_ADMIN = "SUPER_ADMIN"


class GoalVisibility(StrEnum):
    PUBLIC = "PUBLIC"
    TEAM = "TEAM"
    PRIVATE = "PRIVATE"


class CycleStatus(StrEnum):
    ACTIVE = "ACTIVE"
    CLOSED = "CLOSED"


class AssessmentState(StrEnum):
    ONGOING = "ONGOING"
    PAST = "PAST"


class AssessmentStatus(StrEnum):
    DRAFT = "DRAFT"
    SIGNED = "SIGNED"


class SurveyStatus(StrEnum):
    DRAFT = "DRAFT"
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class InvitationStatus(StrEnum):
    PENDING = "PENDING"
    COMPLETED = "COMPLETED"


class TaskModule(StrEnum):
    GOALS = "GOALS"
    SURVEYS = "SURVEYS"
    REVIEWS = "REVIEWS"
    MEETINGS = "MEETINGS"
    LEARNING = "LEARNING"
    OTHER = "OTHER"


class TaskSubjectKind(StrEnum):
    """Which table a task's ``subject_id`` points into."""

    SURVEY = "SURVEY"
    ASSESSMENT = "ASSESSMENT"
    GOAL = "GOAL"
    MEETING = "MEETING"


class FeedbackDirection(StrEnum):
    RECEIVED = "RECEIVED"
    GIVEN = "GIVEN"


class ImpersonationOutcome(StrEnum):
    SERVED = "SERVED"
    REFUSED_MUTATION = "REFUSED_MUTATION"
    DENIED = "DENIED"
