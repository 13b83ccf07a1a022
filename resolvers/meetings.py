"""1:1 meetings and their notes: the two participants only."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import col

from db.models import Employee, Meeting, MeetingNote
from permissions import visibility
from resolvers import validation
from resolvers.context import Context, ViewasInfo
from resolvers.errors import not_found


async def meetings(ctx: Context) -> Sequence[Meeting]:
    viewer = ctx.require_viewer()
    return await ctx.db.all(
        select(Meeting)
        .where(visibility.meeting_visible(viewer))
        .order_by(col(Meeting.scheduled_at), col(Meeting.id))
    )


async def participants_of(root: Meeting, info: ViewasInfo) -> list[Employee]:
    people = await info.context.loaders.employee.load_many([root.organizer_id, root.attendee_id])
    return [person for person in people if person is not None]


async def notes_of(root: Meeting, info: ViewasInfo) -> list[MeetingNote]:
    return await info.context.loaders.meeting_notes.load(root.id)


async def author_of(root: MeetingNote, info: ViewasInfo) -> Employee:
    author = await info.context.loaders.employee.load(root.author_id)
    assert author is not None  # authors are participants, and both are visible
    return author


async def add_note(ctx: Context, *, meeting_id: str, body: str) -> MeetingNote:
    viewer = ctx.require_viewer()
    meeting = await ctx.loaders.meeting.load(meeting_id)
    if meeting is None:
        raise not_found("meeting", meeting_id)
    note = MeetingNote(
        meeting_id=meeting.id,
        author_id=viewer.id,
        body=validation.text(body, "body", max_length=10000),
        created_at=ctx.now,
    )
    ctx.db.add(note)
    await ctx.db.commit()
    return note
