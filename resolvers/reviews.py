"""Review cycles and assessments: who sees them, writing, signing and unlocking them."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from db import workflows
from db.enums import AssessmentState, AssessmentStatus, CycleStatus
from db.models import Assessment, Employee, ReviewCycle
from permissions import rules, visibility
from permissions.viewer import Viewer
from resolvers import validation
from resolvers.context import Context, ViewasInfo
from resolvers.errors import BadUserInput, Forbidden, not_found


def _cycle_status_for(state: AssessmentState) -> CycleStatus:
    return CycleStatus.ACTIVE if state is AssessmentState.ONGOING else CycleStatus.CLOSED


async def review_cycles(ctx: Context) -> Sequence[ReviewCycle]:
    viewer = ctx.require_viewer()
    return await ctx.db.all(
        select(ReviewCycle)
        .where(visibility.cycle_visible(viewer))
        .order_by(col(ReviewCycle.created_at).desc(), col(ReviewCycle.id))
    )


async def assessment(ctx: Context, id: str) -> Assessment | None:
    return await ctx.loaders.assessment.load(id)


async def assessments(ctx: Context, *, state: AssessmentState | None) -> Sequence[Assessment]:
    viewer = ctx.require_viewer()
    statement = select(Assessment).where(visibility.assessment_visible(viewer))
    if state is not None:
        in_state = select(col(ReviewCycle.id)).where(
            col(ReviewCycle.status) == _cycle_status_for(state)
        )
        statement = statement.where(col(Assessment.cycle_id).in_(in_state))
    return await ctx.db.all(statement.order_by(col(Assessment.cycle_id), col(Assessment.id)))


async def assessments_of_cycle(root: ReviewCycle, info: ViewasInfo) -> list[Assessment]:
    return await info.context.loaders.assessments_by_cycle.load(root.id)


async def cycle_of(root: Assessment, info: ViewasInfo) -> ReviewCycle:
    cycle = await info.context.loaders.cycle.load(root.cycle_id)
    assert cycle is not None
    return cycle


async def state_of(root: Assessment, info: ViewasInfo) -> AssessmentState:
    cycle = await cycle_of(root, info)
    return AssessmentState.ONGOING if cycle.status is CycleStatus.ACTIVE else AssessmentState.PAST


async def reviewee_of(root: Assessment, info: ViewasInfo) -> Employee:
    person = await info.context.loaders.employee.load(root.reviewee_id)
    assert person is not None  # a visible assessment has visible people
    return person


async def reviewer_of(root: Assessment, info: ViewasInfo) -> Employee:
    person = await info.context.loaders.employee.load(root.reviewer_id)
    assert person is not None
    return person


async def _open_assessment(ctx: Context, id: str) -> tuple[Assessment, ReviewCycle]:
    """The viewer's own draft in an active cycle, or the reason it cannot be written."""
    viewer = ctx.require_viewer()
    target = await ctx.loaders.assessment.load(id)
    if target is None:
        raise not_found("assessment", id)
    if not rules.writes_assessment(viewer, target):
        raise Forbidden("Only the reviewer can write this assessment.")
    cycle = await ctx.loaders.cycle.load(target.cycle_id)
    assert cycle is not None
    if cycle.status is not CycleStatus.ACTIVE:
        raise BadUserInput("This review cycle is closed.")
    if target.status is AssessmentStatus.SIGNED:
        raise BadUserInput("This assessment is signed; a super admin can unlock it.")
    return target, cycle


async def save_assessment(ctx: Context, *, id: str, changes: Mapping[str, Any]) -> Assessment:
    target, _ = await _open_assessment(ctx, id)
    updates: dict[str, Any] = {}
    if "rating" in changes:
        rating = changes["rating"]
        updates["rating"] = None if rating is None else validation.within(rating, "rating", 1, 5)
    if "summary" in changes:
        updates["summary"] = validation.optional_text(
            changes["summary"], "summary", max_length=10000
        )
    for name, value in updates.items():
        setattr(target, name, value)
    await ctx.db.commit()
    return target


async def sign_assessment(ctx: Context, *, id: str) -> Assessment:
    target, _ = await _open_assessment(ctx, id)
    if target.rating is None:
        raise BadUserInput("Give a rating before signing.", field="rating")
    await workflows.sign_assessment(ctx.db.session, target, ctx.now)
    await ctx.db.commit()
    return target


async def unlock_assessment(ctx: Context, *, id: str) -> Assessment:
    viewer = ctx.require_viewer()
    if not viewer.is_super_admin:
        raise Forbidden("Only super admins can unlock signed assessments.")
    target = await ctx.loaders.assessment.load(id)
    if target is None:
        raise not_found("assessment", id)
    cycle = await ctx.loaders.cycle.load(target.cycle_id)
    assert cycle is not None
    if cycle.status is not CycleStatus.ACTIVE:
        raise BadUserInput("This review cycle is closed.")
    if target.status is not AssessmentStatus.SIGNED:
        raise BadUserInput("This assessment is not signed.")
    await workflows.unlock_assessment(ctx.db.session, target)
    await ctx.db.commit()
    return target


async def _can_see(ctx: Context, viewer: Employee, employee: Employee) -> bool:
    """Whether ``viewer`` may see ``employee``, by the one employee visibility rule."""
    seen = await ctx.db.first(
        select(col(Employee.id)).where(
            col(Employee.id) == employee.id, visibility.employee_visible(Viewer.of(viewer))
        )
    )
    return seen is not None


async def assign_assessment(
    ctx: Context, *, cycle_id: str, reviewee_id: str, reviewer_id: str
) -> Assessment:
    viewer = ctx.require_viewer()
    if not viewer.is_admin:
        raise Forbidden("Only admins can assign assessments.")
    cycle = await ctx.loaders.cycle.load(cycle_id)
    if cycle is None:
        raise not_found("review cycle", cycle_id)
    if cycle.status is not CycleStatus.ACTIVE:
        raise BadUserInput("This review cycle is closed.")
    reviewee, reviewer = await ctx.loaders.employee.load_many([reviewee_id, reviewer_id])
    if reviewee is None:
        raise not_found("employee", reviewee_id)
    if reviewer is None:
        raise not_found("employee", reviewer_id)
    if not await _can_see(ctx, reviewer, reviewee):
        raise BadUserInput(
            f"{reviewer.name} cannot see {reviewee.name}, so could never write this "
            "assessment. Activate them first, or choose another reviewer."
        )
    existing = await ctx.db.first(
        select(col(Assessment.id)).where(
            col(Assessment.cycle_id) == cycle.id,
            col(Assessment.reviewee_id) == reviewee.id,
            col(Assessment.reviewer_id) == reviewer.id,
        )
    )
    duplicate = "This reviewer already assesses this reviewee in this cycle."
    if existing is not None:
        raise BadUserInput(duplicate)
    async with ctx.db.unique(duplicate):
        created = await workflows.assign_assessment(
            ctx.db.session, cycle, reviewee, reviewer, ctx.now
        )
        await ctx.db.commit()
    return created
