"""The effective viewer of a request, decided once in the context getter."""

from dataclasses import dataclass

from db.enums import EmployeeStatus, Role
from db.models import Employee


@dataclass(frozen=True, slots=True)
class Viewer:
    """Whose eyes a request sees through: ids and the facts every rule needs, nothing more."""

    id: str
    company_id: str
    role: Role
    status: EmployeeStatus
    manager_id: str | None
    team_id: str | None

    @classmethod
    def of(cls, employee: Employee) -> "Viewer":
        return cls(
            id=employee.id,
            company_id=employee.company_id,
            role=employee.role,
            status=employee.status,
            manager_id=employee.manager_id,
            team_id=employee.team_id,
        )

    @property
    def is_admin(self) -> bool:
        return self.role is not Role.EMPLOYEE

    @property
    def is_super_admin(self) -> bool:
        return self.role is Role.SUPER_ADMIN
