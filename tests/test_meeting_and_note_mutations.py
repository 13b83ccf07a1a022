"""addMeetingNote, createPrivateNote and giveInstantFeedback: who writes, and who then reads."""

import pytest

from tests.client import Api
from tests.people import ADA, ELI, ERIN, GUS, GWEN, IVY, MAX, SAM
from tests.snapshot import refused

ADD_NOTE = """
mutation AddNote($meetingId: ID!, $body: String!) {
  addMeetingNote(meetingId: $meetingId, body: $body) { id body createdAt author { email } }
}
"""

MEETINGS = """
query Meetings {
  meetings { id participants { email } notes { id body author { email } } }
}
"""

CREATE_PRIVATE_NOTE = """
mutation CreatePrivateNote($body: String!, $aboutEmployeeId: ID) {
  createPrivateNote(body: $body, aboutEmployeeId: $aboutEmployeeId) {
    id body createdAt about { email }
  }
}
"""

PRIVATE_NOTES = "query PrivateNotes { privateNotes { id body about { email } } }"

GIVE_FEEDBACK = """
mutation GiveFeedback($receiverId: ID!, $message: String!, $shareWithManager: Boolean) {
  giveInstantFeedback(
    receiverId: $receiverId, message: $message, shareWithManager: $shareWithManager
  ) {
    id message sharedWithManager createdAt giver { email } receiver { email }
  }
}
"""

GIVE_FEEDBACK_DEFAULT = """
mutation GiveFeedback($receiverId: ID!, $message: String!) {
  giveInstantFeedback(receiverId: $receiverId, message: $message) { id sharedWithManager }
}
"""

FEEDBACK = """
query Feedback($direction: FeedbackDirection) {
  instantFeedback(direction: $direction) { id message }
}
"""

FEEDBACK_ABOUT = """
query FeedbackAbout($id: ID!) { employee(id: $id) { instantFeedback { id message } } }
"""


async def meeting_of(api: Api, viewer: str, other: str) -> str:
    meetings = (await api.gql(MEETINGS, as_=viewer)).ok()["meetings"]
    (found,) = [
        m["id"] for m in meetings if {p["email"] for p in m["participants"]} == {viewer, other}
    ]
    return str(found)


async def notes_of(api: Api, viewer: str, meeting: str) -> list[dict[str, object]]:
    meetings = (await api.gql(MEETINGS, as_=viewer)).ok()["meetings"]
    return next(m["notes"] for m in meetings if m["id"] == meeting)


async def private_note_ids(api: Api, viewer: str) -> list[str]:
    return [n["id"] for n in (await api.gql(PRIVATE_NOTES, as_=viewer)).ok()["privateNotes"]]


# addMeetingNote


async def test_a_participant_adds_a_note_both_participants_see(api: Api) -> None:
    meeting = await meeting_of(api, ERIN, MAX)
    data = (
        await api.gql(ADD_NOTE, {"meetingId": meeting, "body": "  Agreed on Q1 scope.  "}, as_=ERIN)
    ).ok()
    note = data["addMeetingNote"]
    assert note["body"] == "Agreed on Q1 scope."
    assert note["author"] == {"email": ERIN}
    assert note["createdAt"]

    seen = {"id": note["id"], "body": "Agreed on Q1 scope.", "author": {"email": ERIN}}
    assert seen in await notes_of(api, ERIN, meeting)
    assert seen in await notes_of(api, MAX, meeting)


async def test_the_other_participant_can_add_a_note_too(api: Api) -> None:
    meeting = await meeting_of(api, MAX, ERIN)
    before = await notes_of(api, ERIN, meeting)
    (await api.gql(ADD_NOTE, {"meetingId": meeting, "body": "Follow up on hiring."}, as_=MAX)).ok()
    after = await notes_of(api, ERIN, meeting)
    assert len(after) == len(before) + 1
    assert after[-1]["body"] == "Follow up on hiring." and after[-1]["author"] == {"email": MAX}


@pytest.mark.parametrize(
    "viewer", [ELI, ADA, SAM, GUS], ids=["colleague", "admin", "super admin", "other company"]
)
async def test_a_non_participant_gets_not_found(api: Api, viewer: str) -> None:
    meeting = await meeting_of(api, ERIN, MAX)
    variables = {"meetingId": meeting, "body": "Sneaky note."}
    await refused(api, "NOT_FOUND", ADD_NOTE, variables, as_=viewer)


@pytest.mark.parametrize("body", ["", "   ", "n" * 10001])
async def test_a_note_body_must_have_1_to_10000_characters(api: Api, body: str) -> None:
    meeting = await meeting_of(api, ERIN, MAX)
    await refused(api, "BAD_USER_INPUT", ADD_NOTE, {"meetingId": meeting, "body": body}, as_=ERIN)


# createPrivateNote


async def test_only_the_author_sees_a_private_note(api: Api) -> None:
    eli = await api.id_of(ELI)
    data = (
        await api.gql(
            CREATE_PRIVATE_NOTE,
            {"body": "Eli seems stretched; offer help.", "aboutEmployeeId": eli},
            as_=ERIN,
        )
    ).ok()
    note = data["createPrivateNote"]
    assert note["body"] == "Eli seems stretched; offer help."
    assert note["about"] == {"email": ELI}
    assert note["createdAt"]

    mine = (await api.gql(PRIVATE_NOTES, as_=ERIN)).ok()["privateNotes"]
    assert {"id": note["id"], "body": note["body"], "about": {"email": ELI}} in mine
    # Not the subject, not the author's manager, not an admin, not a super admin.
    for other in (ELI, MAX, ADA, SAM):
        assert note["id"] not in await private_note_ids(api, other), other


async def test_a_private_note_about_nobody(api: Api) -> None:
    data = (await api.gql(CREATE_PRIVATE_NOTE, {"body": "Buy a plant."}, as_=ELI)).ok()
    assert data["createPrivateNote"]["about"] is None
    assert data["createPrivateNote"]["id"] in await private_note_ids(api, ELI)


@pytest.mark.parametrize(
    ("viewer", "about"),
    [
        (ERIN, IVY),  # INVITED: invisible to a non-admin
        (ERIN, GWEN),  # another company
        (ADA, GWEN),  # another company, even for an admin
        (GUS, ERIN),  # another company, the other way round
    ],
)
async def test_a_note_about_someone_the_author_cannot_see_is_not_found(
    api: Api, viewer: str, about: str
) -> None:
    variables = {"body": "A note.", "aboutEmployeeId": await api.id_of(about)}
    await refused(api, "NOT_FOUND", CREATE_PRIVATE_NOTE, variables, as_=viewer)


@pytest.mark.parametrize("body", ["", "  ", "p" * 10001])
async def test_a_private_note_body_must_have_1_to_10000_characters(api: Api, body: str) -> None:
    await refused(api, "BAD_USER_INPUT", CREATE_PRIVATE_NOTE, {"body": body}, as_=ERIN)


# giveInstantFeedback


async def test_the_receiver_sees_feedback_and_the_giver_sees_it_as_given(api: Api) -> None:
    data = (
        await api.gql(
            GIVE_FEEDBACK,
            {
                "receiverId": await api.id_of(ELI),
                "message": "Great demo!",
                "shareWithManager": False,
            },
            as_=ERIN,
        )
    ).ok()
    given = data["giveInstantFeedback"]
    assert given["message"] == "Great demo!"
    assert given["sharedWithManager"] is False
    assert (given["giver"], given["receiver"]) == ({"email": ERIN}, {"email": ELI})

    entry = {"id": given["id"], "message": "Great demo!"}
    assert entry in (await api.gql(FEEDBACK, as_=ELI)).ok()["instantFeedback"]
    received_by_erin = (await api.gql(FEEDBACK, {"direction": "RECEIVED"}, as_=ERIN)).ok()
    assert entry not in received_by_erin["instantFeedback"]
    given_by_erin = (await api.gql(FEEDBACK, {"direction": "GIVEN"}, as_=ERIN)).ok()
    assert entry in given_by_erin["instantFeedback"]


async def test_the_receiver_s_manager_sees_it_only_when_shared(api: Api) -> None:
    eli = await api.id_of(ELI)
    private = (
        await api.gql(
            GIVE_FEEDBACK,
            {"receiverId": eli, "message": "Just between us.", "shareWithManager": False},
            as_=ERIN,
        )
    ).ok()["giveInstantFeedback"]
    shared = (
        await api.gql(
            GIVE_FEEDBACK,
            {"receiverId": eli, "message": "Max should hear this.", "shareWithManager": True},
            as_=ERIN,
        )
    ).ok()["giveInstantFeedback"]
    assert shared["sharedWithManager"] is True

    seen_by_max = (await api.gql(FEEDBACK_ABOUT, {"id": eli}, as_=MAX)).ok()
    ids = [f["id"] for f in seen_by_max["employee"]["instantFeedback"]]
    assert shared["id"] in ids
    assert private["id"] not in ids
    # Eli sees both.
    seen_by_eli = (await api.gql(FEEDBACK, as_=ELI)).ok()["instantFeedback"]
    assert {private["id"], shared["id"]} <= {f["id"] for f in seen_by_eli}
    # Nobody else: not an admin, not the manager's own manager.
    for other in (ADA, SAM):
        seen = (await api.gql(FEEDBACK_ABOUT, {"id": eli}, as_=other)).ok()
        other_ids = [f["id"] for f in seen["employee"]["instantFeedback"]]
        assert private["id"] not in other_ids and shared["id"] not in other_ids, other


async def test_feedback_is_not_shared_with_the_manager_by_default(api: Api) -> None:
    data = (
        await api.gql(
            GIVE_FEEDBACK_DEFAULT,
            {"receiverId": await api.id_of(ELI), "message": "Thanks!"},
            as_=ERIN,
        )
    ).ok()
    assert data["giveInstantFeedback"]["sharedWithManager"] is False
    seen_by_max = (await api.gql(FEEDBACK_ABOUT, {"id": await api.id_of(ELI)}, as_=MAX)).ok()
    assert data["giveInstantFeedback"]["id"] not in [
        f["id"] for f in seen_by_max["employee"]["instantFeedback"]
    ]


async def test_feedback_to_yourself_is_rejected(api: Api) -> None:
    variables = {"receiverId": await api.id_of(ERIN), "message": "Well done, me."}
    await refused(api, "BAD_USER_INPUT", GIVE_FEEDBACK, variables, as_=ERIN)


@pytest.mark.parametrize("message", ["", "   ", "m" * 5001])
async def test_a_feedback_message_must_have_1_to_5000_characters(api: Api, message: str) -> None:
    variables = {"receiverId": await api.id_of(ELI), "message": message}
    await refused(api, "BAD_USER_INPUT", GIVE_FEEDBACK, variables, as_=ERIN)


@pytest.mark.parametrize(("viewer", "receiver"), [(ERIN, IVY), (ERIN, GWEN), (GUS, ERIN)])
async def test_feedback_to_someone_the_giver_cannot_see_is_not_found(
    api: Api, viewer: str, receiver: str
) -> None:
    variables = {"receiverId": await api.id_of(receiver), "message": "Hello."}
    await refused(api, "NOT_FOUND", GIVE_FEEDBACK, variables, as_=viewer)
