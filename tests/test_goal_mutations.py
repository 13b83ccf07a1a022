"""createGoal and updateGoal: who may write whose goals, and what input is accepted."""

from typing import Any

import pytest
from sqlalchemy import func, select

from db.engine import session_factory
from db.models import Goal
from tests.client import Api
from tests.people import ADA, ELI, ERIN, GUS, GWEN, IVY, MAX, SAM
from tests.snapshot import refused, snapshot

CREATE_GOAL = """
mutation CreateGoal($input: CreateGoalInput!) {
  createGoal(input: $input) {
    id title description visibility progress dueDate
    owner { email }
    team { name }
  }
}
"""

UPDATE_GOAL = """
mutation UpdateGoal($id: ID!, $input: UpdateGoalInput!) {
  updateGoal(id: $id, input: $input) {
    id title description visibility progress dueDate
    owner { email }
  }
}
"""

GOAL = """
query Goal($id: ID!) {
  goal(id: $id) { id title description visibility progress dueDate owner { email } }
}
"""

GOALS_OF = """
query GoalsOf($ownerId: ID!, $visibility: [GoalVisibility!]) {
  goals(ownerId: $ownerId, visibility: $visibility) { nodes { id } }
}
"""


async def goal_of(api: Api, owner: str, visibility: str) -> str:
    """The id of the owner's one seeded goal of that visibility, as an admin finds it."""
    data = (
        await api.gql(
            GOALS_OF, {"ownerId": await api.id_of(owner), "visibility": [visibility]}, as_=ADA
        )
    ).ok()
    (goal,) = data["goals"]["nodes"]
    return str(goal["id"])


async def stored_goal(api: Api, id: str) -> Goal | None:
    async with session_factory(api.engine)() as session:
        return await session.get(Goal, id)


async def goal_count(api: Api) -> int:
    async with session_factory(api.engine)() as session:
        return int(await session.scalar(select(func.count()).select_from(Goal)) or 0)


# createGoal


async def test_an_employee_creates_a_goal_for_themselves(api: Api) -> None:
    before = await goal_count(api)
    data = (
        await api.gql(
            CREATE_GOAL,
            {
                "input": {
                    "title": "  Learn the billing domain  ",
                    "description": "Pair with support for a week.",
                    "visibility": "TEAM",
                    "dueDate": "2027-02-01",
                }
            },
            as_=ERIN,
        )
    ).ok()
    created = data["createGoal"]
    assert created["title"] == "Learn the billing domain"  # trimmed
    assert created["description"] == "Pair with support for a week."
    assert created["visibility"] == "TEAM"
    assert created["progress"] == 0
    assert created["dueDate"] == "2027-02-01"
    assert created["owner"] == {"email": ERIN}
    assert created["team"] == {"name": "Engineering"}
    assert await goal_count(api) == before + 1

    seen = (await api.gql(GOAL, {"id": created["id"]}, as_=ERIN)).ok()["goal"]
    assert seen == {k: v for k, v in created.items() if k != "team"}


async def test_a_manager_creates_a_goal_for_a_direct_report(api: Api) -> None:
    erin = await api.id_of(ERIN)
    data = (
        await api.gql(
            CREATE_GOAL,
            {"input": {"title": "Mentor the new joiner", "visibility": "PRIVATE", "ownerId": erin}},
            as_=MAX,
        )
    ).ok()
    created = data["createGoal"]
    assert created["owner"] == {"email": ERIN}
    assert created["visibility"] == "PRIVATE"
    assert created["description"] is None and created["dueDate"] is None

    # The goal is Erin's: she sees it among her own.
    mine = (await api.gql(GOALS_OF, {"ownerId": erin}, as_=ERIN)).ok()["goals"]["nodes"]
    assert {"id": created["id"]} in mine
    stored = await stored_goal(api, created["id"])
    assert stored is not None and stored.owner_id == erin


@pytest.mark.parametrize("admin", [ADA, SAM])
async def test_an_admin_creates_a_goal_for_anyone_in_the_company(api: Api, admin: str) -> None:
    eli = await api.id_of(ELI)
    data = (
        await api.gql(
            CREATE_GOAL,
            {
                "input": {
                    "title": "Finish the search runbook",
                    "visibility": "PUBLIC",
                    "ownerId": eli,
                }
            },
            as_=admin,
        )
    ).ok()
    assert data["createGoal"]["owner"] == {"email": ELI}
    stored = await stored_goal(api, data["createGoal"]["id"])
    assert stored is not None and stored.owner_id == eli


async def test_an_employee_cannot_create_a_goal_for_a_colleague(api: Api) -> None:
    variables = {
        "input": {"title": "Eli's goal", "visibility": "PUBLIC", "ownerId": await api.id_of(ELI)}
    }
    await refused(api, "FORBIDDEN", CREATE_GOAL, variables, as_=ERIN)


@pytest.mark.parametrize(
    ("viewer", "owner"),
    [
        (ADA, GWEN),  # another company
        (GUS, ERIN),  # another company, the other way round
        (ERIN, IVY),  # an INVITED colleague a non-admin cannot see
    ],
)
async def test_an_owner_the_viewer_cannot_see_is_not_found(
    api: Api, viewer: str, owner: str
) -> None:
    variables = {
        "input": {"title": "A goal", "visibility": "PUBLIC", "ownerId": await api.id_of(owner)}
    }
    await refused(api, "NOT_FOUND", CREATE_GOAL, variables, as_=viewer)


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
async def test_a_goal_title_must_have_1_to_200_characters(api: Api, title: str) -> None:
    variables = {"input": {"title": title, "visibility": "PUBLIC"}}
    await refused(api, "BAD_USER_INPUT", CREATE_GOAL, variables, as_=ERIN)


async def test_a_title_of_exactly_200_characters_is_accepted(api: Api) -> None:
    data = (
        await api.gql(
            CREATE_GOAL, {"input": {"title": "x" * 200, "visibility": "PUBLIC"}}, as_=ERIN
        )
    ).ok()
    assert data["createGoal"]["title"] == "x" * 200


async def test_a_description_over_5000_characters_is_rejected(api: Api) -> None:
    variables = {"input": {"title": "Fine", "description": "d" * 5001, "visibility": "PUBLIC"}}
    await refused(api, "BAD_USER_INPUT", CREATE_GOAL, variables, as_=ERIN)


# updateGoal


@pytest.mark.parametrize(
    "editor", [ERIN, MAX, ADA, SAM], ids=["owner", "manager", "admin", "super"]
)
async def test_the_owner_their_manager_and_admins_may_update_a_goal(api: Api, editor: str) -> None:
    goal = await goal_of(api, ERIN, "PRIVATE")
    data = (await api.gql(UPDATE_GOAL, {"id": goal, "input": {"progress": 75}}, as_=editor)).ok()
    assert data["updateGoal"]["progress"] == 75
    assert data["updateGoal"]["owner"] == {"email": ERIN}
    stored = await stored_goal(api, goal)
    assert stored is not None and stored.progress == 75


async def test_a_colleague_who_can_see_a_public_goal_may_not_update_it(api: Api) -> None:
    goal = await goal_of(api, ERIN, "PUBLIC")
    # Eli can read it...
    assert (await api.gql(GOAL, {"id": goal}, as_=ELI)).ok()["goal"]["id"] == goal
    # ...but not change it.
    await refused(api, "FORBIDDEN", UPDATE_GOAL, {"id": goal, "input": {"progress": 99}}, as_=ELI)


@pytest.mark.parametrize(
    ("viewer", "owner", "visibility"),
    [
        (ELI, ERIN, "PRIVATE"),  # a colleague's private goal
        (GWEN, ERIN, "PUBLIC"),  # another company's public goal
        (GUS, ERIN, "PUBLIC"),  # another company's super admin
    ],
)
async def test_a_goal_the_viewer_cannot_see_is_not_found(
    api: Api, viewer: str, owner: str, visibility: str
) -> None:
    goal = await goal_of(api, owner, visibility)
    assert (await api.gql(GOAL, {"id": goal}, as_=viewer)).ok()["goal"] is None
    await refused(api, "NOT_FOUND", UPDATE_GOAL, {"id": goal, "input": {"progress": 1}}, as_=viewer)


async def test_an_unknown_goal_is_not_found(api: Api) -> None:
    variables = {"id": "00000000-0000-0000-0000-000000000000", "input": {"progress": 1}}
    await refused(api, "NOT_FOUND", UPDATE_GOAL, variables, as_=ADA)


@pytest.mark.parametrize("progress", [101, -1])
async def test_progress_must_be_between_0_and_100(api: Api, progress: int) -> None:
    goal = await goal_of(api, ERIN, "PUBLIC")
    variables = {"id": goal, "input": {"progress": progress}}
    await refused(api, "BAD_USER_INPUT", UPDATE_GOAL, variables, as_=ERIN)


@pytest.mark.parametrize("progress", [0, 100])
async def test_progress_bounds_are_accepted(api: Api, progress: int) -> None:
    goal = await goal_of(api, ERIN, "PUBLIC")
    data = (
        await api.gql(UPDATE_GOAL, {"id": goal, "input": {"progress": progress}}, as_=ERIN)
    ).ok()
    assert data["updateGoal"]["progress"] == progress


@pytest.mark.parametrize("field", ["title", "visibility", "progress"])
async def test_an_explicit_null_for_a_required_field_is_rejected(api: Api, field: str) -> None:
    goal = await goal_of(api, ERIN, "PUBLIC")
    variables = {"id": goal, "input": {field: None}}
    await refused(api, "BAD_USER_INPUT", UPDATE_GOAL, variables, as_=ERIN)


@pytest.mark.parametrize("title", ["", "  ", "y" * 201])
async def test_an_updated_title_must_have_1_to_200_characters(api: Api, title: str) -> None:
    goal = await goal_of(api, ERIN, "PUBLIC")
    variables = {"id": goal, "input": {"title": title}}
    await refused(api, "BAD_USER_INPUT", UPDATE_GOAL, variables, as_=ERIN)


async def test_a_rejected_field_rejects_the_whole_update(api: Api) -> None:
    goal = await goal_of(api, ERIN, "PUBLIC")
    variables = {"id": goal, "input": {"title": "A valid new title", "progress": 101}}
    await refused(api, "BAD_USER_INPUT", UPDATE_GOAL, variables, as_=ERIN)


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Ship the billing portal v2"},
        {"description": "Now with invoices."},
        {"visibility": "TEAM"},
        {"progress": 90},
        {"dueDate": "2027-01-15"},
    ],
    ids=lambda change: next(iter(change)),
)
async def test_a_partial_update_changes_only_the_fields_sent(
    api: Api, change: dict[str, Any]
) -> None:
    goal = await goal_of(api, ERIN, "PUBLIC")
    before = (await api.gql(GOAL, {"id": goal}, as_=ERIN)).ok()["goal"]
    data = (await api.gql(UPDATE_GOAL, {"id": goal, "input": change}, as_=ERIN)).ok()
    assert data["updateGoal"] == {**before, **change}
    after = (await api.gql(GOAL, {"id": goal}, as_=ERIN)).ok()["goal"]
    assert after == {**before, **change}


@pytest.mark.parametrize("field", ["description", "dueDate"])
async def test_an_explicit_null_clears_an_optional_field(api: Api, field: str) -> None:
    goal = await goal_of(api, ERIN, "PUBLIC")
    before = (await api.gql(GOAL, {"id": goal}, as_=ERIN)).ok()["goal"]
    assert before[field] is not None
    data = (await api.gql(UPDATE_GOAL, {"id": goal, "input": {field: None}}, as_=ERIN)).ok()
    assert data["updateGoal"] == {**before, field: None}
    stored = await stored_goal(api, goal)
    assert stored is not None
    assert (stored.description if field == "description" else stored.due_date) is None
    assert stored.title == before["title"]


async def test_an_empty_owner_id_is_not_the_viewer(api: Api) -> None:
    variables = {"input": {"title": "Whose goal?", "visibility": "PUBLIC", "ownerId": ""}}
    await refused(api, "NOT_FOUND", CREATE_GOAL, variables, as_=ERIN)


async def test_a_title_with_a_nul_character_is_bad_input(api: Api) -> None:
    variables = {"input": {"title": "Ship\x00it", "visibility": "PUBLIC"}}
    await refused(api, "BAD_USER_INPUT", CREATE_GOAL, variables, as_=ERIN)


async def test_a_title_with_a_lone_surrogate_is_bad_input(api: Api) -> None:
    before = await snapshot(api.engine)
    # Raw JSON: a lone surrogate is valid JSON syntax but not valid Unicode text.
    body = (
        '{"query": "mutation CreateGoal($input: CreateGoalInput!) '
        '{ createGoal(input: $input) { id } }", '
        '"variables": {"input": {"title": "Ship \\ud800 it", "visibility": "PUBLIC"}}}'
    )
    headers = {**(await api.headers(ERIN)), "Content-Type": "application/json"}
    response = await api.http.post("/graphql", content=body.encode(), headers=headers)
    codes = [(e.get("extensions") or {}).get("code") for e in response.json().get("errors", [])]
    assert codes == ["BAD_USER_INPUT"], response.json()
    assert await snapshot(api.engine) == before
