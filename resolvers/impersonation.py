"""Consent, policy and the impersonation fields of the API."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlmodel import col

from db.models import Company, Employee, ImpersonationConsent, ImpersonationEvent
from permissions import impersonation
from resolvers import validation
from resolvers.context import Context, ViewasInfo
from resolvers.errors import Forbidden
from resolvers.pagination import Page, SortKey, paginate

EVENT_ORDER: SortKey[ImpersonationEvent] = SortKey(
    columns=(col(ImpersonationEvent.at), col(ImpersonationEvent.id)),
    of=lambda e: (e.at, e.id),
    parse=(datetime.fromisoformat, str),
    descending=True,
)


@dataclass(frozen=True, slots=True)
class Availability:
    allowed: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class Session:
    actor: Employee
    subject: Employee
    read_only: bool
    consent_expires_at: datetime | None


async def _consent_for(info: ViewasInfo, employee_id: str) -> ImpersonationConsent | None:
    grants = await info.context.loaders.consents.load(employee_id)
    return impersonation.live_consent(grants, info.context.now)


async def consent_of(root: Employee, info: ViewasInfo) -> ImpersonationConsent | None:
    """The employee's live grant: visible to themselves and to super admins."""
    viewer = info.context.require_viewer()
    if root.id != viewer.id and not viewer.is_super_admin:
        return None
    return await _consent_for(info, root.id)


async def availability_of(root: Employee, info: ViewasInfo) -> Availability | None:
    """For super admins: whether they could impersonate this employee now, else why not."""
    viewer = info.context.require_viewer()
    if not viewer.is_super_admin:
        return None
    company = await info.context.loaders.company.load(root.company_id)
    assert company is not None
    found = impersonation.refusal(viewer, root, company, await _consent_for(info, root.id))
    return Availability(True, None) if found is None else Availability(False, found.message)


async def history_of(root: Employee, info: ViewasInfo) -> list[ImpersonationEvent] | None:
    """Who looked through this employee's eyes: for the employee and for super admins."""
    viewer = info.context.require_viewer()
    if root.id != viewer.id and not viewer.is_super_admin:
        return None
    return await info.context.loaders.events_by_subject.load(root.id)


async def events(
    ctx: Context, *, actor_id: str | None, subject_id: str | None, first: int, after: str | None
) -> Page[ImpersonationEvent]:
    viewer = ctx.require_viewer()
    if ctx.impersonating:
        raise Forbidden("The impersonation log is not available while impersonating.")
    if not viewer.is_super_admin:
        raise Forbidden("Only super admins can read the impersonation log.")
    statement = select(ImpersonationEvent).where(
        col(ImpersonationEvent.company_id) == viewer.company_id,
        col(ImpersonationEvent.subject_id).is_not(None),
    )
    if actor_id is not None:
        statement = statement.where(col(ImpersonationEvent.actor_id) == actor_id)
    if subject_id is not None:
        statement = statement.where(col(ImpersonationEvent.subject_id) == subject_id)
    return await paginate(ctx.db, statement, EVENT_ORDER, first=first, after=after)


async def actor_of_event(root: ImpersonationEvent, info: ViewasInfo) -> Employee:
    person = await info.context.loaders.event_person.load(root.actor_id)
    assert person is not None
    return person


async def subject_of_event(root: ImpersonationEvent, info: ViewasInfo) -> Employee:
    assert root.subject_id is not None  # events naming nobody are never listed
    person = await info.context.loaders.event_person.load(root.subject_id)
    assert person is not None
    return person


def outcome_of_event(root: ImpersonationEvent) -> str:
    return root.outcome.value


async def current_session(ctx: Context) -> Session | None:
    if ctx.actor is None:
        return None
    viewer = ctx.require_viewer()
    actor, subject = await ctx.loaders.event_person.load_many([ctx.actor.id, viewer.id])
    assert actor is not None and subject is not None
    grants = await ctx.loaders.consents.load(subject.id)
    consent = impersonation.live_consent(grants, ctx.now)
    return Session(actor, subject, True, None if consent is None else consent.expires_at)


async def grant_consent(ctx: Context, *, hours: int, max_hours: int) -> ImpersonationConsent:
    viewer = ctx.require_viewer()
    hours = validation.within(hours, "hours", 1, max_hours)
    await _revoke_live(ctx, viewer.id)
    grant = ImpersonationConsent(
        employee_id=viewer.id,
        granted_at=ctx.now,
        expires_at=ctx.now + timedelta(hours=hours),
    )
    ctx.db.add(grant)
    await ctx.db.commit()
    return grant


async def revoke_consent(ctx: Context) -> bool:
    viewer = ctx.require_viewer()
    revoked = await _revoke_live(ctx, viewer.id)
    await ctx.db.commit()
    return revoked


async def _revoke_live(ctx: Context, employee_id: str) -> bool:
    result = await ctx.db.rows(
        update(ImpersonationConsent)
        .where(
            col(ImpersonationConsent.employee_id) == employee_id,
            col(ImpersonationConsent.revoked_at).is_(None),
            col(ImpersonationConsent.expires_at) > ctx.now,
        )
        .values(revoked_at=ctx.now)
        .returning(col(ImpersonationConsent.id))
    )
    return bool(result.all())


async def set_policy(ctx: Context, *, require_consent: bool) -> Company:
    viewer = ctx.require_viewer()
    if not viewer.is_super_admin:
        raise Forbidden("Only super admins can change the impersonation policy.")
    company = await ctx.loaders.company.load(viewer.company_id)
    assert company is not None
    company.require_consent = require_consent
    await ctx.db.commit()
    return company
