"""Alembic environment for viewas: async engines, SQLite batch mode, shared compare rules."""

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers every table on SQLModel.metadata)
from db.engine import create_engine, is_sqlite
from db.migrations import context_options

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("VIEWAS_DATABASE_URL")
    if not url:
        raise RuntimeError("no database URL: set VIEWAS_DATABASE_URL or sqlalchemy.url")
    return url


def run_migrations_offline() -> None:
    """Emit the migrations as SQL for the URL's dialect, without connecting."""
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **context_options("sqlite" if is_sqlite(url) else "other"),
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        **context_options(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    # db.engine's engine, so migrations see the same SQLite pragmas as the application.
    connectable = create_engine(_url())
    try:
        async with connectable.connect() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await connectable.dispose()


def run_migrations_online() -> None:
    # A caller already holding a (sync-facing) connection, e.g. db.migrations.upgrade, hands
    # it over so the migration joins its transaction instead of opening a second engine.
    connection = config.attributes.get("connection")
    if connection is None:
        asyncio.run(run_async_migrations())
    else:
        do_run_migrations(connection)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
