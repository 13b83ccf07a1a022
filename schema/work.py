"""Tasks and what they point at, and 1:1 meetings with their notes."""

import datetime
from typing import Annotated

import strawberry

from db import models
from resolvers import meetings, tasks
from schema.enums import TaskModule
from schema.goals import Goal
from schema.people import Employee
from schema.reviews import Assessment
from schema.rows import stands_for
from schema.surveys import Survey


@strawberry.type(description="A note taken in a 1:1. Sensitive.")
class MeetingNote:
    id: strawberry.ID = strawberry.field(description="The note's id.")
    author: models.Employee = strawberry.field(
        resolver=meetings.author_of, graphql_type=Employee, description="Who wrote it."
    )
    body: str | None = strawberry.field(description="The note's text. Sensitive.")
    created_at: datetime.datetime = strawberry.field(description="When it was written.")

    is_type_of = stands_for(models.MeetingNote)


@strawberry.type(description="A 1:1 meeting between two people.")
class Meeting:
    id: strawberry.ID = strawberry.field(description="The meeting's id.")
    title: str = strawberry.field(description="The meeting's title.")
    scheduled_at: datetime.datetime = strawberry.field(description="When it takes place.")
    participants: list[models.Employee] = strawberry.field(
        resolver=meetings.participants_of,
        graphql_type=list[Employee],
        description="The two participants.",
    )
    notes: list[models.MeetingNote] | None = strawberry.field(
        resolver=meetings.notes_of,
        graphql_type=list[MeetingNote] | None,
        description="The meeting's notes. Sensitive.",
    )

    is_type_of = stands_for(models.Meeting)


TaskSubject = Annotated[
    Survey | Assessment | Goal | Meeting,
    strawberry.union("TaskSubject", description="What a task is about."),
]


@strawberry.type(description="A task on the viewer's list.")
class Task:
    id: strawberry.ID = strawberry.field(description="The task's id.")
    title: str = strawberry.field(description="What to do.")
    module: TaskModule = strawberry.field(description="The module the task belongs to.")
    location: str = strawberry.field(description="Where in the platform the task lives.")
    due_date: datetime.date | None = strawberry.field(description="When it is due.")
    done: bool = strawberry.field(description="Whether it is done.")
    subject: tasks.TaskSubject | None = strawberry.field(
        resolver=tasks.subject_of,
        graphql_type=TaskSubject | None,
        description="The survey, assessment, goal or meeting the task is about, when the "
        "viewer may see it.",
    )
