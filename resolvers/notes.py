"""Private notes (the author alone) and instant feedback (giver, receiver, shared manager)."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import col

from db.enums import FeedbackDirection
from db.models import Employee, InstantFeedback, PrivateNote
from permissions import visibility
from resolvers import validation
from resolvers.context import Context, ViewasInfo
from resolvers.errors import BadUserInput, not_found


async def private_notes(ctx: Context) -> Sequence[PrivateNote]:
    viewer = ctx.require_viewer()
    return await ctx.db.all(
        select(PrivateNote)
        .where(visibility.private_note_visible(viewer))
        .order_by(col(PrivateNote.created_at).desc(), col(PrivateNote.id))
    )


async def about_of(root: PrivateNote, info: ViewasInfo) -> Employee | None:
    if root.about_id is None:
        return None
    return await info.context.loaders.employee.load(root.about_id)


async def create_private_note(ctx: Context, *, body: str, about_id: str | None) -> PrivateNote:
    viewer = ctx.require_viewer()
    body = validation.text(body, "body", max_length=10000)
    if about_id is not None and await ctx.loaders.employee.load(about_id) is None:
        raise not_found("employee", about_id)
    note = PrivateNote(
        company_id=viewer.company_id,
        author_id=viewer.id,
        about_id=about_id,
        body=body,
        created_at=ctx.now,
    )
    ctx.db.add(note)
    await ctx.db.commit()
    return note


async def instant_feedback(
    ctx: Context, *, direction: FeedbackDirection
) -> Sequence[InstantFeedback]:
    viewer = ctx.require_viewer()
    mine = (
        col(InstantFeedback.receiver_id) == viewer.id
        if direction is FeedbackDirection.RECEIVED
        else col(InstantFeedback.giver_id) == viewer.id
    )
    return await ctx.db.all(
        select(InstantFeedback)
        .where(visibility.feedback_visible(viewer), mine)
        .order_by(col(InstantFeedback.created_at).desc(), col(InstantFeedback.id))
    )


async def feedback_received_by(root: Employee, info: ViewasInfo) -> list[InstantFeedback]:
    return await info.context.loaders.feedback_by_receiver.load(root.id)


async def giver_of(root: InstantFeedback, info: ViewasInfo) -> Employee:
    person = await info.context.loaders.employee.load(root.giver_id)
    assert person is not None  # visible feedback has visible people
    return person


async def receiver_of(root: InstantFeedback, info: ViewasInfo) -> Employee:
    person = await info.context.loaders.employee.load(root.receiver_id)
    assert person is not None
    return person


async def give_feedback(
    ctx: Context, *, receiver_id: str, message: str, share_with_manager: bool
) -> InstantFeedback:
    viewer = ctx.require_viewer()
    message = validation.text(message, "message", max_length=5000)
    receiver = await ctx.loaders.employee.load(receiver_id)
    if receiver is None:
        raise not_found("employee", receiver_id)
    if receiver.id == viewer.id:
        raise BadUserInput("Feedback goes to someone else.", field="receiverId")
    feedback = InstantFeedback(
        company_id=viewer.company_id,
        giver_id=viewer.id,
        receiver_id=receiver.id,
        message=message,
        shared_with_manager=share_with_manager,
        created_at=ctx.now,
    )
    ctx.db.add(feedback)
    await ctx.db.commit()
    return feedback
