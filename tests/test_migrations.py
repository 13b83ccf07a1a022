"""The migrations build exactly the schema db/models.py describes, on SQLite and PostgreSQL."""

import os
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import SQLModel

from db.engine import create_engine
from db.migrations import alembic_config, downgrade, pending_differences, upgrade

MODEL_TABLES = set(SQLModel.metadata.tables)


async def table_names(engine: AsyncEngine) -> set[str]:
    def names(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    async with engine.connect() as connection:
        return await connection.run_sync(names)


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'viewas.db'}")
    yield engine
    await engine.dispose()


@pytest.fixture
async def postgres_engine() -> AsyncIterator[AsyncEngine]:
    """An engine on a brand-new database, dropped afterwards."""
    url = os.environ.get("VIEWAS_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("VIEWAS_TEST_POSTGRES_URL is not set")
    # CREATE/DROP DATABASE cannot run inside a transaction.
    server = create_async_engine(url, isolation_level="AUTOCOMMIT", connect_args={"timeout": 5})
    name = f"viewas_test_migrations_{uuid4().hex[:12]}"
    try:
        try:
            async with server.connect() as connection:
                await connection.exec_driver_sql("SELECT 1")
        except (OSError, TimeoutError, DBAPIError) as error:
            pytest.skip(f"PostgreSQL at {make_url(url)!r} is unreachable: {error}")
        async with server.connect() as connection:
            await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine = create_engine(make_url(url).set(database=name).render_as_string(False))
        try:
            yield engine
        finally:
            await engine.dispose()
            async with server.connect() as connection:
                await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        await server.dispose()


def test_one_head() -> None:
    # Two heads would mean two migrations revising the same parent: "upgrade head" refuses.
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


async def test_sqlite_migrations_match_models(sqlite_engine: AsyncEngine) -> None:
    await upgrade(sqlite_engine)

    assert await table_names(sqlite_engine) >= MODEL_TABLES
    assert await pending_differences(sqlite_engine) == []


@pytest.mark.postgres
async def test_postgres_migrations_match_models(postgres_engine: AsyncEngine) -> None:
    await upgrade(postgres_engine)

    assert await table_names(postgres_engine) >= MODEL_TABLES
    assert await pending_differences(postgres_engine) == []


async def test_sqlite_downgrade_then_upgrade(sqlite_engine: AsyncEngine) -> None:
    await upgrade(sqlite_engine)
    await downgrade(sqlite_engine, "base")

    assert MODEL_TABLES.isdisjoint(await table_names(sqlite_engine))

    await upgrade(sqlite_engine)

    assert await table_names(sqlite_engine) >= MODEL_TABLES
    assert await pending_differences(sqlite_engine) == []
