"""saveAssessment, signAssessment, unlockAssessment and assignAssessment, with their tasks."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.engine import session_factory
from db.models import Assessment, Task
from tests.client import Api
from tests.people import ADA, ELI, ERIN, GUS, GWEN, IVY, MAX, SAM
from tests.snapshot import refused, snapshot

H1 = "2026 H1 Review"  # CLOSED: Max signed Erin's and Eli's
H2 = "2026 H2 Review"  # ACTIVE: Max signed Erin's; Max's draft of Eli; self-assessments; Ada→Max
GLOBEX = "2026 Review"

ASSESSMENT_FIELDS = """
  id status state rating summary signedAt
  cycle { name } reviewer { email } reviewee { email }
"""

SAVE = f"""
mutation Save($id: ID!, $input: AssessmentInput!) {{
  saveAssessment(id: $id, input: $input) {{ {ASSESSMENT_FIELDS} }}
}}
"""

SIGN = f"""
mutation Sign($id: ID!) {{ signAssessment(id: $id) {{ {ASSESSMENT_FIELDS} }} }}
"""

UNLOCK = f"""
mutation Unlock($id: ID!) {{ unlockAssessment(id: $id) {{ {ASSESSMENT_FIELDS} }} }}
"""

ASSIGN = f"""
mutation Assign($cycleId: ID!, $revieweeId: ID!, $reviewerId: ID!) {{
  assignAssessment(cycleId: $cycleId, revieweeId: $revieweeId, reviewerId: $reviewerId) {{
    {ASSESSMENT_FIELDS}
  }}
}}
"""

ASSESSMENT = f"query Assessment($id: ID!) {{ assessment(id: $id) {{ {ASSESSMENT_FIELDS} }} }}"

ALL_ASSESSMENTS = """
query AllAssessments {
  assessments { id cycle { name } reviewer { email } reviewee { email } }
}
"""

CYCLES = "query Cycles { reviewCycles { id name status } }"

REVIEW_TASKS = """
query ReviewTasks {
  open: tasks(module: REVIEWS) { id }
  all: tasks(module: REVIEWS, includeDone: true) {
    id title module location done subject { __typename ... on Assessment { id } }
  }
}
"""

MY_ASSESSMENTS = "query Mine { me { assessments { id status } } }"


async def assessment_id(
    api: Api, cycle: str, reviewer: str, reviewee: str, *, admin: str = ADA
) -> str:
    found = (await api.gql(ALL_ASSESSMENTS, as_=admin)).ok()["assessments"]
    (match,) = [
        a["id"]
        for a in found
        if a["cycle"]["name"] == cycle
        and a["reviewer"]["email"] == reviewer
        and a["reviewee"]["email"] == reviewee
    ]
    return str(match)


async def cycle_id(api: Api, name: str, *, admin: str = ADA) -> str:
    cycles = (await api.gql(CYCLES, as_=admin)).ok()["reviewCycles"]
    return str(next(c["id"] for c in cycles if c["name"] == name))


async def stored(api: Api, id: str) -> Assessment:
    async with session_factory(api.engine)() as session:
        found = await session.get(Assessment, id)
    assert found is not None
    return found


async def task_about(api: Api, assessment: str) -> Task:
    async with session_factory(api.engine)() as session:
        (task,) = (await session.scalars(select(Task).where(Task.subject_id == assessment))).all()
    return task


async def review_task(api: Api, viewer: str, assessment: str) -> dict[str, object]:
    tasks = (await api.gql(REVIEW_TASKS, as_=viewer)).ok()
    (task,) = [
        t for t in tasks["all"] if t["subject"] == {"__typename": "Assessment", "id": assessment}
    ]
    task["open"] = {"id": task["id"]} in tasks["open"]
    return task


# saveAssessment


async def test_the_reviewer_saves_a_draft(api: Api) -> None:
    draft = await assessment_id(api, H2, MAX, ELI)
    data = (
        await api.gql(
            SAVE, {"id": draft, "input": {"rating": 4, "summary": "  Strong quarter.  "}}, as_=MAX
        )
    ).ok()
    assert data["saveAssessment"] == {
        "id": draft,
        "status": "DRAFT",
        "state": "ONGOING",
        "rating": 4,
        "summary": "Strong quarter.",
        "signedAt": None,
        "cycle": {"name": H2},
        "reviewer": {"email": MAX},
        "reviewee": {"email": ELI},
    }
    row = await stored(api, draft)
    assert (row.rating, row.summary, row.status.value) == (4, "Strong quarter.", "DRAFT")


async def test_saving_changes_only_the_fields_sent(api: Api) -> None:
    draft = await assessment_id(api, H2, MAX, ELI)
    before = await stored(api, draft)
    assert before.summary is not None
    (await api.gql(SAVE, {"id": draft, "input": {"rating": 2}}, as_=MAX)).ok()
    after = await stored(api, draft)
    assert (after.rating, after.summary) == (2, before.summary)
    (await api.gql(SAVE, {"id": draft, "input": {"summary": None}}, as_=MAX)).ok()
    after = await stored(api, draft)
    assert (after.rating, after.summary) == (2, None)


@pytest.mark.parametrize("viewer", [ADA, SAM], ids=["admin", "super admin"])
async def test_someone_who_sees_it_but_does_not_write_it_is_forbidden(
    api: Api, viewer: str
) -> None:
    draft = await assessment_id(api, H2, MAX, ELI)
    assert (await api.gql(ASSESSMENT, {"id": draft}, as_=viewer)).ok()["assessment"] is not None
    await refused(api, "FORBIDDEN", SAVE, {"id": draft, "input": {"rating": 1}}, as_=viewer)


@pytest.mark.parametrize(
    "viewer",
    [ELI, ERIN, GUS],
    ids=["the reviewee of a draft", "a colleague", "another company"],
)
async def test_someone_who_cannot_see_it_gets_not_found(api: Api, viewer: str) -> None:
    draft = await assessment_id(api, H2, MAX, ELI)
    assert (await api.gql(ASSESSMENT, {"id": draft}, as_=viewer)).ok()["assessment"] is None
    await refused(api, "NOT_FOUND", SAVE, {"id": draft, "input": {"rating": 5}}, as_=viewer)


async def test_a_signed_assessment_cannot_be_saved(api: Api) -> None:
    signed = await assessment_id(api, H2, MAX, ERIN)
    await refused(api, "BAD_USER_INPUT", SAVE, {"id": signed, "input": {"rating": 3}}, as_=MAX)


async def test_an_assessment_in_a_closed_cycle_cannot_be_saved(api: Api) -> None:
    past = await assessment_id(api, H1, MAX, ERIN)
    await refused(api, "BAD_USER_INPUT", SAVE, {"id": past, "input": {"summary": "x"}}, as_=MAX)


@pytest.mark.parametrize("rating", [0, 6, -1])
async def test_a_rating_must_be_between_1_and_5(api: Api, rating: int) -> None:
    draft = await assessment_id(api, H2, MAX, ELI)
    variables = {"id": draft, "input": {"rating": rating, "summary": "Valid summary."}}
    await refused(api, "BAD_USER_INPUT", SAVE, variables, as_=MAX)


async def test_a_summary_over_10000_characters_is_rejected(api: Api) -> None:
    draft = await assessment_id(api, H2, MAX, ELI)
    variables = {"id": draft, "input": {"summary": "s" * 10001}}
    await refused(api, "BAD_USER_INPUT", SAVE, variables, as_=MAX)


# signAssessment


async def test_signing_needs_a_rating(api: Api) -> None:
    own = await assessment_id(api, H2, ERIN, ERIN)
    assert (await stored(api, own)).rating is None
    await refused(api, "BAD_USER_INPUT", SIGN, {"id": own}, as_=ERIN)


async def test_signing_completes_the_task_and_shows_it_to_the_reviewee(api: Api) -> None:
    draft = await assessment_id(api, H2, MAX, ELI)
    assert (await api.gql(ASSESSMENT, {"id": draft}, as_=ELI)).ok()["assessment"] is None
    assert (await review_task(api, MAX, draft))["open"] is True
    (await api.gql(SAVE, {"id": draft, "input": {"rating": 4}}, as_=MAX)).ok()

    started = datetime.now(UTC)
    signed = (await api.gql(SIGN, {"id": draft}, as_=MAX)).ok()["signAssessment"]
    assert signed["status"] == "SIGNED"
    assert signed["state"] == "ONGOING"  # signed, but the cycle is still active
    assert signed["rating"] == 4
    signed_at = datetime.fromisoformat(signed["signedAt"])
    assert started - timedelta(seconds=5) <= signed_at <= datetime.now(UTC) + timedelta(seconds=5)

    task = await review_task(api, MAX, draft)
    assert task["done"] is True and task["open"] is False
    assert (await task_about(api, draft)).done is True

    # The reviewee can now read it, through both lookups.
    seen = (await api.gql(ASSESSMENT, {"id": draft}, as_=ELI)).ok()["assessment"]
    assert seen == signed
    mine = (await api.gql(MY_ASSESSMENTS, as_=ELI)).ok()["me"]["assessments"]
    assert {"id": draft, "status": "SIGNED"} in mine


async def test_only_the_reviewer_may_sign(api: Api) -> None:
    draft = await assessment_id(api, H2, MAX, ELI)
    (await api.gql(SAVE, {"id": draft, "input": {"rating": 4}}, as_=MAX)).ok()
    await refused(api, "FORBIDDEN", SIGN, {"id": draft}, as_=ADA)
    await refused(api, "NOT_FOUND", SIGN, {"id": draft}, as_=ELI)


async def test_signing_twice_is_rejected(api: Api) -> None:
    signed = await assessment_id(api, H2, MAX, ERIN)
    await refused(api, "BAD_USER_INPUT", SIGN, {"id": signed}, as_=MAX)


async def test_signing_in_a_closed_cycle_is_rejected(api: Api) -> None:
    past = await assessment_id(api, H1, MAX, ELI)
    await refused(api, "BAD_USER_INPUT", SIGN, {"id": past}, as_=MAX)


# unlockAssessment


@pytest.mark.parametrize("viewer", [ADA, MAX], ids=["admin", "the reviewer"])
async def test_only_super_admins_unlock(api: Api, viewer: str) -> None:
    signed = await assessment_id(api, H2, MAX, ERIN)
    await refused(api, "FORBIDDEN", UNLOCK, {"id": signed}, as_=viewer)


async def test_unlocking_reopens_the_assessment_and_its_task(api: Api) -> None:
    signed = await assessment_id(api, H2, MAX, ERIN)
    assert (await review_task(api, MAX, signed))["done"] is True

    data = (await api.gql(UNLOCK, {"id": signed}, as_=SAM)).ok()["unlockAssessment"]
    assert data["status"] == "DRAFT"
    assert data["signedAt"] is None
    assert data["rating"] == 5  # content kept
    row = await stored(api, signed)
    assert (row.status.value, row.signed_at, row.rating) == ("DRAFT", None, 5)

    task = await review_task(api, MAX, signed)
    assert task["done"] is False and task["open"] is True

    # A draft again: the reviewee no longer sees it, and the reviewer can write again.
    assert (await api.gql(ASSESSMENT, {"id": signed}, as_=ERIN)).ok()["assessment"] is None
    saved = (await api.gql(SAVE, {"id": signed, "input": {"rating": 4}}, as_=MAX)).ok()
    assert saved["saveAssessment"]["rating"] == 4
    (await api.gql(SIGN, {"id": signed}, as_=MAX)).ok()
    assert (await review_task(api, MAX, signed))["done"] is True


async def test_unlocking_a_draft_is_rejected(api: Api) -> None:
    draft = await assessment_id(api, H2, MAX, ELI)
    await refused(api, "BAD_USER_INPUT", UNLOCK, {"id": draft}, as_=SAM)


async def test_unlocking_in_a_closed_cycle_is_rejected(api: Api) -> None:
    past = await assessment_id(api, H1, MAX, ERIN)
    await refused(api, "BAD_USER_INPUT", UNLOCK, {"id": past}, as_=SAM)


async def test_unlocking_another_company_s_assessment_is_not_found(api: Api) -> None:
    globex = await assessment_id(api, GLOBEX, GUS, GWEN, admin=GUS)
    await refused(api, "NOT_FOUND", UNLOCK, {"id": globex}, as_=SAM)


# assignAssessment


async def test_an_admin_assigns_an_assessment_and_the_reviewer_gets_a_task(api: Api) -> None:
    variables = {
        "cycleId": await cycle_id(api, H2),
        "revieweeId": await api.id_of(ERIN),
        "reviewerId": await api.id_of(ELI),
    }
    created = (await api.gql(ASSIGN, variables, as_=ADA)).ok()["assignAssessment"]
    assert created["status"] == "DRAFT"
    assert created["state"] == "ONGOING"
    assert (created["rating"], created["summary"], created["signedAt"]) == (None, None, None)
    assert created["cycle"] == {"name": H2}
    assert created["reviewer"] == {"email": ELI}
    assert created["reviewee"] == {"email": ERIN}

    task = await review_task(api, ELI, created["id"])
    assert task["title"] == "Write the assessment of Erin Employee"
    assert task["module"] == "REVIEWS"
    assert task["location"] == "Reviews \u203a Ongoing assessments \u203a 2026 H2 Review"
    assert task["done"] is False and task["open"] is True

    # The reviewer can write it; the reviewee cannot see the draft.
    saved = (await api.gql(SAVE, {"id": created["id"], "input": {"rating": 3}}, as_=ELI)).ok()
    assert saved["saveAssessment"]["rating"] == 3
    assert (await api.gql(ASSESSMENT, {"id": created["id"]}, as_=ERIN)).ok()["assessment"] is None


async def test_an_assigned_reviewer_can_write_the_assessment(api: Api) -> None:
    variables = {
        "cycleId": await cycle_id(api, H2),
        "revieweeId": await api.id_of(IVY),
        "reviewerId": await api.id_of(ELI),
    }
    before = await snapshot(api.engine)
    reply = await api.gql(ASSIGN, variables, as_=ADA)
    if reply.errors:
        # Refusing the assignment is one acceptable answer: clearly, and writing nothing.
        assert reply.codes == ["BAD_USER_INPUT"], reply.body
        assert await snapshot(api.engine) == before
        return
    # The other: the reviewer can open and write what they were asked to write.
    created = reply.ok()["assignAssessment"]
    tasks = (await api.gql(REVIEW_TASKS, as_=ELI)).ok()["all"]
    (task,) = [t for t in tasks if t["title"] == "Write the assessment of Ivy Invited"]
    assert task["subject"] == {"__typename": "Assessment", "id": created["id"]}, task
    saved = await api.gql(SAVE, {"id": created["id"], "input": {"rating": 3}}, as_=ELI)
    assert saved.ok()["saveAssessment"]["rating"] == 3


async def test_assigning_the_same_pair_twice_is_rejected(api: Api) -> None:
    variables = {
        "cycleId": await cycle_id(api, H2),
        "revieweeId": await api.id_of(ERIN),
        "reviewerId": await api.id_of(MAX),
    }
    await refused(api, "BAD_USER_INPUT", ASSIGN, variables, as_=ADA)


async def test_assigning_in_a_closed_cycle_is_rejected(api: Api) -> None:
    variables = {
        "cycleId": await cycle_id(api, H1),
        "revieweeId": await api.id_of(ERIN),
        "reviewerId": await api.id_of(ELI),
    }
    await refused(api, "BAD_USER_INPUT", ASSIGN, variables, as_=ADA)


@pytest.mark.parametrize("viewer", [MAX, ERIN])
async def test_a_non_admin_cannot_assign(api: Api, viewer: str) -> None:
    variables = {
        "cycleId": await cycle_id(api, H2),
        "revieweeId": await api.id_of(ERIN),
        "reviewerId": await api.id_of(ELI),
    }
    await refused(api, "FORBIDDEN", ASSIGN, variables, as_=viewer)


@pytest.mark.parametrize("foreign", ["cycle", "reviewee", "reviewer"])
async def test_anything_from_another_company_is_not_found(api: Api, foreign: str) -> None:
    variables = {
        "cycleId": await cycle_id(api, GLOBEX, admin=GUS)
        if foreign == "cycle"
        else await cycle_id(api, H2),
        "revieweeId": await api.id_of(GWEN if foreign == "reviewee" else ERIN),
        "reviewerId": await api.id_of(GWEN if foreign == "reviewer" else ELI),
    }
    await refused(api, "NOT_FOUND", ASSIGN, variables, as_=ADA)
