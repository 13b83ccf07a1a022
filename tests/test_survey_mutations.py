"""submitSurveyResponse and inviteToSurvey: answering once, and admins inviting with a task."""

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from db.engine import session_factory
from db.models import SurveyInvitation, SurveyResponse, Task
from tests.client import Api
from tests.people import ADA, ELI, ERIN, GUS, GWEN, MAX, SAM
from tests.snapshot import refused, snapshot

PULSE = "Engagement Pulse"  # OPEN; Erin and Max answered, Eli, Ivy and Pia are invited
ONBOARDING = "Onboarding Experience"  # DRAFT, nobody invited
TEAM_HEALTH = "Team Health"  # Globex

SUBMIT = """
mutation Submit($surveyId: ID!, $answers: [SurveyAnswerInput!]!) {
  submitSurveyResponse(surveyId: $surveyId, answers: $answers) {
    id submittedAt
    answers { question { id } score comment }
  }
}
"""

INVITE = """
mutation Invite($surveyId: ID!, $employeeIds: [ID!]!) {
  inviteToSurvey(surveyId: $surveyId, employeeIds: $employeeIds) { id title }
}
"""

MY_SURVEY = """
query MySurvey($id: ID!) {
  survey(id: $id) {
    id title
    myInvitation { status }
    myResponse { id answers { question { id } score comment } }
  }
}
"""

MY_SURVEYS = "query MySurveys { surveys { id title myInvitation { status } } }"

SURVEY_TASKS = """
query SurveyTasks {
  open: tasks(module: SURVEYS) { id }
  all: tasks(module: SURVEYS, includeDone: true) {
    id title module location done subject { __typename ... on Survey { id } }
  }
}
"""

QUESTIONS = "query Questions($id: ID!) { survey(id: $id) { questions { id } } }"


async def survey_id(api: Api, title: str, *, admin: str = ADA) -> str:
    surveys = (await api.gql(MY_SURVEYS, as_=admin)).ok()["surveys"]
    return next(s["id"] for s in surveys if s["title"] == title)


async def question_ids(api: Api, survey: str, *, admin: str = ADA) -> list[str]:
    data = (await api.gql(QUESTIONS, {"id": survey}, as_=admin)).ok()
    return [q["id"] for q in data["survey"]["questions"]]


async def invitations_of(api: Api, survey: str) -> dict[str, str]:
    async with session_factory(api.engine)() as session:
        rows = await session.scalars(
            select(SurveyInvitation).where(SurveyInvitation.survey_id == survey)
        )
        return {row.employee_id: row.status.value for row in rows}


async def survey_tasks_of(api: Api, survey: str) -> list[tuple[str, bool]]:
    async with session_factory(api.engine)() as session:
        rows = await session.scalars(
            select(Task).where(Task.subject_id == survey).order_by(Task.assignee_id)
        )
        return [(row.assignee_id, row.done) for row in rows]


def by_question(answers: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {a["question"]["id"]: {"score": a["score"], "comment": a["comment"]} for a in answers}


# submitSurveyResponse


async def test_an_invited_employee_answers_a_survey(api: Api) -> None:
    survey = await survey_id(api, PULSE)
    q1, q2, q3 = await question_ids(api, survey)
    before = (await api.gql(SURVEY_TASKS, as_=ELI)).ok()
    assert len(before["open"]) == 1

    answers = [
        {"questionId": q1, "score": 4, "comment": "  Friendly people.  "},
        {"questionId": q2, "score": 2},
        {"questionId": q3, "comment": "Too many meetings."},
    ]
    data = (await api.gql(SUBMIT, {"surveyId": survey, "answers": answers}, as_=ELI)).ok()
    response = data["submitSurveyResponse"]
    assert response["submittedAt"]
    # The order of answers is not part of the contract: compare them by question.
    assert by_question(response["answers"]) == {
        q1: {"score": 4, "comment": "Friendly people."},  # trimmed
        q2: {"score": 2, "comment": None},
        q3: {"score": None, "comment": "Too many meetings."},
    }

    mine = (await api.gql(MY_SURVEY, {"id": survey}, as_=ELI)).ok()["survey"]
    assert mine["myInvitation"] == {"status": "COMPLETED"}
    assert mine["myResponse"]["id"] == response["id"]
    assert by_question(mine["myResponse"]["answers"]) == by_question(response["answers"])

    tasks = (await api.gql(SURVEY_TASKS, as_=ELI)).ok()
    assert tasks["open"] == []
    (task,) = tasks["all"]
    assert task["done"] is True
    assert task["subject"] == {"__typename": "Survey", "id": survey}


async def test_answering_a_second_time_is_rejected(api: Api) -> None:
    survey = await survey_id(api, PULSE)
    q1, *_ = await question_ids(api, survey)
    variables = {"surveyId": survey, "answers": [{"questionId": q1, "score": 5}]}
    (await api.gql(SUBMIT, variables, as_=ELI)).ok()
    await refused(api, "BAD_USER_INPUT", SUBMIT, variables, as_=ELI)
    # Erin answered in the demo data.
    await refused(api, "BAD_USER_INPUT", SUBMIT, variables, as_=ERIN)


async def submit_eight_times_at_once(api: Api) -> tuple[str, list[list[str | None]]]:
    """A client that double-clicks, eight times: the same answer sent concurrently."""
    survey = await survey_id(api, PULSE)
    q1, *_ = await question_ids(api, survey)
    variables = {"surveyId": survey, "answers": [{"questionId": q1, "score": 3}]}
    await api.token(ELI)  # sign-in lookups done before the race
    replies = await asyncio.gather(*(api.gql(SUBMIT, variables, as_=ELI) for _ in range(8)))
    return survey, sorted(reply.codes for reply in replies)


async def test_concurrent_answers_store_exactly_one_response(api: Api) -> None:
    survey, codes = await submit_eight_times_at_once(api)
    assert codes[0] == [] and all(c != [] for c in codes[1:])
    async with session_factory(api.engine)() as session:
        responses = (
            await session.scalars(
                select(SurveyResponse).where(
                    SurveyResponse.survey_id == survey,
                    SurveyResponse.employee_id == await api.id_of(ELI),
                )
            )
        ).all()
    assert len(responses) == 1
    assert (await invitations_of(api, survey))[await api.id_of(ELI)] == "COMPLETED"


async def test_concurrent_duplicate_answers_are_bad_input(api: Api) -> None:
    _, codes = await submit_eight_times_at_once(api)
    assert codes == [[]] + [["BAD_USER_INPUT"]] * 7


@pytest.mark.parametrize(
    ("viewer", "title"),
    [
        (ERIN, ONBOARDING),  # same company, not invited: the survey is invisible to her
        (GWEN, PULSE),  # another company's survey
        (ERIN, TEAM_HEALTH),  # another company's survey, the other way round
    ],
)
async def test_a_survey_the_viewer_is_not_invited_to_is_not_found(
    api: Api, viewer: str, title: str
) -> None:
    admin = GUS if title == TEAM_HEALTH else ADA
    survey = await survey_id(api, title, admin=admin)
    q1, *_ = await question_ids(api, survey, admin=admin)
    assert (await api.gql(MY_SURVEY, {"id": survey}, as_=viewer)).ok()["survey"] is None
    variables = {"surveyId": survey, "answers": [{"questionId": q1, "score": 3}]}
    await refused(api, "NOT_FOUND", SUBMIT, variables, as_=viewer)


async def test_an_admin_who_sees_the_survey_but_is_not_invited_is_forbidden(api: Api) -> None:
    survey = await survey_id(api, PULSE)
    q1, *_ = await question_ids(api, survey)
    variables = {"surveyId": survey, "answers": [{"questionId": q1, "score": 3}]}
    await refused(api, "FORBIDDEN", SUBMIT, variables, as_=ADA)


async def test_a_survey_that_is_not_open_cannot_be_answered(api: Api) -> None:
    survey = await survey_id(api, ONBOARDING)
    (
        await api.gql(INVITE, {"surveyId": survey, "employeeIds": [await api.id_of(ELI)]}, as_=ADA)
    ).ok()
    q1, _ = await question_ids(api, survey)
    variables = {"surveyId": survey, "answers": [{"questionId": q1, "score": 3}]}
    await refused(api, "BAD_USER_INPUT", SUBMIT, variables, as_=ELI)


BAD_ANSWERS: dict[str, Any] = {
    "no answers": lambda q, other: [],
    "unknown question": lambda q, other: [{"questionId": "no-such-question", "score": 3}],
    "another survey's question": lambda q, other: [{"questionId": other, "score": 3}],
    "the same question twice": lambda q, other: [
        {"questionId": q, "score": 3},
        {"questionId": q, "score": 4},
    ],
    "score 0": lambda q, other: [{"questionId": q, "score": 0}],
    "score 6": lambda q, other: [{"questionId": q, "score": 6}],
    "neither score nor comment": lambda q, other: [{"questionId": q}],
    "a blank comment only": lambda q, other: [{"questionId": q, "comment": "   "}],
    "a comment over 2000 characters": lambda q, other: [
        {"questionId": q, "score": 3, "comment": "c" * 2001}
    ],
    "one bad answer after a good one": lambda q, other: [
        {"questionId": q, "score": 3},
        {"questionId": other, "score": 3},
    ],
}


@pytest.mark.parametrize("case", list(BAD_ANSWERS))
async def test_bad_answers_are_rejected(api: Api, case: str) -> None:
    survey = await survey_id(api, PULSE)
    q1, *_ = await question_ids(api, survey)
    other = (await question_ids(api, await survey_id(api, ONBOARDING)))[0]
    variables = {"surveyId": survey, "answers": BAD_ANSWERS[case](q1, other)}
    await refused(api, "BAD_USER_INPUT", SUBMIT, variables, as_=ELI)
    mine = (await api.gql(MY_SURVEY, {"id": survey}, as_=ELI)).ok()["survey"]
    assert mine["myInvitation"] == {"status": "PENDING"}
    assert mine["myResponse"] is None


# inviteToSurvey


async def test_an_admin_invites_employees_who_get_a_task(api: Api) -> None:
    survey = await survey_id(api, ONBOARDING)
    assert all(s["id"] != survey for s in (await api.gql(MY_SURVEYS, as_=ELI)).ok()["surveys"])

    invitees = [await api.id_of(ELI), await api.id_of(MAX)]
    data = (await api.gql(INVITE, {"surveyId": survey, "employeeIds": invitees}, as_=ADA)).ok()
    assert data["inviteToSurvey"] == {"id": survey, "title": ONBOARDING}
    assert await invitations_of(api, survey) == {id: "PENDING" for id in invitees}

    for invitee in (ELI, MAX):
        listed = (await api.gql(MY_SURVEYS, as_=invitee)).ok()["surveys"]
        assert {"id": survey, "title": ONBOARDING, "myInvitation": {"status": "PENDING"}} in listed
        tasks = (await api.gql(SURVEY_TASKS, as_=invitee)).ok()
        (task,) = [
            t for t in tasks["all"] if t["subject"] == {"__typename": "Survey", "id": survey}
        ]
        assert task["title"] == 'Answer the survey "Onboarding Experience"'
        assert task["module"] == "SURVEYS"
        assert task["location"] == "Surveys \u203a My surveys"
        assert task["done"] is False
        assert {"id": task["id"]} in tasks["open"]


@pytest.mark.parametrize("viewer", [MAX, ERIN])
async def test_a_non_admin_cannot_invite(api: Api, viewer: str) -> None:
    survey = await survey_id(api, ONBOARDING)
    variables = {"surveyId": survey, "employeeIds": [await api.id_of(ELI)]}
    await refused(api, "FORBIDDEN", INVITE, variables, as_=viewer)


async def test_people_already_invited_are_skipped(api: Api) -> None:
    survey = await survey_id(api, PULSE)
    before_invitations = await invitations_of(api, survey)
    before_tasks = await survey_tasks_of(api, survey)
    erin, eli, sam = (await api.id_of(ERIN), await api.id_of(ELI), await api.id_of(SAM))
    assert before_invitations[erin] == "COMPLETED"
    assert before_invitations[eli] == "PENDING"
    assert sam not in before_invitations

    variables = {"surveyId": survey, "employeeIds": [erin, eli, sam, sam]}
    (await api.gql(INVITE, variables, as_=ADA)).ok()

    # Only Sam is new; Erin's completed invitation and everyone's tasks are as they were.
    assert await invitations_of(api, survey) == {**before_invitations, sam: "PENDING"}
    assert await survey_tasks_of(api, survey) == sorted([*before_tasks, (sam, False)])


async def test_inviting_everyone_already_invited_changes_nothing(api: Api) -> None:
    survey = await survey_id(api, PULSE)
    before = await snapshot(api.engine)
    variables = {"surveyId": survey, "employeeIds": [await api.id_of(ERIN), await api.id_of(ELI)]}
    (await api.gql(INVITE, variables, as_=ADA)).ok()
    assert await snapshot(api.engine) == before


async def test_an_employee_of_another_company_is_not_found(api: Api) -> None:
    survey = await survey_id(api, ONBOARDING)
    variables = {"surveyId": survey, "employeeIds": [await api.id_of(ELI), await api.id_of(GWEN)]}
    await refused(api, "NOT_FOUND", INVITE, variables, as_=ADA)


async def test_another_company_s_survey_is_not_found(api: Api) -> None:
    survey = await survey_id(api, TEAM_HEALTH, admin=GUS)
    variables = {"surveyId": survey, "employeeIds": [await api.id_of(ELI)]}
    await refused(api, "NOT_FOUND", INVITE, variables, as_=ADA)


async def test_inviting_nobody_is_rejected(api: Api) -> None:
    survey = await survey_id(api, ONBOARDING)
    await refused(api, "BAD_USER_INPUT", INVITE, {"surveyId": survey, "employeeIds": []}, as_=ADA)
