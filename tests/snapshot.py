"""The whole database as plain rows: proof that a refused or rejected mutation wrote nothing."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from tests.client import Api, Reply

Snapshot = dict[str, list[tuple[Any, ...]]]


async def snapshot(engine: AsyncEngine) -> Snapshot:
    """Every row of every table of the data model, each table ordered by primary key."""
    tables: Snapshot = {}
    async with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            result = await connection.execute(select(table).order_by(*table.primary_key.columns))
            tables[table.name] = [tuple(row) for row in result]
    return tables


async def refused(
    api: Api,
    code: str,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    as_: str,
) -> Reply:
    """Send a mutation that must fail with ``code``, and prove the database did not change."""
    before = await snapshot(api.engine)
    reply = await api.gql(query, variables, as_=as_)
    assert reply.codes == [code], reply.body
    assert reply.data is None, reply.body
    assert await snapshot(api.engine) == before, "a refused mutation changed the database"
    return reply
