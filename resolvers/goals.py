"""Goals: lookups, the goals connection, and creating and updating them."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from db.enums import GoalVisibility
from db.models import Employee, Goal
from permissions import rules, visibility
from resolvers import validation
from resolvers.context import Context, ViewasInfo
from resolvers.errors import BadUserInput, Forbidden, not_found
from resolvers.pagination import Page, SortKey, paginate, search_filter

# Creation order, not title: ordering by a private goal's title would leak it.
GOAL_ORDER: SortKey[Goal] = SortKey(
    columns=(col(Goal.created_at), col(Goal.id)),
    of=lambda g: (g.created_at, g.id),
    parse=(datetime.fromisoformat, str),
)


async def goal(ctx: Context, id: str) -> Goal | None:
    return await ctx.loaders.goal.load(id)


async def goals(
    ctx: Context,
    *,
    owner_id: str | None,
    visibility_in: Sequence[GoalVisibility] | None,
    search: str | None,
    first: int,
    after: str | None,
) -> Page[Goal]:
    viewer = ctx.require_viewer()
    statement = select(Goal).where(visibility.goal_visible(viewer))
    if owner_id is not None:
        statement = statement.where(col(Goal.owner_id) == owner_id)
    if visibility_in is not None:
        statement = statement.where(col(Goal.visibility).in_(list(visibility_in)))
    matching = search_filter(search, col(Goal.title), col(Goal.description))
    if matching is not None:
        statement = statement.where(matching)
        if ctx.impersonating:
            # A private goal's text is hidden under impersonation: it must not match either.
            statement = statement.where(col(Goal.visibility) != GoalVisibility.PRIVATE)
    return await paginate(ctx.db, statement, GOAL_ORDER, first=first, after=after)


async def owner_of(root: Goal, info: ViewasInfo) -> Employee:
    owner = await info.context.loaders.employee.load(root.owner_id)
    assert owner is not None  # a visible goal has a visible owner
    return owner


def _progress(value: int) -> int:
    return validation.within(value, "progress", 0, 100)


async def create_goal(
    ctx: Context,
    *,
    title: str,
    description: str | None,
    visibility_: GoalVisibility,
    due_date: date | None,
    owner_id: str | None,
) -> Goal:
    viewer = ctx.require_viewer()
    title = validation.text(title, "title", max_length=200)
    description = validation.optional_text(description, "description", max_length=5000)
    owner_id = viewer.id if owner_id is None else owner_id
    owner = await ctx.loaders.employee.load(owner_id)
    if owner is None:
        raise not_found("employee", owner_id)
    if not rules.may_manage_goals_of(viewer, owner):
        raise Forbidden("You can create goals for yourself and your direct reports only.")
    created = Goal(
        company_id=viewer.company_id,
        owner_id=owner.id,
        team_id=owner.team_id,
        title=title,
        description=description,
        visibility=visibility_,
        progress=0,
        due_date=due_date,
        created_at=ctx.now,
    )
    ctx.db.add(created)
    await ctx.db.commit()
    return created


async def update_goal(ctx: Context, *, id: str, changes: Mapping[str, Any]) -> Goal:
    """Apply the fields the client sent; an explicit null clears only what may be empty."""
    viewer = ctx.require_viewer()
    target = await ctx.loaders.goal.load(id)
    if target is None:
        raise not_found("goal", id)
    owner = await ctx.loaders.employee.load(target.owner_id)
    if owner is None or not rules.may_manage_goals_of(viewer, owner):
        raise Forbidden("Only the owner, their manager or an admin can change this goal.")
    for required in ("title", "visibility", "progress"):
        if required in changes and changes[required] is None:
            raise BadUserInput(f"`{required}` cannot be null.", field=required)
    # Validate everything before touching the row: a later commit in the same request must
    # never flush half an update.
    updates: dict[str, Any] = {}
    if "title" in changes:
        updates["title"] = validation.text(changes["title"], "title", max_length=200)
    if "description" in changes:
        updates["description"] = validation.optional_text(
            changes["description"], "description", max_length=5000
        )
    if "visibility" in changes:
        updates["visibility"] = changes["visibility"]
    if "progress" in changes:
        updates["progress"] = _progress(changes["progress"])
    if "due_date" in changes:
        updates["due_date"] = changes["due_date"]
    for name, value in updates.items():
        setattr(target, name, value)
    await ctx.db.commit()
    return target
