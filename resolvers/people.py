"""Employees, teams and the company: lookups, nested relations and admin mutations."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import col

from db.enums import AssessmentState, CycleStatus, EmployeeStatus, Role
from db.models import Assessment, Company, Employee, Goal, Team
from permissions import rules, visibility
from resolvers import validation
from resolvers.context import Context, ViewasInfo
from resolvers.errors import BadUserInput, Forbidden, not_found
from resolvers.pagination import Page, SortKey, paginate, search_filter

EMPLOYEE_ORDER: SortKey[Employee] = SortKey(
    columns=(col(Employee.name), col(Employee.id)),
    of=lambda e: (e.name, e.id),
    parse=(str, str),
)


async def me(ctx: Context) -> Employee:
    employee = await ctx.loaders.employee.load(ctx.require_viewer().id)
    assert employee is not None  # the viewer always sees themselves
    return employee


async def employee(ctx: Context, id: str) -> Employee | None:
    return await ctx.loaders.employee.load(id)


async def employees(
    ctx: Context,
    *,
    status: Sequence[EmployeeStatus] | None,
    search: str | None,
    first: int,
    after: str | None,
) -> Page[Employee]:
    viewer = ctx.require_viewer()
    statement = select(Employee).where(visibility.employee_visible(viewer))
    if status is not None:
        statement = statement.where(col(Employee.status).in_(list(status)))
    matching = search_filter(search, col(Employee.name), col(Employee.email))
    if matching is not None:
        statement = statement.where(matching)
    return await paginate(ctx.db, statement, EMPLOYEE_ORDER, first=first, after=after)


async def team(ctx: Context, id: str) -> Team | None:
    return await ctx.loaders.team.load(id)


async def teams(ctx: Context) -> Sequence[Team]:
    viewer = ctx.require_viewer()
    return await ctx.db.all(
        select(Team).where(visibility.team_visible(viewer)).order_by(col(Team.name), col(Team.id))
    )


# Nested fields of Employee and Team.


async def company_of(root: Employee, info: ViewasInfo) -> Company:
    company = await info.context.loaders.company.load(root.company_id)
    assert company is not None
    return company


async def team_of(root: Employee | Goal, info: ViewasInfo) -> Team | None:
    if root.team_id is None:
        return None
    return await info.context.loaders.team.load(root.team_id)


async def manager_of(root: Employee, info: ViewasInfo) -> Employee | None:
    if root.manager_id is None:
        return None
    return await info.context.loaders.employee.load(root.manager_id)


async def reports_of(root: Employee, info: ViewasInfo) -> list[Employee]:
    return await info.context.loaders.reports.load(root.id)


async def goals_of(root: Employee, info: ViewasInfo) -> list[Goal]:
    return await info.context.loaders.goals_by_owner.load(root.id)


async def assessments_of(
    root: Employee, info: ViewasInfo, state: AssessmentState | None = None
) -> list[Assessment]:
    loaders = info.context.loaders
    found = await loaders.assessments_by_reviewee.load(root.id)
    if state is None:
        return found
    wanted = CycleStatus.ACTIVE if state is AssessmentState.ONGOING else CycleStatus.CLOSED
    cycles = await loaders.cycle.load_many([a.cycle_id for a in found])
    return [a for a, c in zip(found, cycles, strict=True) if c is not None and c.status is wanted]


async def members_of(root: Team, info: ViewasInfo) -> list[Employee]:
    return await info.context.loaders.members.load(root.id)


async def lead_of(root: Team, info: ViewasInfo) -> Employee | None:
    if root.lead_id is None:
        return None
    return await info.context.loaders.employee.load(root.lead_id)


# Mutations.


async def invite_employee(
    ctx: Context,
    *,
    name: str,
    email: str,
    job_title: str | None,
    manager_id: str | None,
    team_id: str | None,
) -> Employee:
    viewer = ctx.require_viewer()
    if not viewer.is_admin:
        raise Forbidden("Only admins can invite employees.")
    name = validation.text(name, "name", max_length=200)
    address = validation.email(email)
    job_title = validation.optional_text(job_title, "jobTitle", max_length=200)
    if manager_id is not None and await ctx.loaders.employee.load(manager_id) is None:
        raise not_found("employee", manager_id)
    if team_id is not None and await ctx.loaders.team.load(team_id) is None:
        raise not_found("team", team_id)
    if (
        await ctx.db.first(select(col(Employee.id)).where(col(Employee.email) == address))
        is not None
    ):
        raise BadUserInput("This email address is already in use.", field="email")
    invited = Employee(
        company_id=viewer.company_id,
        name=name,
        email=address,
        job_title=job_title,
        status=EmployeeStatus.INVITED,
        role=Role.EMPLOYEE,
        manager_id=manager_id,
        team_id=team_id,
        created_at=ctx.now,
    )
    async with ctx.db.unique("This email address is already in use."):
        ctx.db.add(invited)
        await ctx.db.commit()
    return invited


async def _managed_employee(ctx: Context, id: str) -> Employee:
    target = await ctx.loaders.employee.load(id)
    if target is None:
        raise not_found("employee", id)
    return target


async def set_employee_status(ctx: Context, *, id: str, status: EmployeeStatus) -> Employee:
    viewer = ctx.require_viewer()
    if not viewer.is_admin:
        raise Forbidden("Only admins can change an employee's status.")
    target = await _managed_employee(ctx, id)
    if target.id == viewer.id:
        raise Forbidden("You cannot change your own status.")
    if not rules.may_manage_account(viewer, target):
        raise Forbidden("Only super admins can change a super admin's status.")
    target.status = status
    await ctx.db.commit()
    return target


async def set_employee_role(ctx: Context, *, id: str, role: Role) -> Employee:
    viewer = ctx.require_viewer()
    if not viewer.is_super_admin:
        raise Forbidden("Only super admins can change roles.")
    target = await _managed_employee(ctx, id)
    if target.id == viewer.id:
        raise Forbidden("You cannot change your own role.")
    target.role = role
    await ctx.db.commit()
    return target
