"""Review cycles and assessments."""

import datetime
from typing import Annotated

import strawberry

from db import models
from resolvers import reviews
from schema.enums import AssessmentState, AssessmentStatus, CycleStatus
from schema.people import Employee
from schema.rows import stands_for

AssessmentRef = Annotated["Assessment", strawberry.lazy("schema.reviews")]


@strawberry.type(description="A review cycle of the company.")
class ReviewCycle:
    id: strawberry.ID = strawberry.field(description="The cycle's id.")
    name: str = strawberry.field(description="The cycle's name.")
    status: CycleStatus = strawberry.field(description="ACTIVE or CLOSED.")
    assessments: list[models.Assessment] = strawberry.field(
        resolver=reviews.assessments_of_cycle,
        graphql_type=list[AssessmentRef],
        description="The cycle's assessments that the viewer may see.",
    )

    is_type_of = stands_for(models.ReviewCycle)


@strawberry.type(description="One reviewer's assessment of one reviewee in a cycle.")
class Assessment:
    id: strawberry.ID = strawberry.field(description="The assessment's id.")
    cycle: models.ReviewCycle = strawberry.field(
        resolver=reviews.cycle_of, graphql_type=ReviewCycle, description="The cycle it belongs to."
    )
    reviewee: models.Employee = strawberry.field(
        resolver=reviews.reviewee_of, graphql_type=Employee, description="Who is assessed."
    )
    reviewer: models.Employee = strawberry.field(
        resolver=reviews.reviewer_of, graphql_type=Employee, description="Who writes it."
    )
    status: AssessmentStatus = strawberry.field(description="DRAFT or SIGNED.")
    state: AssessmentState = strawberry.field(
        resolver=reviews.state_of,
        description="ONGOING while the cycle is ACTIVE, even once signed; PAST once CLOSED.",
    )
    rating: int | None = strawberry.field(description="The rating, 1 to 5.")
    summary: str | None = strawberry.field(description="The written summary.")
    signed_at: datetime.datetime | None = strawberry.field(description="When it was signed.")

    is_type_of = stands_for(models.Assessment)
