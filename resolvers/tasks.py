"""Tasks: the viewer's own to-do list, where each task lives, and what it is about."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import col

from db.enums import TaskModule, TaskSubjectKind
from db.models import Assessment, Goal, Meeting, Survey, Task
from permissions import visibility
from resolvers.context import Context, ViewasInfo
from resolvers.errors import BadUserInput, not_found

TaskSubject = Survey | Assessment | Goal | Meeting

# Tasks that an action completes; ticking them by hand would make the list lie.
_COMPLETED_BY_ACTION = {
    TaskSubjectKind.SURVEY: "It completes when you submit the survey.",
    TaskSubjectKind.ASSESSMENT: "It completes when you sign the assessment.",
}


async def tasks(ctx: Context, *, module: TaskModule | None, include_done: bool) -> Sequence[Task]:
    viewer = ctx.require_viewer()
    statement = select(Task).where(visibility.task_visible(viewer))
    if module is not None:
        statement = statement.where(col(Task.module) == module)
    if not include_done:
        statement = statement.where(col(Task.done).is_(False))
    return await ctx.db.all(
        statement.order_by(
            col(Task.done),
            col(Task.due_date).is_(None),
            col(Task.due_date),
            col(Task.created_at),
            col(Task.id),
        )
    )


async def subject_of(root: Task, info: ViewasInfo) -> TaskSubject | None:
    """The linked survey, assessment, goal or meeting, if the viewer may see it."""
    if root.subject_id is None or root.subject_kind is None:
        return None
    loaders = info.context.loaders
    match root.subject_kind:
        case TaskSubjectKind.SURVEY:
            return await loaders.survey.load(root.subject_id)
        case TaskSubjectKind.ASSESSMENT:
            return await loaders.assessment.load(root.subject_id)
        case TaskSubjectKind.GOAL:
            return await loaders.goal.load(root.subject_id)
        case TaskSubjectKind.MEETING:
            return await loaders.meeting.load(root.subject_id)


async def complete_task(ctx: Context, *, id: str) -> Task:
    viewer = ctx.require_viewer()
    target = await ctx.db.first(
        select(Task).where(col(Task.id) == id, visibility.task_visible(viewer))
    )
    if target is None:
        raise not_found("task", id)
    if target.subject_kind in _COMPLETED_BY_ACTION:
        raise BadUserInput(
            f"This task cannot be ticked off. {_COMPLETED_BY_ACTION[target.subject_kind]}"
        )
    target.done = True
    await ctx.db.commit()
    return target
