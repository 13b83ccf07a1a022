"""Impersonation is read-only: no mutation writes anything, whatever the document looks like.

- Property: hypothesis-graphql mutation documents over the whole schema (arguments naming
  real rows, several mutations merged under aliases), sent by sam impersonating erin (who
  consented) and ivy (INVITED, no consent needed), leave every table as it was except
  `impersonation_events`, which gains exactly the one audit row saying the mutation was
  refused; the answer is IMPERSONATION_READ_ONLY (or a validation error for a document
  invalid as sent) and no data.
- Hand-written adversarial documents: aliases, fragments on Mutation, a query and a mutation
  picked by operationName, two mutations, a batch mixing a query and a mutation, a mutation
  over GET or as a multipart upload, directives, variables.
- Defence in depth: the read-only session itself (`db.engine.open_read_only_session`)
  refuses writes through the ORM and through Core statements, and the connection it used
  goes back to the pool writable.
"""

import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import graphql
import pytest
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from sqlalchemy import delete, insert, select, update

from db.engine import open_read_only_session, session_factory
from db.models import Goal, ImpersonationEvent, PrivateNote
from db.seed_demo import demo_id
from tests.client import Api
from tests.people import IVY
from tests.sensitive_oracle import (
    ERIN,
    SAM,
    argument_values,
    check_property,
    documents,
    generation_sdl,
    grant_consents,
)
from tests.snapshot import snapshot

SUBJECTS = [ERIN, IVY]
MUTATION_SDL = generation_sdl()
READ_ONLY = "IMPERSONATION_READ_ONLY"
AUDIT = "impersonation_events"
# Errors a document can get before it is executed at all (nothing to refuse then).
INVALID_AS_SENT = {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}


def without_audit(tables: dict[str, Any]) -> dict[str, Any]:
    return {name: rows for name, rows in tables.items() if name != AUDIT}


async def events(api: Api) -> list[ImpersonationEvent]:
    async with session_factory(api.engine)() as session:
        found = await session.scalars(select(ImpersonationEvent).order_by(ImpersonationEvent.at))
        return list(found.all())


async def mutation_scalars(api: Api) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    scalars = await argument_values(api)
    for name in ("PageSize", "EmployeeCursor", "GoalCursor", "EventCursor"):
        scalars.pop(name)  # retyped query arguments; the mutation SDL has plain ones
    scalars["Date"] = st.dates().map(lambda day: nodes.String(day.isoformat()))
    return scalars


@pytest.mark.parametrize("subject", SUBJECTS, ids=["erin", "ivy"])
async def test_no_mutation_document_writes_anything_under_impersonation(
    api: Api, subject: str
) -> None:
    await grant_consents(api)
    sam_id, subject_id = await api.id_of(SAM), await api.id_of(subject)
    scalars = await mutation_scalars(api)

    async def check(document: str) -> list[str]:
        before = await snapshot(api.engine)
        audited = {e.id for e in await events(api)}
        reply = await api.gql(document, as_=SAM, impersonate=subject)
        after = await snapshot(api.engine)
        context = f"document:\n{document}\nanswer: {json.dumps(reply.body)}"
        assert without_audit(after) == without_audit(before), "WROTE SOMETHING\n" + context
        assert reply.data is None, context
        codes = set(reply.codes)
        assert codes == {READ_ONLY} or (codes and codes <= INVALID_AS_SENT), context
        if codes == {READ_ONLY}:
            assert len(reply.errors) == 1 and reply.status == 403, context
        # The audit log says it, once.
        new = [e for e in await events(api) if e.id not in audited]
        assert len(new) == 1, context
        (event,) = new
        assert (event.actor_id, event.subject_id) == (sam_id, subject_id), context
        assert (event.operation_type, event.outcome.value) == ("mutation", "REFUSED_MUTATION")
        assert event.document_hash == hashlib.sha256(document.encode()).hexdigest()
        fields = [
            s.name.value
            for s in graphql.parse(document).definitions[0].selection_set.selections  # type: ignore[attr-defined]
        ]
        return [*sorted(set(fields)), f"{len(fields)} root fields", " ".join(sorted(codes))]

    await check_property(
        documents(MUTATION_SDL, scalars, operation="mutation"), check, key=f"read-only {subject}"
    )


async def post(api: Api, subject: str | None, payload: Any) -> tuple[int, Any]:
    """POST a payload (a batch when a list) as sam, impersonating ``subject`` if given."""
    headers = await api.headers(SAM, subject)
    response = await api.http.post("/graphql", json=payload, headers=headers)
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, response.text


def codes_of(body: Any) -> list[str]:
    return [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]


NOTE = 'createPrivateNote(body: "written while impersonating") { id body }'
GOAL = 'createGoal(input: {title: "written while impersonating", visibility: PUBLIC}) { id }'
SKIPPED = 'createPrivateNote(body: "written while impersonating") @skip(if: true) { id }'

# (name, payload, what the answer may be): "refused" = one IMPERSONATION_READ_ONLY error and
# no data; "rejected" = another error answer, no data (the document cannot run as sent);
# "served" = the query's data. Several operations and no operationName: the GraphQL spec
# asks for a request error; this app runs the first operation instead (graphql-core 3.3
# through strawberry), which is safe as long as a first mutation is refused.
ADVERSARIAL: list[tuple[str, Any, str]] = [
    ("plain", {"query": f"mutation {{ {NOTE} }}"}, "refused"),
    ("aliases", {"query": f"mutation {{ a: {NOTE} b: {GOAL} c: {NOTE} }}"}, "refused"),
    (
        "named fragment on Mutation",
        {"query": f"mutation {{ ...Write }} fragment Write on Mutation {{ {NOTE} }}"},
        "refused",
    ),
    ("inline fragment", {"query": f"mutation {{ ... on Mutation {{ {NOTE} }} }}"}, "refused"),
    (
        "nested fragments",
        {
            "query": "mutation { ...A } fragment A on Mutation { ...B } "
            f"fragment B on Mutation {{ x: {NOTE} }}"
        },
        "refused",
    ),
    ("typename only", {"query": "mutation { __typename }"}, "refused"),
    (
        "skipped field",
        {"query": f"mutation {{ {NOTE.replace(' {', ' @skip(if: true) {', 1)} }}"},
        "refused",
    ),
    (
        "variables",
        {
            "query": "mutation($b: String!) { createPrivateNote(body: $b) { id } }",
            "variables": {"b": "written while impersonating"},
        },
        "refused",
    ),
    (
        "operationName picks the mutation",
        {
            "query": f"query Read {{ me {{ id }} }} mutation Write {{ {NOTE} }}",
            "operationName": "Write",
        },
        "refused",
    ),
    (
        "operationName picks the query",
        {
            "query": f"query Read {{ me {{ id }} }} mutation Write {{ {NOTE} }}",
            "operationName": "Read",
        },
        "served",
    ),
    (
        "mutation first, operationName picks it",
        {
            "query": f"mutation Write {{ {NOTE} }} query Read {{ me {{ id }} }}",
            "operationName": "Write",
        },
        "refused",
    ),
    (
        "two mutations, no operationName",
        {"query": f"mutation A {{ {NOTE} }} mutation B {{ {GOAL} }}"},
        "refused rejected",
    ),
    (
        "query and mutation, no operationName",
        {"query": f"query Read {{ me {{ id }} }} mutation Write {{ {NOTE} }}"},
        "served rejected",
    ),
    (
        "mutation and query, no operationName",
        {"query": f"mutation Write {{ {NOTE} }} query Read {{ me {{ id }} }}"},
        "refused rejected",
    ),
    (
        "operationName naming no operation",
        {"query": f"mutation Write {{ {NOTE} }}", "operationName": "Other"},
        "rejected",
    ),
    ("subscription", {"query": f"subscription {{ {NOTE} }}"}, "rejected"),
    (
        "consent revoked by the subject's own hand",
        {"query": "mutation { revokeImpersonationConsent }"},
        "refused",
    ),
    (
        "consent extended",
        {"query": "mutation { grantImpersonationConsent(hours: 168) { expiresAt } }"},
        "refused",
    ),
]


@pytest.mark.parametrize("subject", SUBJECTS, ids=["erin", "ivy"])
@pytest.mark.parametrize(
    ("payload", "expected"), [(p, e) for _, p, e in ADVERSARIAL], ids=[n for n, _, _ in ADVERSARIAL]
)
async def test_adversarial_mutation_documents_are_refused(
    api: Api, subject: str, payload: dict[str, Any], expected: str
) -> None:
    await grant_consents(api)
    before = await snapshot(api.engine)
    status, body = await post(api, subject, payload)
    assert without_audit(await snapshot(api.engine)) == without_audit(before), body
    assert outcome(status, body) in expected.split(), (status, body)


def outcome(status: int, body: Any) -> str:
    if not isinstance(body, dict):
        return "rejected" if status >= 400 else f"HTTP {status} without JSON"
    if codes_of(body) == [READ_ONLY] and body.get("data") is None:
        return "refused" if status == 403 else f"refused with HTTP {status}"
    if body.get("errors"):
        return "rejected" if body.get("data") is None else "data and errors"
    return "served" if status == 200 and body["data"]["me"]["id"] else "?"


@pytest.mark.parametrize("subject", SUBJECTS, ids=["erin", "ivy"])
async def test_a_batch_mixing_a_query_and_mutations_writes_nothing(api: Api, subject: str) -> None:
    await grant_consents(api)
    before = await snapshot(api.engine)
    batch = [
        {"query": "{ me { id } }"},
        {"query": f"mutation {{ {NOTE} }}"},
        {"query": f"mutation Write {{ {GOAL} }} query Read {{ me {{ id }} }}",
         "operationName": "Write"},
        {"query": "{ me { name } }"},
    ]  # fmt: skip
    status, body = await post(api, subject, batch)
    assert without_audit(await snapshot(api.engine)) == without_audit(before), body
    assert isinstance(body, list) and len(body) == 4, (status, body)
    assert body[0]["data"]["me"]["id"] == await api.id_of(subject)
    assert codes_of(body[1]) == [READ_ONLY] and body[1].get("data") is None
    assert codes_of(body[2]) == [READ_ONLY] and body[2].get("data") is None
    assert body[3]["data"]["me"]["name"]
    # Each entry was audited: served, refused, refused, served.
    outcomes = [e.outcome.value for e in await events(api)][-4:]
    assert outcomes == ["SERVED", "REFUSED_MUTATION", "REFUSED_MUTATION", "SERVED"]


@pytest.mark.parametrize("subject", SUBJECTS, ids=["erin", "ivy"])
async def test_a_mutation_over_get_writes_nothing(api: Api, subject: str) -> None:
    await grant_consents(api)
    headers = await api.headers(SAM, subject)
    before = await snapshot(api.engine)
    for params in (
        {"query": f"mutation {{ {NOTE} }}"},
        {"query": f"query Read {{ me {{ id }} }} mutation Write {{ {NOTE} }}",
         "operationName": "Write"},
    ):  # fmt: skip
        response = await api.http.get("/graphql", params=params, headers=headers)
        assert response.status_code >= 400, response.text
    assert without_audit(await snapshot(api.engine)) == without_audit(before)


@pytest.mark.parametrize("subject", SUBJECTS, ids=["erin", "ivy"])
async def test_a_mutation_as_a_multipart_upload_writes_nothing(api: Api, subject: str) -> None:
    await grant_consents(api)
    headers = await api.headers(SAM, subject)
    before = await snapshot(api.engine)
    response = await api.http.post(
        "/graphql",
        data={"operations": json.dumps({"query": f"mutation {{ {NOTE} }}"}), "map": "{}"},
        files={"0": ("a.txt", b"x", "text/plain")},
        headers=headers,
    )
    assert response.status_code >= 400 or READ_ONLY in response.text, response.text
    assert without_audit(await snapshot(api.engine)) == without_audit(before)


async def test_the_same_documents_do_write_without_impersonation(api: Api) -> None:
    """Not vacuous: the aliases document, sent by sam for himself, writes."""
    before = await snapshot(api.engine)
    status, body = await post(api, None, {"query": f"mutation {{ a: {NOTE} b: {GOAL} }}"})
    assert status == 200 and not body.get("errors"), body
    after = await snapshot(api.engine)
    assert len(after["private_notes"]) == len(before["private_notes"]) + 1
    assert len(after["goals"]) == len(before["goals"]) + 1


def a_note(company: str, author: str) -> PrivateNote:
    return PrivateNote(
        id=str(uuid.uuid4()),
        company_id=company,
        author_id=author,
        body="written through the read-only session",
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
    )


async def test_the_read_only_session_refuses_writes(api: Api) -> None:
    company, author = demo_id("company", "Acme"), await api.id_of(ERIN)
    before = await snapshot(api.engine)
    goal = demo_id("goal", f"{ERIN}:Ship the self-serve billing portal")
    attempts = [
        ("ORM add + commit", None),
        ("Core insert", insert(PrivateNote).values(**a_note(company, author).model_dump())),
        ("Core update", update(PrivateNote).values(body="rewritten")),
        ("Core delete", delete(PrivateNote)),
        ("Core update of a goal", update(Goal).values(title="x").where(Goal.id == goal)),
    ]  # fmt: skip
    for name, statement in attempts:
        session, close = await open_read_only_session(api.engine)
        try:
            with pytest.raises(Exception) as refused:
                if statement is None:
                    session.add(a_note(company, author))
                    await session.commit()
                else:
                    await session.execute(statement)
                    await session.commit()
            message = str(refused.value).lower()
            assert "read" in message and ("only" in message or "readonly" in message), (
                name,
                refused.value,
            )
        finally:
            await close()
        assert await snapshot(api.engine) == before, f"{name} wrote through the read-only session"

    # The connection went back to the pool writable: an ordinary session still writes.
    async with session_factory(api.engine)() as session:
        session.add(a_note(company, author))
        await session.commit()
    assert len((await snapshot(api.engine))["private_notes"]) == len(before["private_notes"]) + 1
