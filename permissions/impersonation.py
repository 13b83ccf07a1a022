"""The impersonation rule: may this actor look through this subject's eyes right now?

One function answers it, for the request's context getter and for ``canImpersonate`` alike.
"""

from dataclasses import dataclass
from datetime import datetime

from db.enums import EmployeeStatus
from db.models import Company, Employee, ImpersonationConsent
from permissions.viewer import Viewer

FORBIDDEN = "IMPERSONATION_FORBIDDEN"
CONSENT_REQUIRED = "IMPERSONATION_CONSENT_REQUIRED"


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    message: str


def live_consent(grants: list[ImpersonationConsent], now: datetime) -> ImpersonationConsent | None:
    """The grant in force: neither revoked nor expired (granting revokes the earlier ones,
    so there is at most one; the newest wins should two grants race)."""
    live = [g for g in grants if g.revoked_at is None and g.expires_at > now]
    return max(live, key=lambda g: (g.granted_at, g.expires_at), default=None)


def refusal(
    actor: Viewer,
    subject: Employee,
    company: Company,
    consent: ImpersonationConsent | None,
) -> Refusal | None:
    """Why ``actor`` may not impersonate ``subject`` now, or None when they may.

    ``subject`` is assumed to be in the actor's company: callers answer another company's
    id exactly as they answer a missing one, before asking this.
    """
    if not actor.is_super_admin:
        return Refusal(FORBIDDEN, "Only super admins can impersonate.")
    if subject.id == actor.id:
        return Refusal(FORBIDDEN, "You cannot impersonate yourself.")
    needs_consent = company.require_consent and subject.status is EmployeeStatus.ACTIVE
    if needs_consent and consent is None:
        return Refusal(
            CONSENT_REQUIRED,
            f"{subject.name} has not enabled impersonation. Ask them to enable it first.",
        )
    return None
