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
    in_company = Employee.company_id == viewer.company_id
    if viewer.is_admin:
        return in_company
    return and_(in_company, or_(Employee.status == EmployeeStatus.ACTIVE, Employee.id == viewer.id))


def visible_employee_ids(viewer: Viewer) -> Select[tuple[str]]:
    return select(Employee.id).where(employee_visible(viewer))


def direct_report_ids(viewer: Viewer) -> Select[tuple[str]]:
    return select(Employee.id).where(
        Employee.manager_id == viewer.id, Employee.company_id == viewer.company_id
    )


def subordinate_ids(viewer: Viewer) -> Select[tuple[str]]:
    """Everyone below the viewer in the management chain, at any depth."""
    below = (
        select(Employee.id)
        .where(Employee.manager_id == viewer.id, Employee.company_id == viewer.company_id)
        .cte("subordinates", recursive=True)
    )
    # UNION (not UNION ALL) so a cycle in bad data ends instead of recursing forever.
    below = below.union(select(Employee.id).where(Employee.manager_id == below.c.id))
    return select(below.c.id)


def team_visible(viewer: Viewer) -> ColumnElement[bool]:
    return Team.company_id == viewer.company_id


def cycle_visible(viewer: Viewer) -> ColumnElement[bool]:
    return ReviewCycle.company_id == viewer.company_id


def goal_visible(viewer: Viewer) -> ColumnElement[bool]:
    """PUBLIC: the company. TEAM: owner, owner's team, managers up the chain, admins.
    PRIVATE: owner, owner's direct manager, admins."""
    in_company = Goal.company_id == viewer.company_id
    if viewer.is_admin:
        return in_company
    same_team: ColumnElement[bool] = (
        Goal.owner_id.in_(select(Employee.id).where(Employee.team_id == viewer.team_id))
        if viewer.team_id is not None
        else false()
    )
    return and_(
        in_company,
        Goal.owner_id.in_(visible_employee_ids(viewer)),
        or_(
            Goal.owner_id == viewer.id,
            Goal.visibility == GoalVisibility.PUBLIC,
            and_(
                Goal.visibility == GoalVisibility.TEAM,
                or_(same_team, Goal.owner_id.in_(subordinate_ids(viewer))),
            ),
            and_(
                Goal.visibility == GoalVisibility.PRIVATE,
                Goal.owner_id.in_(direct_report_ids(viewer)),
            ),
        ),
    )


def survey_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Admins see every survey; others the surveys they are invited to."""
    in_company = Survey.company_id == viewer.company_id
    if viewer.is_admin:
        return in_company
    invited = select(SurveyInvitation.survey_id).where(SurveyInvitation.employee_id == viewer.id)
    return and_(in_company, Survey.id.in_(invited))


def assessment_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Reviewer: what they write. Reviewee: once SIGNED. Manager: their direct reports'.
    Admins: all."""
    in_company = Assessment.company_id == viewer.company_id
    if viewer.is_admin:
        return in_company
    people = visible_employee_ids(viewer)
    return and_(
        in_company,
        Assessment.reviewer_id.in_(people),
        Assessment.reviewee_id.in_(people),
        or_(
            Assessment.reviewer_id == viewer.id,
            and_(
                Assessment.reviewee_id == viewer.id,
                Assessment.status == AssessmentStatus.SIGNED,
            ),
            Assessment.reviewee_id.in_(direct_report_ids(viewer)),
        ),
    )


def task_visible(viewer: Viewer) -> ColumnElement[bool]:
    return and_(Task.company_id == viewer.company_id, Task.assignee_id == viewer.id)


def meeting_visible(viewer: Viewer) -> ColumnElement[bool]:
    """The two participants, while the other one is someone they may see."""
    people = visible_employee_ids(viewer)
    return and_(
        Meeting.company_id == viewer.company_id,
        or_(Meeting.organizer_id == viewer.id, Meeting.attendee_id == viewer.id),
        Meeting.organizer_id.in_(people),
        Meeting.attendee_id.in_(people),
    )


def private_note_visible(viewer: Viewer) -> ColumnElement[bool]:
    """The author alone: no admin, no manager."""
    return and_(PrivateNote.company_id == viewer.company_id, PrivateNote.author_id == viewer.id)


def feedback_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Giver and receiver; the receiver's manager when it was shared with the manager."""
    people = visible_employee_ids(viewer)
    return and_(
        InstantFeedback.company_id == viewer.company_id,
        InstantFeedback.giver_id.in_(people),
        InstantFeedback.receiver_id.in_(people),
        or_(
            InstantFeedback.giver_id == viewer.id,
            InstantFeedback.receiver_id == viewer.id,
            and_(
                InstantFeedback.shared_with_manager == true(),
                InstantFeedback.receiver_id.in_(direct_report_ids(viewer)),
            ),
        ),
    )
