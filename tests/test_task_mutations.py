"""completeTask and the tasks list: ticking off your own tasks, and only those you may."""

from datetime import UTC, datetime

import pytest

from db.engine import session_factory
from db.enums import TaskModule
from db.models import Employee, Task
from db.workflows import task_location
from tests.client import Api
from tests.people import ADA, ELI, ERIN, GWEN, PIA, SAM
from tests.snapshot import refused

COMPLETE = """
mutation Complete($id: ID!) {
  completeTask(id: $id) { id title module location done }
}
"""

TASKS = """
query Tasks($module: TaskModule, $includeDone: Boolean) {
  tasks(module: $module, includeDone: $includeDone) {
    id title module location done subject { __typename }
  }
}
"""

ACTIVATE = """
mutation Activate($id: ID!) { setEmployeeStatus(id: $id, status: ACTIVE) { status } }
"""


async def tasks(
    api: Api, viewer: str, module: str | None = None, *, include_done: bool = False
) -> list[dict[str, object]]:
    variables = {"module": module, "includeDone": include_done}
    return list((await api.gql(TASKS, variables, as_=viewer)).ok()["tasks"])


async def task_of(api: Api, viewer: str, module: str) -> dict[str, object]:
    (task,) = [t for t in await tasks(api, viewer, module, include_done=True) if not t["done"]]
    return task


async def give_task(api: Api, email: str, module: TaskModule, title: str) -> None:
    """Arrange a task no demo action creates (an HR checklist item, say)."""
    async with session_factory(api.engine)() as session:
        employee = await session.get_one(Employee, await api.id_of(email))
        session.add(
            Task(
                company_id=employee.company_id,
                assignee_id=employee.id,
                title=title,
                module=module,
                location=task_location("Home", "Checklist"),
                created_at=datetime.now(UTC),
            )
        )
        await session.commit()


@pytest.mark.parametrize("module", ["GOALS", "MEETINGS", "LEARNING", "OTHER"])
async def test_an_employee_completes_their_own_task(api: Api, module: str) -> None:
    owner = ERIN
    if module == "LEARNING":
        # Pia's onboarding path: she can sign in once an admin activates her.
        owner = PIA
        (await api.gql(ACTIVATE, {"id": await api.id_of(PIA)}, as_=ADA)).ok()
    elif module == "OTHER":
        await give_task(api, ERIN, TaskModule.OTHER, "Book your desk for January")
    task = await task_of(api, owner, module)

    data = (await api.gql(COMPLETE, {"id": task["id"]}, as_=owner)).ok()
    assert data["completeTask"] == {
        "id": task["id"],
        "title": task["title"],
        "module": module,
        "location": task["location"],
        "done": True,
    }
    # Gone from the to-do list, still in the full list, marked done.
    assert task["id"] not in [t["id"] for t in await tasks(api, owner)]
    assert task["id"] not in [t["id"] for t in await tasks(api, owner, module)]
    everything = await tasks(api, owner, include_done=True)
    assert {**task, "done": True} in everything
    async with session_factory(api.engine)() as session:
        stored = await session.get(Task, task["id"])
    assert stored is not None and stored.done is True


async def test_completing_a_done_task_again_keeps_it_done(api: Api) -> None:
    task = await task_of(api, ERIN, "GOALS")
    (await api.gql(COMPLETE, {"id": task["id"]}, as_=ERIN)).ok()
    again = (await api.gql(COMPLETE, {"id": task["id"]}, as_=ERIN)).ok()
    assert again["completeTask"]["done"] is True


@pytest.mark.parametrize(
    ("viewer", "module"),
    [
        (ELI, "SURVEYS"),  # completes when Eli answers the survey
        (ERIN, "REVIEWS"),  # completes when Erin signs her self-assessment
    ],
)
async def test_a_task_an_action_completes_cannot_be_ticked_off(
    api: Api, viewer: str, module: str
) -> None:
    task = await task_of(api, viewer, module)
    await refused(api, "BAD_USER_INPUT", COMPLETE, {"id": task["id"]}, as_=viewer)
    assert task in await tasks(api, viewer)


@pytest.mark.parametrize(
    "viewer", [ELI, ADA, SAM, GWEN], ids=["colleague", "admin", "super admin", "other company"]
)
async def test_someone_else_s_task_is_not_found(api: Api, viewer: str) -> None:
    task = await task_of(api, ERIN, "GOALS")
    await refused(api, "NOT_FOUND", COMPLETE, {"id": task["id"]}, as_=viewer)


async def test_an_unknown_task_is_not_found(api: Api) -> None:
    variables = {"id": "00000000-0000-0000-0000-000000000000"}
    await refused(api, "NOT_FOUND", COMPLETE, variables, as_=ERIN)


async def test_tasks_filter_by_module(api: Api) -> None:
    everything = await tasks(api, ERIN, include_done=True)
    assert {t["module"] for t in everything} == {"GOALS", "MEETINGS", "SURVEYS", "REVIEWS"}
    for module in ("GOALS", "MEETINGS", "SURVEYS", "REVIEWS", "LEARNING", "OTHER"):
        filtered = await tasks(api, ERIN, module, include_done=True)
        assert filtered == [t for t in everything if t["module"] == module]
        open_only = await tasks(api, ERIN, module)
        assert open_only == [t for t in filtered if not t["done"]]

    # Erin answered the pulse survey: her survey task is done, so only the full list has it.
    assert await tasks(api, ERIN, "SURVEYS") == []
    (survey_task,) = await tasks(api, ERIN, "SURVEYS", include_done=True)
    assert survey_task["done"] is True
    assert survey_task["subject"] == {"__typename": "Survey"}

    (goal_task,) = await tasks(api, ERIN, "GOALS")
    assert goal_task["title"] == "Update the progress of your goals"
    assert goal_task["location"] == "Goals \u203a My goals"
    assert goal_task["subject"] == {"__typename": "Goal"}
