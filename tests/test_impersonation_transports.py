"""Impersonation over every way a request can arrive: GET, batches, WebSockets, CORS."""

import hashlib
import json
import warnings
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from db.engine import session_factory
from db.enums import ImpersonationOutcome
from db.models import ImpersonationEvent
from tests.client import Api
from tests.people import ADA, IVY, SAM
from tests.snapshot import snapshot

ORIGIN = "http://app.example"

READ = "query Read { me { id email } privateNotes { id } }"
PLAIN = "query Plain { me { id email } }"
WRITE = """mutation Write {
  createGoal(input: { title: "Written while impersonating", visibility: PUBLIC }) { id }
}"""
NOTE = 'mutation Note { createPrivateNote(body: "on their behalf") { id } }'


async def audit_rows(api: Api) -> list[ImpersonationEvent]:
    async with session_factory(api.engine)() as session:
        rows = await session.scalars(
            select(ImpersonationEvent).order_by(ImpersonationEvent.at, ImpersonationEvent.id)
        )
        return list(rows)


async def everything_but_events(api: Api) -> dict[str, Any]:
    tables = await snapshot(api.engine)
    tables.pop("impersonation_events")
    return tables


async def batch(api: Api, entries: list[dict[str, Any]], headers: dict[str, str]) -> httpx.Response:
    return await api.http.post("/graphql", json=entries, headers=headers)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# GET


async def test_a_get_query_under_impersonation_is_served_and_audited(api: Api) -> None:
    headers = await api.headers(SAM, impersonate=IVY)
    before = await audit_rows(api)
    response = await api.http.get(
        "/graphql", params={"query": READ, "operationName": "Read"}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["me"] == {"id": await api.id_of(IVY), "email": IVY}
    assert body["data"]["privateNotes"] is None
    assert body["extensions"]["impersonation"] == {
        "actorId": await api.id_of(SAM),
        "subjectId": await api.id_of(IVY),
        "readOnly": True,
    }
    assert body["extensions"]["redacted"] == [["privateNotes"]]

    after = await audit_rows(api)
    assert len(after) == len(before) + 1
    row = after[-1]
    assert row.outcome is ImpersonationOutcome.SERVED
    assert (row.operation_type, row.operation_name) == ("query", "Read")
    assert row.document_hash == sha256(READ)
    assert (row.actor_id, row.subject_id) == (await api.id_of(SAM), await api.id_of(IVY))


async def test_a_denied_get_is_audited_too(api: Api) -> None:
    headers = await api.headers(ADA, impersonate=IVY)
    before = await audit_rows(api)
    response = await api.http.get("/graphql", params={"query": PLAIN}, headers=headers)
    assert response.status_code == 403
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == [
        "IMPERSONATION_FORBIDDEN"
    ]
    after = await audit_rows(api)
    assert len(after) == len(before) + 1
    assert after[-1].outcome is ImpersonationOutcome.DENIED


@pytest.mark.parametrize("mutation", [WRITE, NOTE])
async def test_a_get_mutation_under_impersonation_writes_nothing_but_its_audit_row(
    api: Api, mutation: str
) -> None:
    headers = await api.headers(SAM, impersonate=IVY)
    before_rows = await audit_rows(api)
    before = await everything_but_events(api)
    response = await api.http.get("/graphql", params={"query": mutation}, headers=headers)
    assert response.status_code in (400, 405), response.text
    assert "Written while impersonating" not in response.text
    assert await everything_but_events(api) == before

    after_rows = await audit_rows(api)
    assert len(after_rows) == len(before_rows) + 1
    row = after_rows[-1]
    assert row.operation_type == "mutation"
    assert row.outcome is ImpersonationOutcome.REFUSED_MUTATION
    assert row.document_hash == sha256(mutation)


async def test_a_get_mutation_picked_by_operation_name_is_refused_too(api: Api) -> None:
    document = f"{PLAIN}\n{WRITE}"
    headers = await api.headers(SAM, impersonate=IVY)
    before = await everything_but_events(api)
    response = await api.http.get(
        "/graphql", params={"query": document, "operationName": "Write"}, headers=headers
    )
    assert response.status_code in (400, 405), response.text
    assert await everything_but_events(api) == before
    row = (await audit_rows(api))[-1]
    assert (row.operation_type, row.operation_name) == ("mutation", "Write")
    assert row.outcome is ImpersonationOutcome.REFUSED_MUTATION


# batches


async def test_each_batch_entry_is_judged_alone(api: Api) -> None:
    headers = await api.headers(SAM, impersonate=IVY)
    sam, ivy = await api.id_of(SAM), await api.id_of(IVY)
    before_rows = await audit_rows(api)
    before = await everything_but_events(api)

    response = await batch(
        api,
        [{"query": READ}, {"query": WRITE}, {"query": PLAIN}, {"query": NOTE}],
        headers,
    )
    assert response.status_code == 200, response.text
    read, write, plain, note = response.json()

    impersonation = {"actorId": sam, "subjectId": ivy, "readOnly": True}
    assert read["data"] == {"me": {"id": ivy, "email": IVY}, "privateNotes": None}
    assert "errors" not in read
    assert read["extensions"]["impersonation"] == impersonation
    assert read["extensions"]["redacted"] == [["privateNotes"]]
    # Its own extensions: nothing of the first entry's redactions.
    assert plain["data"] == {"me": {"id": ivy, "email": IVY}}
    assert plain["extensions"] == {"impersonation": impersonation, "redacted": []}
    for refused in (write, note):
        assert refused["data"] is None
        assert [e["extensions"]["code"] for e in refused["errors"]] == ["IMPERSONATION_READ_ONLY"]

    assert await everything_but_events(api) == before, "a batch under impersonation wrote"
    rows = (await audit_rows(api))[len(before_rows) :]
    assert [(r.operation_type, r.operation_name, r.outcome) for r in rows] == [
        ("query", "Read", ImpersonationOutcome.SERVED),
        ("mutation", "Write", ImpersonationOutcome.REFUSED_MUTATION),
        ("query", "Plain", ImpersonationOutcome.SERVED),
        ("mutation", "Note", ImpersonationOutcome.REFUSED_MUTATION),
    ]
    assert [r.document_hash for r in rows] == [sha256(q) for q in (READ, WRITE, PLAIN, NOTE)]
    assert all((r.actor_id, r.subject_id) == (sam, ivy) for r in rows)


async def test_batch_entries_choose_their_own_operation(api: Api) -> None:
    document = f"{READ}\n{PLAIN}\n{WRITE}"
    headers = await api.headers(SAM, impersonate=IVY)
    ivy = await api.id_of(IVY)
    before_rows = await audit_rows(api)
    before = await everything_but_events(api)

    response = await batch(
        api,
        [
            {"query": document, "operationName": "Plain"},
            {"query": document, "operationName": "Write"},
            {"query": document, "operationName": "Read"},
        ],
        headers,
    )
    assert response.status_code == 200, response.text
    plain, write, read = response.json()
    assert plain["data"] == {"me": {"id": ivy, "email": IVY}}
    assert plain["extensions"]["redacted"] == []
    assert write["data"] is None
    assert [e["extensions"]["code"] for e in write["errors"]] == ["IMPERSONATION_READ_ONLY"]
    assert read["data"] == {"me": {"id": ivy, "email": IVY}, "privateNotes": None}
    assert read["extensions"]["redacted"] == [["privateNotes"]]

    assert await everything_but_events(api) == before
    rows = (await audit_rows(api))[len(before_rows) :]
    assert [(r.operation_type, r.operation_name, r.outcome) for r in rows] == [
        ("query", "Plain", ImpersonationOutcome.SERVED),
        ("mutation", "Write", ImpersonationOutcome.REFUSED_MUTATION),
        ("query", "Read", ImpersonationOutcome.SERVED),
    ]
    assert {r.document_hash for r in rows} == {sha256(document)}


async def test_a_denied_header_denies_every_batch_entry_and_audits_each(api: Api) -> None:
    headers = await api.headers(ADA, impersonate=IVY)
    before_rows = await audit_rows(api)
    before = await everything_but_events(api)
    response = await batch(api, [{"query": PLAIN}, {"query": WRITE}], headers)
    answers = response.json()
    assert len(answers) == 2
    for answer in answers:
        assert answer["data"] is None
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["IMPERSONATION_FORBIDDEN"]
    assert await everything_but_events(api) == before
    rows = (await audit_rows(api))[len(before_rows) :]
    assert [(r.operation_type, r.outcome) for r in rows] == [
        ("query", ImpersonationOutcome.DENIED),
        ("mutation", ImpersonationOutcome.DENIED),
    ]


async def test_a_batch_without_the_header_is_not_audited(api: Api) -> None:
    before_rows = await audit_rows(api)
    response = await batch(api, [{"query": PLAIN}, {"query": PLAIN}], await api.headers(SAM))
    assert response.status_code == 200
    for answer in response.json():
        assert answer["data"]["me"]["email"] == SAM
        assert "impersonation" not in (answer.get("extensions") or {})
    assert await audit_rows(api) == before_rows


@pytest.mark.parametrize("actor", [SAM, ADA])
@pytest.mark.parametrize("case", ["oversized-batch", "not-json", "variables-not-an-object"])
async def test_a_request_refused_while_parsing_is_audited_all_the_same(
    api: Api, case: str, actor: str
) -> None:
    headers = await api.headers(actor, impersonate=IVY)
    before_rows = await audit_rows(api)
    before = await everything_but_events(api)
    if case == "oversized-batch":
        response = await batch(api, [{"query": WRITE}] * 11, headers)
    elif case == "not-json":
        response = await api.http.post(
            "/graphql",
            content=b'{"query": "query Plain { me { id } }"',
            headers={**headers, "Content-Type": "application/json"},
        )
    else:
        response = await api.http.post(
            "/graphql", json={"query": PLAIN, "variables": [1]}, headers=headers
        )
    assert response.status_code == 400, response.text
    assert await everything_but_events(api) == before
    assert len(await audit_rows(api)) > len(before_rows), "a refused request left no trace"


# WebSockets


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
async def test_the_websocket_endpoint_takes_no_subscription_protocol(
    api: Api, protocol: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's notice about httpx in the test client
        from starlette.testclient import TestClient

    headers = await api.headers(SAM, impersonate=IVY)
    # Not entered as a context manager: the app's lifespan (which disposes the engine the
    # fixture owns) stays out of it.
    client = TestClient(api.app)
    connected = False
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect("/graphql", subprotocols=[protocol], headers=headers),
    ):
        connected = True
    assert not connected, "a GraphQL WebSocket protocol was accepted"
    # The app still answers over HTTP afterwards.
    assert (await api.gql(PLAIN, as_=SAM)).ok()["me"]["email"] == SAM


# CORS


PREFLIGHT_HEADERS = "authorization, x-impersonate-employee, content-type"


async def test_the_app_origin_may_send_the_impersonation_header(api: Api) -> None:
    response = await api.http.options(
        "/graphql",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": PREFLIGHT_HEADERS,
        },
    )
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == ORIGIN
    allowed = {
        h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")
    }
    assert {"authorization", "x-impersonate-employee", "content-type"} <= allowed
    assert "POST" in response.headers["access-control-allow-methods"]


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "https://app.example", "http://app.example.evil.test"]
)
async def test_another_origin_may_not(api: Api, origin: str) -> None:
    response = await api.http.options(
        "/graphql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": PREFLIGHT_HEADERS,
        },
    )
    assert response.status_code >= 400
    assert response.headers.get("access-control-allow-origin") not in (origin, "*")


async def test_a_cross_origin_answer_is_not_shared_with_another_origin(api: Api) -> None:
    headers = {**(await api.headers(SAM, impersonate=IVY)), "Origin": "http://evil.example"}
    response = await api.http.post("/graphql", json={"query": PLAIN}, headers=headers)
    assert "access-control-allow-origin" not in response.headers
    allowed = {**(await api.headers(SAM, impersonate=IVY)), "Origin": ORIGIN}
    response = await api.http.post("/graphql", json={"query": PLAIN}, headers=allowed)
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert json.loads(response.text)["data"]["me"]["email"] == IVY
