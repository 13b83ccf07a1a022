"""Impersonation consent and policy: granting, revoking, who sees it, and canImpersonate."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.engine import is_sqlite, session_factory
from db.models import ImpersonationConsent
from tests.client import Api
from tests.databases import configured_url
from tests.people import ADA, DAN, ELI, ERIN, GUS, IVY, MAX, PIA, SAM
from tests.snapshot import refused

_URL = configured_url()
ON_POSTGRES = _URL is not None and not is_sqlite(_URL)

GRANT = """
mutation Grant($hours: Int) { grantImpersonationConsent(hours: $hours) { grantedAt expiresAt } }
"""

GRANT_DEFAULT = "mutation Grant { grantImpersonationConsent { grantedAt expiresAt } }"

REVOKE = "mutation Revoke { revokeImpersonationConsent }"

SET_POLICY = """
mutation SetPolicy($requireConsent: Boolean!) {
  setImpersonationPolicy(requireConsent: $requireConsent) { id name requireConsent }
}
"""

MY_CONSENT = "query MyConsent { me { impersonationConsent { grantedAt expiresAt } } }"

CONSENT_OF = """
query ConsentOf($id: ID!) { employee(id: $id) { impersonationConsent { grantedAt expiresAt } } }
"""

CAN_IMPERSONATE = """
query CanImpersonate($id: ID!) { employee(id: $id) { canImpersonate { allowed reason } } }
"""

MY_COMPANY = "query MyCompany { me { company { id name requireConsent } } }"


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def my_consent(api: Api, viewer: str) -> dict[str, str] | None:
    return (await api.gql(MY_CONSENT, as_=viewer)).ok()["me"]["impersonationConsent"]


async def consent_of(api: Api, viewer: str, subject: str) -> dict[str, str] | None:
    data = (await api.gql(CONSENT_OF, {"id": await api.id_of(subject)}, as_=viewer)).ok()
    return data["employee"]["impersonationConsent"]


async def can_impersonate(api: Api, viewer: str, subject: str) -> dict[str, object] | None:
    data = (await api.gql(CAN_IMPERSONATE, {"id": await api.id_of(subject)}, as_=viewer)).ok()
    return data["employee"]["canImpersonate"]


async def grants_of(api: Api, email: str) -> list[ImpersonationConsent]:
    async with session_factory(api.engine)() as session:
        rows = await session.scalars(
            select(ImpersonationConsent)
            .where(ImpersonationConsent.employee_id == await api.id_of(email))
            .order_by(ImpersonationConsent.granted_at)
        )
        return list(rows)


# grantImpersonationConsent


async def test_a_grant_lasts_24_hours_by_default(api: Api) -> None:
    started = datetime.now(UTC)
    consent = (await api.gql(GRANT_DEFAULT, as_=ERIN)).ok()["grantImpersonationConsent"]
    granted, expires = at(consent["grantedAt"]), at(consent["expiresAt"])
    assert expires - granted == timedelta(hours=24)
    assert started - timedelta(seconds=5) <= granted <= datetime.now(UTC) + timedelta(seconds=5)
    assert await my_consent(api, ERIN) == consent
    (grant,) = await grants_of(api, ERIN)
    assert grant.expires_at - grant.granted_at == timedelta(hours=24)
    assert grant.revoked_at is None


@pytest.mark.parametrize(("hours", "lasts"), [(None, 24), (1, 1), (8, 8), (168, 168)])
async def test_a_grant_lasts_the_hours_asked_for(api: Api, hours: int | None, lasts: int) -> None:
    consent = (await api.gql(GRANT, {"hours": hours}, as_=ERIN)).ok()["grantImpersonationConsent"]
    assert at(consent["expiresAt"]) - at(consent["grantedAt"]) == timedelta(hours=lasts)


@pytest.mark.parametrize("hours", [0, 169, -1])
async def test_hours_outside_1_to_168_are_rejected(api: Api, hours: int) -> None:
    await refused(api, "BAD_USER_INPUT", GRANT, {"hours": hours}, as_=ERIN)
    assert await my_consent(api, ERIN) is None


async def test_a_rejected_grant_leaves_the_current_one_in_force(api: Api) -> None:
    first = (await api.gql(GRANT, {"hours": 4}, as_=ERIN)).ok()["grantImpersonationConsent"]
    await refused(api, "BAD_USER_INPUT", GRANT, {"hours": 0}, as_=ERIN)
    assert await my_consent(api, ERIN) == first


async def test_a_second_grant_replaces_the_first(api: Api) -> None:
    first = (await api.gql(GRANT, {"hours": 24}, as_=ERIN)).ok()["grantImpersonationConsent"]
    second = (await api.gql(GRANT, {"hours": 2}, as_=ERIN)).ok()["grantImpersonationConsent"]
    assert at(second["expiresAt"]) - at(second["grantedAt"]) == timedelta(hours=2)
    assert at(second["expiresAt"]) < at(first["expiresAt"])
    assert await my_consent(api, ERIN) == second
    assert await consent_of(api, SAM, ERIN) == second

    old, new = await grants_of(api, ERIN)
    assert old.revoked_at is not None  # the first is revoked, not left to run on
    assert new.revoked_at is None
    # Revoking now ends consent entirely: the first grant does not come back.
    assert (await api.gql(REVOKE, as_=ERIN)).ok()["revokeImpersonationConsent"] is True
    assert await my_consent(api, ERIN) is None


async def test_a_second_grant_in_the_same_request_replaces_the_first(api: Api) -> None:
    document = """
    mutation GrantTwice {
      first: grantImpersonationConsent(hours: 5) { grantedAt expiresAt }
      second: grantImpersonationConsent(hours: 3) { grantedAt expiresAt }
    }
    """
    data = (await api.gql(document, as_=ERIN)).ok()
    assert await my_consent(api, ERIN) == data["second"]
    assert await can_impersonate(api, SAM, ERIN) == {"allowed": True, "reason": None}


# revokeImpersonationConsent


async def test_revoking_answers_true_then_false(api: Api) -> None:
    (await api.gql(GRANT_DEFAULT, as_=ERIN)).ok()
    assert (await api.gql(REVOKE, as_=ERIN)).ok()["revokeImpersonationConsent"] is True
    assert await my_consent(api, ERIN) is None
    assert await consent_of(api, SAM, ERIN) is None
    (grant,) = await grants_of(api, ERIN)
    assert grant.revoked_at is not None

    assert (await api.gql(REVOKE, as_=ERIN)).ok()["revokeImpersonationConsent"] is False
    (unchanged,) = await grants_of(api, ERIN)
    assert unchanged.revoked_at == grant.revoked_at


async def test_revoking_without_a_grant_answers_false(api: Api) -> None:
    assert (await api.gql(REVOKE, as_=ELI)).ok()["revokeImpersonationConsent"] is False
    assert await grants_of(api, ELI) == []


async def test_revoking_only_touches_the_viewer_s_own_consent(api: Api) -> None:
    erin = (await api.gql(GRANT_DEFAULT, as_=ERIN)).ok()["grantImpersonationConsent"]
    (await api.gql(GRANT_DEFAULT, as_=ELI)).ok()
    assert (await api.gql(REVOKE, as_=ELI)).ok()["revokeImpersonationConsent"] is True
    assert await my_consent(api, ERIN) == erin


# Employee.impersonationConsent


async def test_who_sees_an_employee_s_consent(api: Api) -> None:
    consent = (await api.gql(GRANT_DEFAULT, as_=ERIN)).ok()["grantImpersonationConsent"]
    assert await consent_of(api, ERIN, ERIN) == consent  # their own
    assert await consent_of(api, SAM, ERIN) == consent  # a super admin
    assert await consent_of(api, ELI, ERIN) is None  # a colleague
    assert await consent_of(api, MAX, ERIN) is None  # their manager
    assert await consent_of(api, ADA, ERIN) is None  # an admin who is not a super admin
    # Another company's super admin cannot even see Erin.
    data = (await api.gql(CONSENT_OF, {"id": await api.id_of(ERIN)}, as_=GUS)).ok()
    assert data["employee"] is None


# setImpersonationPolicy


async def test_a_super_admin_sets_the_policy(api: Api) -> None:
    assert (await api.gql(MY_COMPANY, as_=ERIN)).ok()["me"]["company"]["requireConsent"] is True
    data = (await api.gql(SET_POLICY, {"requireConsent": False}, as_=SAM)).ok()
    assert data["setImpersonationPolicy"]["name"] == "Acme"
    assert data["setImpersonationPolicy"]["requireConsent"] is False
    for viewer in (SAM, ERIN):
        company = (await api.gql(MY_COMPANY, as_=viewer)).ok()["me"]["company"]
        assert company == data["setImpersonationPolicy"]
    # Globex keeps its own setting.
    assert (await api.gql(MY_COMPANY, as_=GUS)).ok()["me"]["company"]["requireConsent"] is True

    data = (await api.gql(SET_POLICY, {"requireConsent": True}, as_=SAM)).ok()
    assert data["setImpersonationPolicy"]["requireConsent"] is True
    assert (await api.gql(MY_COMPANY, as_=ERIN)).ok()["me"]["company"]["requireConsent"] is True


@pytest.mark.parametrize("viewer", [ADA, MAX, ERIN])
async def test_only_super_admins_set_the_policy(api: Api, viewer: str) -> None:
    await refused(api, "FORBIDDEN", SET_POLICY, {"requireConsent": False}, as_=viewer)
    assert (await api.gql(MY_COMPANY, as_=viewer)).ok()["me"]["company"]["requireConsent"] is True


# Employee.canImpersonate


@pytest.mark.parametrize("viewer", [ADA, MAX, ERIN])
async def test_can_impersonate_is_null_for_everyone_but_super_admins(api: Api, viewer: str) -> None:
    for subject in {ERIN, ELI, viewer}:
        assert await can_impersonate(api, viewer, subject) is None


async def test_an_active_employee_needs_to_consent(api: Api) -> None:
    refusal = await can_impersonate(api, SAM, ERIN)
    assert refusal is not None and refusal["allowed"] is False
    assert isinstance(refusal["reason"], str) and refusal["reason"]

    (await api.gql(GRANT, {"hours": 1}, as_=ERIN)).ok()
    assert await can_impersonate(api, SAM, ERIN) == {"allowed": True, "reason": None}

    (await api.gql(REVOKE, as_=ERIN)).ok()
    assert (await can_impersonate(api, SAM, ERIN) or {})["allowed"] is False


@pytest.mark.parametrize("subject", [IVY, PIA, DAN])
async def test_people_who_cannot_sign_in_need_no_consent(api: Api, subject: str) -> None:
    assert await can_impersonate(api, SAM, subject) == {"allowed": True, "reason": None}


async def test_a_super_admin_cannot_impersonate_themselves(api: Api) -> None:
    (await api.gql(GRANT_DEFAULT, as_=SAM)).ok()
    own = await can_impersonate(api, SAM, SAM)
    assert own is not None and own["allowed"] is False
    assert isinstance(own["reason"], str) and own["reason"]


async def test_without_the_consent_policy_active_employees_need_no_consent(api: Api) -> None:
    (await api.gql(SET_POLICY, {"requireConsent": False}, as_=SAM)).ok()
    assert await can_impersonate(api, SAM, ERIN) == {"allowed": True, "reason": None}
    assert (await can_impersonate(api, SAM, SAM) or {})["allowed"] is False
