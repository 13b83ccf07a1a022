"""Who may change what: pure functions over the viewer and rows a loader already fetched."""

from db.enums import Role
from db.models import Assessment, Employee, Meeting
from permissions.viewer import Viewer


def may_manage_account(viewer: Viewer, target: Employee) -> bool:
    """Admins manage accounts, but only a super admin touches a super admin's."""
    return viewer.is_super_admin or (viewer.is_admin and target.role is not Role.SUPER_ADMIN)


def may_manage_goals_of(viewer: Viewer, owner: Employee) -> bool:
    """The owner, the owner's direct manager, or an admin."""
    return viewer.id == owner.id or owner.manager_id == viewer.id or viewer.is_admin


def writes_assessment(viewer: Viewer, assessment: Assessment) -> bool:
    return assessment.reviewer_id == viewer.id


def takes_part_in(viewer: Viewer, meeting: Meeting) -> bool:
    return viewer.id in (meeting.organizer_id, meeting.attendee_id)
