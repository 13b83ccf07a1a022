"""Private notes and instant feedback: sensitive through and through."""

import datetime

import strawberry

from db import models
from resolvers import notes
from schema.people import Employee
from schema.rows import stands_for


@strawberry.type(description="A note only its author can read. Sensitive.")
class PrivateNote:
    id: strawberry.ID = strawberry.field(description="The note's id.")
    body: str | None = strawberry.field(description="The note's text. Sensitive.")
    about: models.Employee | None = strawberry.field(
        resolver=notes.about_of,
        graphql_type=Employee | None,
        description="Whom the note is about, if anyone.",
    )
    created_at: datetime.datetime = strawberry.field(description="When it was written.")

    is_type_of = stands_for(models.PrivateNote)


@strawberry.type(description="Feedback one employee gave another. Sensitive.")
class InstantFeedback:
    id: strawberry.ID = strawberry.field(description="The feedback's id.")
    giver: models.Employee = strawberry.field(
        resolver=notes.giver_of, graphql_type=Employee, description="Who gave it."
    )
    receiver: models.Employee = strawberry.field(
        resolver=notes.receiver_of, graphql_type=Employee, description="Who received it."
    )
    message: str | None = strawberry.field(description="The feedback itself. Sensitive.")
    shared_with_manager: bool = strawberry.field(
        description="Whether the receiver's manager may read it."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was given.")

    is_type_of = stands_for(models.InstantFeedback)
