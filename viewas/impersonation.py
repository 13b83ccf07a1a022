"""The impersonation header, decided once per operation in the context getter."""

import re

from sqlalchemy import select
from sqlmodel import col

from db.models import Company, Employee, ImpersonationConsent
from permissions import impersonation
from permissions.viewer import Viewer
from resolvers.context import AuditRecord, Context
from resolvers.errors import (
    BadUserInput,
    ImpersonationConsentRequired,
    ImpersonationForbidden,
    NotFound,
    ViewasError,
)

HEADER = "X-Impersonate-Employee"


_CANONICAL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def parse_subject_id(values: list[str]) -> str | None:
    """The employee id the header names, or None when it is not exactly one id.

    Only the form ids are handed out in is accepted: what the audit log records is then
    exactly what the client sent.
    """
    if len(values) != 1:
        return None
    value = values[0].strip()
    return value if _CANONICAL_ID.fullmatch(value) else None


async def decide(context: Context, actor_row: Employee, header_values: list[str]) -> None:
    """Look through the subject's eyes, or record why not; either way, audit the attempt.

    The checks run in the order the spec gives, so an admin learns nothing about whether an
    id exists, and another company's id is answered exactly like a missing one.
    """
    actor = Viewer.of(actor_row)
    context.audit = AuditRecord(company_id=actor.company_id, actor_id=actor.id)
    subject_id = parse_subject_id(header_values)
    if subject_id is None:
        context.denial = BadUserInput(
            f"{HEADER} must be one employee id (a UUID).", status=400, header=HEADER
        )
        return
    row = (
        await context.db.rows(
            select(Employee, Company)
            .join(Company, col(Company.id) == col(Employee.company_id))
            .where(col(Employee.id) == subject_id, col(Employee.company_id) == actor.company_id)
        )
    ).first()
    if row is not None:
        # Recorded even for a refused actor, so the subject's history shows the attempt.
        context.audit.subject_id = row[0].id
    if not actor.is_super_admin:
        # Asked before existence: an admin learns nothing about which ids exist.
        context.denial = ImpersonationForbidden("Only super admins can impersonate.")
        return
    if row is None:
        context.denial = NotFound(f"No employee with id {subject_id!r}.", status=404)
        return
    subject, company = row
    # Checked on every request: an expired or revoked grant stops impersonation at once.
    grants = await context.db.all(
        select(ImpersonationConsent).where(
            col(ImpersonationConsent.employee_id) == subject.id,
            col(ImpersonationConsent.revoked_at).is_(None),
            col(ImpersonationConsent.expires_at) > context.now,
        )
    )
    consent = impersonation.live_consent(list(grants), context.now)
    refusal = impersonation.refusal(actor, subject, company, consent)
    if refusal is not None:
        context.denial = _error_for(refusal)
        return
    context.actor = actor
    context.viewer = Viewer.of(subject)
    context.consent_expires_at = consent.expires_at if consent else None


def _error_for(refusal: impersonation.Refusal) -> ViewasError:
    if refusal.code == impersonation.CONSENT_REQUIRED:
        return ImpersonationConsentRequired(refusal.message)
    return ImpersonationForbidden(refusal.message)
