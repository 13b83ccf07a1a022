"""What each viewer may see, as SQL predicates: the one place each visibility rule lives.

Every list resolver, every loader and every single-item lookup filters through these, so a
root field, a nested field and a search can never disagree about what a viewer sees.

Non-admins see only ACTIVE colleagues (and themselves). An object whose required people
(a goal's owner, an assessment's reviewer and reviewee, a meeting's participants, feedback's
giver and receiver) the viewer may not see is itself invisible, so a response never names an
employee the viewer could not look up.
"""

from sqlalchemy import Select, and_, false, or_, select, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from db.enums import AssessmentStatus, EmployeeStatus, GoalVisibility
from db.models import (
    Assessment,
    Employee,
    Goal,
    InstantFeedback,
    Meeting,
    PrivateNote,
    ReviewCycle,
    Survey,
    SurveyInvitation,
    Task,
    Team,
)
from permissions.viewer import Viewer


def employee_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Admins see every status; everyone else sees ACTIVE colleagues and themselves."""
    in_company = col(Employee.company_id) == viewer.company_id
    if viewer.is_admin:
        return in_company
    return and_(
        in_company,
        or_(col(Employee.status) == EmployeeStatus.ACTIVE, col(Employee.id) == viewer.id),
    )


def visible_employee_ids(viewer: Viewer) -> Select[str]:
    return select(col(Employee.id)).where(employee_visible(viewer))


def direct_report_ids(viewer: Viewer) -> Select[str]:
    return select(col(Employee.id)).where(
        col(Employee.manager_id) == viewer.id, col(Employee.company_id) == viewer.company_id
    )


def subordinate_ids(viewer: Viewer) -> Select[str]:
    """Everyone below the viewer in the management chain, at any depth."""
    below = (
        select(col(Employee.id))
        .where(col(Employee.manager_id) == viewer.id, col(Employee.company_id) == viewer.company_id)
        .cte("subordinates", recursive=True)
    )
    # UNION (not UNION ALL) so a cycle in bad data ends instead of recursing forever.
    below = below.union(select(col(Employee.id)).where(col(Employee.manager_id) == below.c.id))
    return select(below.c.id)


def team_visible(viewer: Viewer) -> ColumnElement[bool]:
    return col(Team.company_id) == viewer.company_id


def cycle_visible(viewer: Viewer) -> ColumnElement[bool]:
    return col(ReviewCycle.company_id) == viewer.company_id


def goal_visible(viewer: Viewer) -> ColumnElement[bool]:
    """PUBLIC: the company. TEAM: owner, owner's team, managers up the chain, admins.
    PRIVATE: owner, owner's direct manager, admins."""
    in_company = col(Goal.company_id) == viewer.company_id
    if viewer.is_admin:
        return in_company
    same_team: ColumnElement[bool] = (
        col(Goal.owner_id).in_(
            select(col(Employee.id)).where(col(Employee.team_id) == viewer.team_id)
        )
        if viewer.team_id is not None
        else false()
    )
    return and_(
        in_company,
        col(Goal.owner_id).in_(visible_employee_ids(viewer)),
        or_(
            col(Goal.owner_id) == viewer.id,
            col(Goal.visibility) == GoalVisibility.PUBLIC,
            and_(
                col(Goal.visibility) == GoalVisibility.TEAM,
                or_(same_team, col(Goal.owner_id).in_(subordinate_ids(viewer))),
            ),
            and_(
                col(Goal.visibility) == GoalVisibility.PRIVATE,
                col(Goal.owner_id).in_(direct_report_ids(viewer)),
            ),
        ),
    )


def survey_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Admins see every survey; others the surveys they are invited to."""
    in_company = col(Survey.company_id) == viewer.company_id
    if viewer.is_admin:
        return in_company
    invited = select(col(SurveyInvitation.survey_id)).where(
        col(SurveyInvitation.employee_id) == viewer.id
    )
    return and_(in_company, col(Survey.id).in_(invited))


def assessment_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Reviewer: what they write. Reviewee: once SIGNED. Manager: their direct reports'.
    Admins: all."""
    in_company = col(Assessment.company_id) == viewer.company_id
    if viewer.is_admin:
        return in_company
    people = visible_employee_ids(viewer)
    return and_(
        in_company,
        col(Assessment.reviewer_id).in_(people),
        col(Assessment.reviewee_id).in_(people),
        or_(
            col(Assessment.reviewer_id) == viewer.id,
            and_(
                col(Assessment.reviewee_id) == viewer.id,
                col(Assessment.status) == AssessmentStatus.SIGNED,
            ),
            col(Assessment.reviewee_id).in_(direct_report_ids(viewer)),
        ),
    )


def task_visible(viewer: Viewer) -> ColumnElement[bool]:
    return and_(col(Task.company_id) == viewer.company_id, col(Task.assignee_id) == viewer.id)


def meeting_visible(viewer: Viewer) -> ColumnElement[bool]:
    """The two participants, while the other one is someone they may see."""
    people = visible_employee_ids(viewer)
    return and_(
        col(Meeting.company_id) == viewer.company_id,
        or_(col(Meeting.organizer_id) == viewer.id, col(Meeting.attendee_id) == viewer.id),
        col(Meeting.organizer_id).in_(people),
        col(Meeting.attendee_id).in_(people),
    )


def private_note_visible(viewer: Viewer) -> ColumnElement[bool]:
    """The author alone: no admin, no manager."""
    return and_(
        col(PrivateNote.company_id) == viewer.company_id, col(PrivateNote.author_id) == viewer.id
    )


def feedback_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Giver and receiver; the receiver's manager when it was shared with the manager."""
    people = visible_employee_ids(viewer)
    return and_(
        col(InstantFeedback.company_id) == viewer.company_id,
        col(InstantFeedback.giver_id).in_(people),
        col(InstantFeedback.receiver_id).in_(people),
        or_(
            col(InstantFeedback.giver_id) == viewer.id,
            col(InstantFeedback.receiver_id) == viewer.id,
            and_(
                col(InstantFeedback.shared_with_manager) == true(),
                col(InstantFeedback.receiver_id).in_(direct_report_ids(viewer)),
            ),
        ),
    )
