"""Cursor-paginated connections."""

import strawberry

from resolvers.pagination import total_count_of
from schema.goals import Goal
from schema.impersonation import ImpersonationEvent
from schema.people import Employee


@strawberry.type(description="Where a page ends and whether another follows.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more nodes follow.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` to fetch the next page.")


@strawberry.type(description="A page of employees.")
class EmployeeConnection:
    nodes: list[Employee] = strawberry.field(description="The employees of this page.")
    page_info: PageInfo = strawberry.field(description="How to fetch the next page.")
    total_count: int = strawberry.field(
        resolver=total_count_of, description="All matching employees, across pages."
    )


@strawberry.type(description="A page of goals.")
class GoalConnection:
    nodes: list[Goal] = strawberry.field(description="The goals of this page.")
    page_info: PageInfo = strawberry.field(description="How to fetch the next page.")
    total_count: int = strawberry.field(
        resolver=total_count_of, description="All matching goals, across pages."
    )


@strawberry.type(description="A page of impersonation events, newest first.")
class ImpersonationEventConnection:
    nodes: list[ImpersonationEvent] = strawberry.field(description="The events of this page.")
    page_info: PageInfo = strawberry.field(description="How to fetch the next page.")
