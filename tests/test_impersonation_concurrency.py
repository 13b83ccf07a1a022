"""Many interleaved requests on one app: nobody sees another request's viewer, loaders,
session or redactions, and every impersonation attempt is audited exactly once."""

import asyncio
import random
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from db.engine import session_factory
from db.enums import ImpersonationOutcome
from db.models import ImpersonationEvent
from tests.client import Api
from tests.people import ADA, ELI, ERIN, IVY, SAM

VIEW = """query View {
  me {
    id email name role status
    goals { id title description progress visibility }
    reports { id }
  }
  impersonation { actor { id } subject { id } readOnly consentExpiresAt }
  goals { totalCount nodes { id title progress visibility owner { id } } }
  employees { totalCount nodes { id email status } }
  privateNotes { id body about { id } }
  instantFeedback { id message giver { id } receiver { id } }
  meetings { id title participants { id } notes { id body author { id } } }
  tasks { id title module location done }
  surveys { id title myInvitation { status } myResponse { answers { score comment } } }
  assessments { id rating summary status reviewee { id } reviewer { id } }
}"""

GRANT = "mutation Grant { grantImpersonationConsent(hours: 2) { expiresAt } }"

# kind -> (signed in as, impersonating)
KINDS: dict[str, tuple[str, str | None]] = {
    "sam as erin": (SAM, ERIN),
    "erin herself": (ERIN, None),
    "eli himself": (ELI, None),
    "sam himself": (SAM, None),
    "ada tries erin": (ADA, ERIN),
    "sam as ivy": (SAM, IVY),
}
OUTCOMES = {
    "sam as erin": ImpersonationOutcome.SERVED,
    "ada tries erin": ImpersonationOutcome.DENIED,
    "sam as ivy": ImpersonationOutcome.SERVED,
}
PER_KIND = 10  # 6 kinds x 10 = 60 requests, 30 of them impersonation attempts


async def audit_outcomes(api: Api) -> Counter[tuple[str, str | None, ImpersonationOutcome]]:
    async with session_factory(api.engine)() as session:
        rows = await session.execute(
            select(
                ImpersonationEvent.actor_id,
                ImpersonationEvent.subject_id,
                ImpersonationEvent.outcome,
                func.count(),
            ).group_by(
                ImpersonationEvent.actor_id,
                ImpersonationEvent.subject_id,
                ImpersonationEvent.outcome,
            )
        )
        return Counter({(a, s, o): n for a, s, o, n in rows})


async def ask(api: Api, kind: str) -> tuple[int, Any]:
    actor, subject = KINDS[kind]
    reply = await api.gql(VIEW, as_=actor, impersonate=subject)
    return reply.status, reply.body


async def expected_answers(api: Api) -> dict[str, tuple[int, Any]]:
    """Each kind's answer, asked alone, after Erin granted consent; checked to be the
    right viewer's and distinct from every other kind's."""
    (await api.gql(GRANT, as_=ERIN)).ok()
    for email in (SAM, ADA, ERIN, ELI, IVY):
        await api.id_of(email)  # warm the helper's id cache: later, only the app is asked

    expected = {kind: await ask(api, kind) for kind in KINDS}

    sam, erin, eli, ivy = [await api.id_of(e) for e in (SAM, ERIN, ELI, IVY)]
    for kind, (status, body) in expected.items():
        if kind != "ada tries erin":
            assert status == 200, (kind, body)
            assert "errors" not in body, (kind, body)
    denied_status, denied = expected["ada tries erin"]
    assert denied_status == 403
    assert denied["data"] is None
    assert [e["extensions"]["code"] for e in denied["errors"]] == ["IMPERSONATION_FORBIDDEN"]
    assert expected["sam as erin"][1]["data"]["me"]["id"] == erin
    assert expected["erin herself"][1]["data"]["me"]["id"] == erin
    assert expected["eli himself"][1]["data"]["me"]["id"] == eli
    assert expected["sam himself"][1]["data"]["me"]["id"] == sam
    assert expected["sam as ivy"][1]["data"]["me"]["id"] == ivy

    impersonated, own = expected["sam as erin"][1], expected["erin herself"][1]
    assert impersonated["extensions"]["impersonation"] == {
        "actorId": sam,
        "subjectId": erin,
        "readOnly": True,
    }
    assert impersonated["extensions"]["redacted"], "Erin's view should hide something"
    assert impersonated["data"]["privateNotes"] is None
    assert own["data"]["privateNotes"] is not None
    assert "impersonation" not in (own.get("extensions") or {})
    assert expected["sam as ivy"][1]["extensions"]["impersonation"]["subjectId"] == ivy
    # Apart from the redactions and the banner, the impersonated view is Erin's own.
    for field in ("employees", "tasks"):
        assert impersonated["data"][field] == own["data"][field]
    assert len({repr(body) for _, body in expected.values()}) == len(KINDS)
    return expected


async def interleave(
    api: Api, expected: dict[str, tuple[int, Any]], *, in_flight: int | None
) -> None:
    """Send every kind PER_KIND times in a shuffled order, all at once (or at most
    ``in_flight`` at a time), and compare each answer with its kind's expected one."""
    kinds = [kind for kind in KINDS for _ in range(PER_KIND)]
    random.Random(20261127).shuffle(kinds)
    before = await audit_outcomes(api)

    gate = asyncio.Semaphore(in_flight or len(kinds))

    async def one(kind: str) -> tuple[int, Any]:
        async with gate:
            return await ask(api, kind)

    answers = await asyncio.gather(*(one(kind) for kind in kinds))

    mismatches = [
        (i, kind)
        for i, (kind, answer) in enumerate(zip(kinds, answers, strict=True))
        if answer != expected[kind]
    ]
    assert not mismatches, f"{len(mismatches)} answers differ, first: {mismatches[:5]}"

    added = await audit_outcomes(api) - before
    attempts = sum(1 for kind in kinds if KINDS[kind][1] is not None)
    assert sum(added.values()) == attempts == 3 * PER_KIND
    sam, ada, erin, ivy = [await api.id_of(e) for e in (SAM, ADA, ERIN, IVY)]
    # Ada's denied attempts still name whom she tried to look at.
    by_ada = Counter({(a, o): n for (a, _, o), n in added.items() if a == ada})
    assert {s for (a, s, _) in added if a == ada} == {erin}
    assert by_ada == Counter({(ada, OUTCOMES["ada tries erin"]): PER_KIND})
    assert Counter({key: n for key, n in added.items() if key[0] != ada}) == Counter(
        {
            (sam, erin, OUTCOMES["sam as erin"]): PER_KIND,
            (sam, ivy, OUTCOMES["sam as ivy"]): PER_KIND,
        }
    )


def short_pool_timeout(api: Api) -> None:
    # An impersonated request must give its connection back before the audit write takes
    # one; if it ever held both again, a full pool would deadlock. A deadlock never clears, so
    # 15 s (not the default 30) tells it apart from a slow machine.
    api.engine.pool._timeout = 15  # type: ignore[attr-defined]


async def test_sixty_interleaved_requests_each_get_their_own_answer(api: Api) -> None:
    expected = await expected_answers(api)
    short_pool_timeout(api)
    await interleave(api, expected, in_flight=None)


async def test_interleaved_requests_within_the_pool_each_get_their_own_answer(
    api: Api,
) -> None:
    """The same 60 requests, interleaved, with at most 7 in flight."""
    expected = await expected_answers(api)
    await interleave(api, expected, in_flight=7)


async def test_as_many_concurrent_impersonations_as_the_pool_holds_are_served(
    api: Api,
) -> None:
    """The smallest reproduction: 15 concurrent impersonated requests (pool 5 + 10)."""
    await api.id_of(SAM)
    ivy = await api.id_of(IVY)
    short_pool_timeout(api)
    size = api.engine.pool.size() + api.engine.pool._max_overflow  # type: ignore[attr-defined]
    replies = await asyncio.gather(
        *(api.gql("query P { me { id } }", as_=SAM, impersonate=IVY) for _ in range(size))
    )
    assert [reply.ok() for reply in replies] == [{"me": {"id": ivy}}] * size
    counts = await audit_outcomes(api)
    assert sum(counts.values()) == size
