"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

Closer = Callable[[], Awaitable[None]]


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An async engine with the per-connection settings each backend needs."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        return engine
    return create_async_engine(url, echo=echo, pool_pre_ping=True)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers run beside the one writer; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def open_read_only_session(engine: AsyncEngine) -> tuple[AsyncSession, Closer]:
    """A session the database itself refuses to write through, and how to close it.

    PostgreSQL: the transaction is ``READ ONLY``. SQLite: ``PRAGMA query_only`` on the
    connection, switched back off before the connection returns to the pool. Defence in
    depth under impersonation: even a resolver that tried to write could not.
    """
    connection = await engine.connect()
    sqlite = connection.dialect.name == "sqlite"
    try:
        if sqlite:
            await connection.exec_driver_sql("PRAGMA query_only=ON")
        else:
            await connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    except BaseException:
        await connection.close()
        raise
    session = AsyncSession(bind=connection, expire_on_commit=False, autoflush=False)

    async def close() -> None:
        try:
            await session.close()
            await connection.rollback()
            if sqlite:
                await connection.exec_driver_sql("PRAGMA query_only=OFF")
                await connection.commit()
        finally:
            await connection.close()

    return session, close
