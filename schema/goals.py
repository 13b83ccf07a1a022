"""Goal."""

import datetime

import strawberry

from db import models
from resolvers import goals, people
from schema.enums import GoalVisibility
from schema.people import Employee, Team
from schema.rows import stands_for


@strawberry.type(description="A goal, visible according to its visibility.")
class Goal:
    id: strawberry.ID = strawberry.field(description="The goal's id.")
    visibility: GoalVisibility = strawberry.field(description="Who may see the goal.")
    owner: models.Employee = strawberry.field(
        resolver=goals.owner_of, graphql_type=Employee, description="Whose goal it is."
    )
    title: str | None = strawberry.field(
        description="The goal's title; null for a PRIVATE goal under impersonation."
    )
    description: str | None = strawberry.field(description="What the goal is about.")
    progress: int | None = strawberry.field(description="Progress in percent, 0 to 100.")
    due_date: datetime.date | None = strawberry.field(description="When it is due.")
    team: models.Team | None = strawberry.field(
        resolver=people.team_of,
        graphql_type=Team | None,
        description="The team the goal belongs to.",
    )

    is_type_of = stands_for(models.Goal)
