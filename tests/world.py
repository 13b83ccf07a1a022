"""Bigger worlds for tests that need more than the demo company."""

from sqlalchemy import select

from db.engine import session_factory
from db.enums import EmployeeStatus, Role
from db.models import Employee
from db.seed_synthetic import seed_synthetic
from tests.client import Api


async def synthetic_company(api: Api, employees: int, name: str = "Initech") -> str:
    async with session_factory(api.engine)() as session:
        return await seed_synthetic(session, employees, company_name=name)


async def email_where(api: Api, company_id: str, *conditions: object) -> str:
    async with session_factory(api.engine)() as session:
        email = await session.scalar(
            select(Employee.email)
            .where(Employee.company_id == company_id, *conditions)  # type: ignore[arg-type]
            .order_by(Employee.email)
            .limit(1)
        )
    assert email is not None
    return email


async def super_admin_of(api: Api, company_id: str) -> str:
    return await email_where(
        api, company_id, Employee.role == Role.SUPER_ADMIN, Employee.status == EmployeeStatus.ACTIVE
    )


async def plain_employee_of(api: Api, company_id: str) -> str:
    return await email_where(
        api, company_id, Employee.role == Role.EMPLOYEE, Employee.status == EmployeeStatus.ACTIVE
    )
