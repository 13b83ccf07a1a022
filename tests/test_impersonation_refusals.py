"""Every way an impersonation header is refused, and what a served one looks like.

Each refusal is checked four ways: its code, its HTTP status, its audit row (outcome
DENIED, the subject named only when they exist in the actor's company) and a database that
is otherwise untouched.
"""

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from db.engine import session_factory
from db.enums import ImpersonationOutcome
from db.models import Employee, ImpersonationConsent, ImpersonationEvent
from tests.client import IMPERSONATE, Api, Reply
from tests.people import ADA, DAN, ELI, ERIN, GUS, GWEN, IVY, MAX, PIA, SAM
from tests.snapshot import snapshot

ME = "query Me { me { id email } }"

LOOKING = """query Looking {
  me { id email status }
  impersonation {
    actor { id email }
    subject { id email }
    readOnly
    consentExpiresAt
  }
  privateNotes { id body }
}"""

GRANT = "mutation Grant { grantImpersonationConsent(hours: 2) { grantedAt expiresAt } }"
REVOKE = "mutation Revoke { revokeImpersonationConsent }"
SET_POLICY = """mutation SetPolicy($requireConsent: Boolean!) {
  setImpersonationPolicy(requireConsent: $requireConsent) { requireConsent }
}"""

EVENTS = "impersonation_events"


# helpers


async def audit_rows(api: Api) -> list[ImpersonationEvent]:
    async with session_factory(api.engine)() as session:
        rows = await session.scalars(
            select(ImpersonationEvent).order_by(ImpersonationEvent.at, ImpersonationEvent.id)
        )
        return list(rows)


async def company_of(api: Api, email: str) -> str:
    async with session_factory(api.engine)() as session:
        found = await session.scalar(select(Employee.company_id).where(Employee.email == email))
    assert found is not None
    return found


async def everything_but_events(api: Api) -> dict[str, Any]:
    tables = await snapshot(api.engine)
    tables.pop(EVENTS)
    return tables


async def post(api: Api, query: str, headers: list[tuple[str, str]]) -> Reply:
    """A POST with raw header pairs, so a header can be sent twice or empty."""
    response = await api.http.post(
        "/graphql",
        content=json.dumps({"query": query}),
        headers=[("Content-Type", "application/json"), *headers],
    )
    return Reply(response.status_code, response.json(), response.headers)


async def bearer(api: Api, email: str) -> tuple[str, str]:
    return ("Authorization", f"Bearer {await api.token(email)}")


async def grant(api: Api, email: str) -> dict[str, str]:
    data = (await api.gql(GRANT, as_=email)).ok()
    return data["grantImpersonationConsent"]  # type: ignore[no-any-return]


async def denied(
    api: Api,
    *,
    actor: str,
    header: list[str],
    code: str,
    status: int,
    subject: str | None,
    check_subject: bool = True,
) -> Reply:
    """Send ``ME`` as ``actor`` with the header values ``header``; prove it was refused with
    ``code`` and ``status``, audited once as DENIED, and that nothing else changed."""
    before_rows = await audit_rows(api)
    before = await everything_but_events(api)
    headers = [await bearer(api, actor)] + [(IMPERSONATE, value) for value in header]
    reply = await post(api, ME, headers)

    assert reply.status == status, reply.body
    assert reply.codes == [code], reply.body
    assert reply.data is None, reply.body  # never a silent fall-back to the actor's own view
    assert "impersonation" not in reply.extensions, reply.body

    assert await everything_but_events(api) == before, "a refused header changed the database"
    after_rows = await audit_rows(api)
    assert len(after_rows) == len(before_rows) + 1, "a refusal must write exactly one audit row"
    known = {row.id for row in before_rows}
    (row,) = [row for row in after_rows if row.id not in known]
    assert row.outcome is ImpersonationOutcome.DENIED
    assert row.actor_id == await api.id_of(actor)
    assert row.company_id == await company_of(api, actor)
    assert row.operation_type == "query"
    assert row.operation_name == "Me"
    assert row.document_hash == hashlib.sha256(ME.encode()).hexdigest()
    if check_subject:
        expected = None if subject is None else await api.id_of(subject)
        assert row.subject_id == expected
    return reply


async def served_as(api: Api, actor: str, subject: str) -> Reply:
    """Impersonate and prove the request was served through the subject's eyes."""
    before_rows = await audit_rows(api)
    reply = await api.gql(LOOKING, as_=actor, impersonate=subject)
    data = reply.ok()
    assert data["me"]["email"] == subject
    assert data["impersonation"]["actor"]["email"] == actor
    assert data["impersonation"]["subject"]["email"] == subject
    assert data["impersonation"]["readOnly"] is True
    after_rows = await audit_rows(api)
    assert len(after_rows) == len(before_rows) + 1
    assert after_rows[-1].outcome is ImpersonationOutcome.SERVED
    assert after_rows[-1].subject_id == await api.id_of(subject)
    return reply


# who may impersonate


async def test_an_admin_is_refused_with_impersonation_forbidden(api: Api) -> None:
    await grant(api, ERIN)
    reply = await denied(
        api,
        actor=ADA,
        header=[await api.id_of(ERIN)],
        code="IMPERSONATION_FORBIDDEN",
        status=403,
        subject=ERIN,
        check_subject=False,
    )
    assert "super admin" in reply.errors[0]["message"].lower()


@pytest.mark.parametrize("actor", [ADA, ERIN, MAX])
async def test_a_non_super_admin_learns_nothing_about_ids(api: Api, actor: str) -> None:
    """The same answer for a colleague, for a missing id and for another company's id."""
    bodies = []
    for subject_id, subject in [
        (await api.id_of(ELI), ELI),
        (str(uuid.uuid4()), None),
        (await api.id_of(GWEN), None),
    ]:
        reply = await denied(
            api,
            actor=actor,
            header=[subject_id],
            code="IMPERSONATION_FORBIDDEN",
            status=403,
            subject=subject,
            check_subject=subject is None,
        )
        bodies.append(reply.body)
    assert bodies[0] == bodies[1] == bodies[2]


@pytest.mark.parametrize("actor", [ADA, ELI])
async def test_a_non_super_admins_denied_attempt_names_the_existing_subject(
    api: Api, actor: str
) -> None:
    await denied(
        api,
        actor=actor,
        header=[await api.id_of(ERIN)],
        code="IMPERSONATION_FORBIDDEN",
        status=403,
        subject=ERIN,
    )


# whom


async def test_another_companys_id_is_answered_like_a_missing_one(api: Api) -> None:
    gwen = await api.id_of(GWEN)
    missing = str(uuid.uuid4())
    other = await denied(api, actor=SAM, header=[gwen], code="NOT_FOUND", status=404, subject=None)
    absent = await denied(
        api, actor=SAM, header=[missing], code="NOT_FOUND", status=404, subject=None
    )
    assert gwen in json.dumps(other.body)
    assert missing in json.dumps(absent.body)
    assert json.dumps(other.body).replace(gwen, "<id>") == json.dumps(absent.body).replace(
        missing, "<id>"
    )
    assert "globex" not in json.dumps(other.body).lower()
    assert "gwen" not in json.dumps(other.body).lower()


async def test_globex_super_admin_cannot_impersonate_acme_either(api: Api) -> None:
    await grant(api, ERIN)
    await denied(
        api,
        actor=GUS,
        header=[await api.id_of(ERIN)],
        code="NOT_FOUND",
        status=404,
        subject=None,
    )


async def test_nobody_impersonates_themselves(api: Api) -> None:
    await denied(
        api,
        actor=SAM,
        header=[await api.id_of(SAM)],
        code="IMPERSONATION_FORBIDDEN",
        status=403,
        subject=SAM,
    )


# consent


async def test_an_active_subject_without_consent_is_refused(api: Api) -> None:
    reply = await denied(
        api,
        actor=SAM,
        header=[await api.id_of(ERIN)],
        code="IMPERSONATION_CONSENT_REQUIRED",
        status=403,
        subject=ERIN,
    )
    assert "Erin Employee" in reply.errors[0]["message"]


async def test_consent_lets_a_super_admin_in(api: Api) -> None:
    granted = await grant(api, ERIN)
    reply = await served_as(api, SAM, ERIN)
    expires = reply.data["impersonation"]["consentExpiresAt"]
    assert datetime.fromisoformat(expires) == datetime.fromisoformat(granted["expiresAt"])


async def test_expired_consent_is_no_consent(api: Api) -> None:
    await grant(api, ERIN)
    await served_as(api, SAM, ERIN)
    async with session_factory(api.engine)() as session:
        await session.execute(
            update(ImpersonationConsent)
            .where(ImpersonationConsent.employee_id == await api.id_of(ERIN))
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
        await session.commit()
    await denied(
        api,
        actor=SAM,
        header=[await api.id_of(ERIN)],
        code="IMPERSONATION_CONSENT_REQUIRED",
        status=403,
        subject=ERIN,
    )


async def test_revoked_consent_is_no_consent(api: Api) -> None:
    await grant(api, ERIN)
    await served_as(api, SAM, ERIN)
    assert (await api.gql(REVOKE, as_=ERIN)).ok() == {"revokeImpersonationConsent": True}
    await denied(
        api,
        actor=SAM,
        header=[await api.id_of(ERIN)],
        code="IMPERSONATION_CONSENT_REQUIRED",
        status=403,
        subject=ERIN,
    )


async def test_another_employees_consent_does_not_count(api: Api) -> None:
    await grant(api, ELI)
    await denied(
        api,
        actor=SAM,
        header=[await api.id_of(ERIN)],
        code="IMPERSONATION_CONSENT_REQUIRED",
        status=403,
        subject=ERIN,
    )


async def test_with_the_policy_off_no_consent_is_needed(api: Api) -> None:
    data = (await api.gql(SET_POLICY, {"requireConsent": False}, as_=SAM)).ok()
    assert data == {"setImpersonationPolicy": {"requireConsent": False}}
    reply = await served_as(api, SAM, ERIN)
    assert reply.data["impersonation"]["consentExpiresAt"] is None


async def test_the_policy_of_another_company_does_not_count(api: Api) -> None:
    (await api.gql(SET_POLICY, {"requireConsent": False}, as_=GUS)).ok()
    await denied(
        api,
        actor=SAM,
        header=[await api.id_of(ERIN)],
        code="IMPERSONATION_CONSENT_REQUIRED",
        status=403,
        subject=ERIN,
    )


@pytest.mark.parametrize("subject", [IVY, PIA, DAN])
async def test_people_who_cannot_sign_in_need_no_consent(api: Api, subject: str) -> None:
    reply = await served_as(api, SAM, subject)
    assert reply.data["impersonation"]["consentExpiresAt"] is None
    assert reply.data["me"]["status"] in {"INVITED", "PRE_ONBOARDING", "DEACTIVATED"}


# malformed headers


MALFORMED = {
    "empty": lambda ids: [""],
    "blank": lambda ids: ["   "],
    "not-a-uuid": lambda ids: ["not-a-uuid"],
    "one": lambda ids: ["1"],
    "trailing-junk": lambda ids: [ids[IVY] + "junk"],
    "trailing-uuid": lambda ids: [ids[IVY] + ids[PIA]],
    "two-values": lambda ids: [ids[IVY], ids[PIA]],
    "the-same-twice": lambda ids: [ids[IVY], ids[IVY]],
    "comma-joined": lambda ids: [f"{ids[IVY]}, {ids[PIA]}"],
}


@pytest.mark.parametrize("actor", [SAM, ERIN])
@pytest.mark.parametrize("case", sorted(MALFORMED))
async def test_a_malformed_header_is_bad_input_not_a_fallback(
    api: Api, case: str, actor: str
) -> None:
    ids = {email: await api.id_of(email) for email in (IVY, PIA)}
    reply = await denied(
        api,
        actor=actor,
        header=MALFORMED[case](ids),
        code="BAD_USER_INPUT",
        status=400,
        subject=None,
    )
    assert IMPERSONATE in reply.errors[0]["message"]
    assert await api.id_of(actor) not in json.dumps(reply.body)


# credentials


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer not-a-token", "Bearer ", "Basic c2FtOnNhbQ==", "dan"],
    ids=["none", "garbage-token", "empty-token", "basic", "deactivated"],
)
async def test_without_usable_credentials_the_header_is_unauthenticated(
    api: Api, authorization: str | None
) -> None:
    await grant(api, ERIN)
    if authorization == "dan":
        authorization = f"Bearer {await api.token(DAN)}"
    before = await snapshot(api.engine)
    headers = [(IMPERSONATE, await api.id_of(ERIN))]
    if authorization is not None:
        headers.append(("Authorization", authorization))
    reply = await post(api, ME, headers)
    assert reply.status == 401, reply.body
    assert reply.codes == ["UNAUTHENTICATED"], reply.body
    assert reply.data is None
    assert "impersonation" not in reply.extensions
    # No actor, nothing to audit: not even the events table changed.
    assert await snapshot(api.engine) == before


async def test_a_forged_token_for_a_super_admin_is_unauthenticated(api: Api) -> None:
    token = await api.token(SAM)
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    before = await snapshot(api.engine)
    reply = await post(
        api,
        ME,
        [("Authorization", f"Bearer {forged}"), (IMPERSONATE, await api.id_of(IVY))],
    )
    assert (reply.status, reply.codes, reply.data) == (401, ["UNAUTHENTICATED"], None)
    assert await snapshot(api.engine) == before


# served


async def test_a_served_impersonation_is_the_subjects_view_and_says_so(api: Api) -> None:
    granted = await grant(api, ERIN)
    sam, erin = await api.id_of(SAM), await api.id_of(ERIN)
    before = await audit_rows(api)
    reply = await api.gql(LOOKING, as_=SAM, impersonate=ERIN)
    data = reply.ok()
    assert data["me"] == {"id": erin, "email": ERIN, "status": "ACTIVE"}
    session = data["impersonation"]
    assert session["actor"] == {"id": sam, "email": SAM}
    assert session["subject"] == {"id": erin, "email": ERIN}
    assert session["readOnly"] is True
    assert datetime.fromisoformat(session["consentExpiresAt"]) == datetime.fromisoformat(
        granted["expiresAt"]
    )
    assert data["privateNotes"] is None

    assert reply.extensions["impersonation"] == {
        "actorId": sam,
        "subjectId": erin,
        "readOnly": True,
    }
    assert isinstance(reply.extensions["redacted"], list)
    assert ["privateNotes"] in reply.extensions["redacted"]

    after = await audit_rows(api)
    assert len(after) == len(before) + 1
    row = after[-1]
    assert row.outcome is ImpersonationOutcome.SERVED
    assert (row.actor_id, row.subject_id) == (sam, erin)
    assert row.operation_type == "query"
    assert row.operation_name == "Looking"
    assert row.document_hash == hashlib.sha256(LOOKING.encode()).hexdigest()


async def test_an_impersonated_answer_with_nothing_redacted_still_lists_redactions(
    api: Api,
) -> None:
    reply = await api.gql(ME, as_=SAM, impersonate=IVY)
    assert reply.ok()["me"]["email"] == IVY
    assert reply.extensions["redacted"] == []
    assert reply.extensions["impersonation"]["subjectId"] == await api.id_of(IVY)


async def test_without_the_header_there_is_no_impersonation(api: Api) -> None:
    await grant(api, ERIN)
    before = await snapshot(api.engine)
    reply = await api.gql(LOOKING, as_=SAM)
    data = reply.ok()
    assert data["me"]["email"] == SAM
    assert data["impersonation"] is None
    assert data["privateNotes"] is not None
    assert "impersonation" not in reply.extensions
    assert "redacted" not in reply.extensions
    assert await snapshot(api.engine) == before, "a plain request must not be audited"


async def test_stopping_is_just_not_sending_the_header(api: Api) -> None:
    await grant(api, ERIN)
    assert (await api.gql(ME, as_=SAM, impersonate=ERIN)).ok()["me"]["email"] == ERIN
    assert (await api.gql(ME, as_=SAM)).ok()["me"]["email"] == SAM
    assert (await api.gql(ME, as_=SAM, impersonate=ERIN)).ok()["me"]["email"] == ERIN
