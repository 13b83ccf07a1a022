"""Errors: a code on every one, the right HTTP status, and nothing internal leaked."""

import logging

import pytest
from sqlalchemy import text

from tests.client import Api
from tests.people import ERIN
from tests.snapshot import snapshot


async def test_a_syntax_error_is_named(api: Api) -> None:
    reply = await api.gql("{ me { name }", as_=ERIN)
    assert reply.status == 200
    assert reply.codes == ["GRAPHQL_PARSE_FAILED"]


async def test_an_invalid_document_is_named(api: Api) -> None:
    reply = await api.gql("{ me { salary } }", as_=ERIN)
    assert reply.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert reply.data is None


async def test_a_variable_of_the_wrong_type_is_bad_user_input(api: Api) -> None:
    reply = await api.gql(
        "query ($n: Int!) { employees(first: $n) { totalCount } }", {"n": "ten"}, as_=ERIN
    )
    assert reply.codes == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("first", [-1, 501])
async def test_page_sizes_are_bounded(api: Api, first: int) -> None:
    reply = await api.gql(
        "query ($n: Int!) { employees(first: $n) { totalCount } }", {"n": first}, as_=ERIN
    )
    assert reply.codes == ["BAD_USER_INPUT"]


async def test_an_unexpected_failure_is_masked_and_logged(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    async with api.engine.begin() as connection:
        await connection.execute(text("DROP TABLE meeting_notes"))
    with caplog.at_level(logging.ERROR, logger="viewas.errors"):
        reply = await api.gql("{ meetings { title notes { body } } }", as_=ERIN)
    assert reply.status == 200
    assert reply.codes == ["INTERNAL_SERVER_ERROR"]
    assert [e["message"] for e in reply.errors] == ["Internal server error."]
    assert "meeting_notes" not in str(reply.body)
    # The server keeps the whole story.
    assert any("meeting_notes" in str(r.exc_info) for r in caplog.records if r.exc_info)


async def test_a_body_that_is_not_json_is_a_bad_request(api: Api) -> None:
    response = await api.http.post(
        "/graphql",
        content=b"{not json",
        headers={"Content-Type": "application/json", **(await api.headers(ERIN))},
    )
    assert response.status_code == 400


async def test_a_mutation_over_get_is_refused_and_writes_nothing(api: Api) -> None:
    before = await snapshot(api.engine)
    response = await api.http.get(
        "/graphql",
        params={"query": 'mutation { createPrivateNote(body: "x") { id } }'},
        headers=await api.headers(ERIN),
    )
    assert response.status_code in (400, 405)
    assert await snapshot(api.engine) == before


async def test_queries_work_over_get(api: Api) -> None:
    response = await api.http.get(
        "/graphql", params={"query": "{ me { email } }"}, headers=await api.headers(ERIN)
    )
    assert response.status_code == 200
    assert response.json()["data"] == {"me": {"email": ERIN}}


async def test_too_many_batched_operations_are_refused(api: Api) -> None:
    response = await api.http.post(
        "/graphql", json=[{"query": "{ me { id } }"}] * 11, headers=await api.headers(ERIN)
    )
    assert response.status_code == 400


async def test_batched_operations_each_get_their_answer(api: Api) -> None:
    response = await api.http.post(
        "/graphql",
        json=[{"query": "{ me { email } }"}, {"query": "{ me { nope } }"}],
        headers=await api.headers(ERIN),
    )
    assert response.status_code == 200
    first, second = response.json()
    assert first["data"] == {"me": {"email": ERIN}}
    assert second["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_websockets_are_off(api: Api) -> None:
    """No subscriptions in this product, so no second transport to secure."""
    response = await api.http.get(
        "/graphql",
        headers={
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Protocol": "graphql-transport-ws",
        },
    )
    assert response.status_code != 101


async def test_a_failure_beside_running_siblings_is_masked_and_leaves_the_pool_healthy(
    api: Api,
) -> None:
    """A non-null field failing makes the executor cancel its siblings, some of them
    mid-query; the answer must still be a masked error, and the next request must work."""
    async with api.engine.begin() as connection:
        await connection.execute(text("ALTER TABLE review_cycles RENAME TO cycles_gone"))
    document = """{
      assessments { cycle { name } }
      employees(first: 50) { nodes { goals { title } reports { name } manager { name } } }
      goals(first: 50) { nodes { owner { name team { name } } } }
      meetings { participants { name } }
    }"""
    for _ in range(5):
        reply = await api.gql(document, as_="sam.super@acme.test")
        assert reply.status == 200
        assert "INTERNAL_SERVER_ERROR" in reply.codes
        assert "review_cycles" not in str(reply.body)
    after = await api.gql("{ me { email } }", as_=ERIN)
    assert after.ok() == {"me": {"email": ERIN}}


async def test_an_unknown_operation_name_is_answered_in_graphql_shape(api: Api) -> None:
    response = await api.http.post(
        "/graphql",
        json={"query": "query A { me { email } }", "operationName": "Nope"},
        headers=await api.headers(ERIN),
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_several_operations_need_an_operation_name(api: Api) -> None:
    reply = await api.gql("query A { me { name } } query B { me { email } }", as_=ERIN)
    assert reply.data is None
    assert reply.codes == ["BAD_USER_INPUT"]
    chosen = await api.gql(
        "query A { me { name } } query B { me { email } }", as_=ERIN, operation_name="B"
    )
    assert chosen.ok() == {"me": {"email": ERIN}}
