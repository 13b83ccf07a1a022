"""inviteEmployee, setEmployeeStatus and setEmployeeRole: what admins and super admins may do."""

import pytest

from db.engine import session_factory
from db.models import Employee
from tests.client import Api
from tests.people import ADA, ELI, ERIN, GUS, GWEN, IVY, MAX, SAM
from tests.snapshot import refused

INVITE = """
mutation Invite($input: InviteEmployeeInput!) {
  inviteEmployee(input: $input) {
    id name email jobTitle status role
    company { name } manager { email } team { name }
  }
}
"""

SET_STATUS = """
mutation SetStatus($id: ID!, $status: EmployeeStatus!) {
  setEmployeeStatus(id: $id, status: $status) { id email status role }
}
"""

SET_ROLE = """
mutation SetRole($id: ID!, $role: Role!) {
  setEmployeeRole(id: $id, role: $role) { id email status role }
}
"""

EMPLOYEE = "query Employee($id: ID!) { employee(id: $id) { id email status role } }"

SEARCH = """
query Search($search: String) { employees(search: $search) { nodes { email } totalCount } }
"""

ME = "query Me { me { email status role } }"

TEAMS = "query Teams { teams { id name } }"


async def team_id(api: Api, name: str, *, viewer: str = ADA) -> str:
    teams = (await api.gql(TEAMS, as_=viewer)).ok()["teams"]
    return str(next(t["id"] for t in teams if t["name"] == name))


async def stored(api: Api, email: str) -> Employee | None:
    async with session_factory(api.engine)() as session:
        return await session.get(Employee, await api.id_of(email))


# inviteEmployee


async def test_an_admin_invites_an_employee(api: Api) -> None:
    variables = {
        "input": {
            "name": "  Nora New  ",
            "email": "  Nora.New@Acme.test ",
            "jobTitle": "Data Engineer",
            "managerId": await api.id_of(MAX),
            "teamId": await team_id(api, "Engineering"),
        }
    }
    invited = (await api.gql(INVITE, variables, as_=ADA)).ok()["inviteEmployee"]
    assert {k: v for k, v in invited.items() if k != "id"} == {
        "name": "Nora New",
        "email": "nora.new@acme.test",
        "jobTitle": "Data Engineer",
        "status": "INVITED",
        "role": "EMPLOYEE",
        "company": {"name": "Acme"},
        "manager": {"email": MAX},
        "team": {"name": "Engineering"},
    }
    expected = {"id": invited["id"], "email": "nora.new@acme.test", "status": "INVITED"}
    # Admins see the invited employee...
    for admin in (ADA, SAM):
        seen = (await api.gql(EMPLOYEE, {"id": invited["id"]}, as_=admin)).ok()["employee"]
        assert seen == {**expected, "role": "EMPLOYEE"}
        found = (await api.gql(SEARCH, {"search": "nora"}, as_=admin)).ok()["employees"]
        assert found == {"nodes": [{"email": "nora.new@acme.test"}], "totalCount": 1}
    # ...others, even the new manager, do not: only ACTIVE colleagues are visible to them.
    for other in (MAX, ERIN):
        assert (await api.gql(EMPLOYEE, {"id": invited["id"]}, as_=other)).ok()["employee"] is None
        found = (await api.gql(SEARCH, {"search": "nora"}, as_=other)).ok()["employees"]
        assert found == {"nodes": [], "totalCount": 0}
    # Another company never does.
    assert (await api.gql(EMPLOYEE, {"id": invited["id"]}, as_=GUS)).ok()["employee"] is None


async def test_an_invited_employee_cannot_sign_in_yet(api: Api) -> None:
    (await api.gql(INVITE, {"input": {"name": "Nora", "email": "nora@acme.test"}}, as_=ADA)).ok()
    reply = await api.gql(ME, as_="nora@acme.test")
    assert reply.codes == ["UNAUTHENTICATED"]
    assert reply.status == 401


@pytest.mark.parametrize("viewer", [ERIN, MAX])
async def test_a_non_admin_cannot_invite(api: Api, viewer: str) -> None:
    variables = {"input": {"name": "Nora New", "email": "nora@acme.test"}}
    await refused(api, "FORBIDDEN", INVITE, variables, as_=viewer)


@pytest.mark.parametrize(
    "email",
    [ERIN, "ERIN.Employee@ACME.test", " erin.employee@acme.test ", GWEN, IVY],
    ids=["same", "other case", "padded", "another company", "invited"],
)
async def test_an_email_already_in_use_is_rejected(api: Api, email: str) -> None:
    variables = {"input": {"name": "Copy Cat", "email": email}}
    await refused(api, "BAD_USER_INPUT", INVITE, variables, as_=ADA)


@pytest.mark.parametrize(
    "email", ["", "   ", "not-an-email", "nora@", "@acme.test", "nora@acme", "no ra@acme.test"]
)
async def test_a_malformed_email_is_rejected(api: Api, email: str) -> None:
    variables = {"input": {"name": "Nora New", "email": email}}
    await refused(api, "BAD_USER_INPUT", INVITE, variables, as_=ADA)


@pytest.mark.parametrize("name", ["", "   ", "n" * 201])
async def test_a_name_must_have_1_to_200_characters(api: Api, name: str) -> None:
    variables = {"input": {"name": name, "email": "nora@acme.test"}}
    await refused(api, "BAD_USER_INPUT", INVITE, variables, as_=ADA)


async def test_a_manager_from_another_company_is_not_found(api: Api) -> None:
    variables = {
        "input": {"name": "Nora New", "email": "nora@acme.test", "managerId": await api.id_of(GWEN)}
    }
    await refused(api, "NOT_FOUND", INVITE, variables, as_=ADA)


async def test_a_team_from_another_company_is_not_found(api: Api) -> None:
    operations = await team_id(api, "Operations", viewer=GUS)
    variables = {"input": {"name": "Nora New", "email": "nora@acme.test", "teamId": operations}}
    await refused(api, "NOT_FOUND", INVITE, variables, as_=ADA)


# setEmployeeStatus


async def test_a_deactivated_employee_s_token_stops_working(api: Api) -> None:
    token = await api.token(ERIN)
    headers = {"Authorization": f"Bearer {token}"}
    assert (await api.gql(ME, headers=headers)).ok()["me"]["status"] == "ACTIVE"

    data = (
        await api.gql(SET_STATUS, {"id": await api.id_of(ERIN), "status": "DEACTIVATED"}, as_=ADA)
    ).ok()
    assert data["setEmployeeStatus"]["status"] == "DEACTIVATED"
    row = await stored(api, ERIN)
    assert row is not None and row.status.value == "DEACTIVATED"

    # The very same token is refused on the next request.
    reply = await api.gql(ME, headers=headers)
    assert reply.codes == ["UNAUTHENTICATED"]
    assert reply.status == 401
    assert reply.data is None
    # Colleagues no longer see her; admins still do.
    assert (await api.gql(EMPLOYEE, {"id": await api.id_of(ERIN)}, as_=ELI)).ok()[
        "employee"
    ] is None
    seen = (await api.gql(EMPLOYEE, {"id": await api.id_of(ERIN)}, as_=ADA)).ok()["employee"]
    assert seen["status"] == "DEACTIVATED"


async def test_activating_an_invited_employee_lets_them_sign_in(api: Api) -> None:
    assert (await api.gql(ME, as_=IVY)).codes == ["UNAUTHENTICATED"]
    (await api.gql(SET_STATUS, {"id": await api.id_of(IVY), "status": "ACTIVE"}, as_=SAM)).ok()
    assert (await api.gql(ME, as_=IVY)).ok()["me"] == {
        "email": IVY,
        "status": "ACTIVE",
        "role": "EMPLOYEE",
    }


async def test_an_admin_may_change_another_admin_s_status(api: Api) -> None:
    (await api.gql(SET_ROLE, {"id": await api.id_of(MAX), "role": "ADMIN"}, as_=SAM)).ok()
    data = (
        await api.gql(SET_STATUS, {"id": await api.id_of(MAX), "status": "DEACTIVATED"}, as_=ADA)
    ).ok()
    assert data["setEmployeeStatus"]["status"] == "DEACTIVATED"


@pytest.mark.parametrize("viewer", [ADA, SAM])
async def test_nobody_changes_their_own_status(api: Api, viewer: str) -> None:
    variables = {"id": await api.id_of(viewer), "status": "DEACTIVATED"}
    await refused(api, "FORBIDDEN", SET_STATUS, variables, as_=viewer)


async def test_an_admin_cannot_change_a_super_admin_s_status(api: Api) -> None:
    variables = {"id": await api.id_of(SAM), "status": "DEACTIVATED"}
    await refused(api, "FORBIDDEN", SET_STATUS, variables, as_=ADA)


@pytest.mark.parametrize("viewer", [MAX, ERIN])
async def test_a_non_admin_cannot_change_a_status(api: Api, viewer: str) -> None:
    variables = {"id": await api.id_of(ELI), "status": "DEACTIVATED"}
    await refused(api, "FORBIDDEN", SET_STATUS, variables, as_=viewer)


@pytest.mark.parametrize(("viewer", "target"), [(ADA, GWEN), (SAM, GWEN), (GUS, ERIN)])
async def test_another_company_s_employee_is_not_found(api: Api, viewer: str, target: str) -> None:
    variables = {"id": await api.id_of(target), "status": "DEACTIVATED"}
    await refused(api, "NOT_FOUND", SET_STATUS, variables, as_=viewer)


# setEmployeeRole


async def test_a_super_admin_changes_a_role(api: Api) -> None:
    ivy = await api.id_of(IVY)
    assert (await api.gql(EMPLOYEE, {"id": ivy}, as_=ERIN)).ok()["employee"] is None

    data = (await api.gql(SET_ROLE, {"id": await api.id_of(ERIN), "role": "ADMIN"}, as_=SAM)).ok()
    assert data["setEmployeeRole"] == {
        "id": await api.id_of(ERIN),
        "email": ERIN,
        "status": "ACTIVE",
        "role": "ADMIN",
    }
    row = await stored(api, ERIN)
    assert row is not None and row.role.value == "ADMIN"
    # Erin now has an admin's view: she sees the invited employee.
    assert (await api.gql(EMPLOYEE, {"id": ivy}, as_=ERIN)).ok()["employee"]["email"] == IVY

    (await api.gql(SET_ROLE, {"id": await api.id_of(ERIN), "role": "EMPLOYEE"}, as_=SAM)).ok()
    assert (await api.gql(ME, as_=ERIN)).ok()["me"]["role"] == "EMPLOYEE"


async def test_nobody_changes_their_own_role(api: Api) -> None:
    variables = {"id": await api.id_of(SAM), "role": "EMPLOYEE"}
    await refused(api, "FORBIDDEN", SET_ROLE, variables, as_=SAM)


@pytest.mark.parametrize(
    ("viewer", "target", "role"),
    [
        (ADA, ERIN, "ADMIN"),  # an admin is not a super admin
        (ADA, ADA, "SUPER_ADMIN"),  # nor can she promote herself
        (MAX, ERIN, "ADMIN"),
        (ERIN, ERIN, "SUPER_ADMIN"),
    ],
)
async def test_only_super_admins_change_roles(
    api: Api, viewer: str, target: str, role: str
) -> None:
    variables = {"id": await api.id_of(target), "role": role}
    await refused(api, "FORBIDDEN", SET_ROLE, variables, as_=viewer)


async def test_a_role_in_another_company_is_not_found(api: Api) -> None:
    variables = {"id": await api.id_of(GWEN), "role": "ADMIN"}
    await refused(api, "NOT_FOUND", SET_ROLE, variables, as_=SAM)
