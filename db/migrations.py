"""Run Alembic from the application and the tests, and check that models and migrations agree.

The compare and render options live here so that ``alembic/env.py`` (autogenerate, the CLI)
and :func:`pending_differences` (the tests) judge the schema by the same rules.
"""

from pathlib import Path
from typing import Any

import alembic.command
from alembic.autogenerate import compare_metadata
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.types import TypeDecorator, TypeEngine
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers every table on SQLModel.metadata)

ROOT = Path(__file__).resolve().parents[1]


def _compare_type(
    context: MigrationContext,
    inspected_column: Column[Any],
    metadata_column: Column[Any],
    inspected_type: TypeEngine[Any],
    metadata_type: TypeEngine[Any],
) -> bool | None:
    """Compare a TypeDecorator (UTCDateTime, SQLModel's AutoString) as the type it stores."""
    if not isinstance(metadata_type, TypeDecorator):
        return None
    stored = Column(metadata_column.name, metadata_type.impl_instance)
    return context.impl.compare_type(inspected_column, stored)


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Render a TypeDecorator as its plain ``sa.`` type.

    Migrations must not import application code: they have to keep working after the
    models (and their Python-side conversions) change.
    """
    if type_ == "type" and isinstance(obj, TypeDecorator):
        impl = obj.impl_instance
        if type(impl).__module__.startswith("sqlalchemy.sql."):
            return f"sa.{impl!r}"
    return False


# Shared by env.py and pending_differences: one definition of "no difference".
COMPARE_OPTIONS: dict[str, Any] = {
    "compare_type": _compare_type,
    "render_item": _render_item,
}


def context_options(dialect_name: str) -> dict[str, Any]:
    """Everything ``context.configure`` needs beyond the connection and the metadata."""
    # SQLite cannot ALTER most things in place; batch mode recreates the table instead.
    return {**COMPARE_OPTIONS, "render_as_batch": dialect_name == "sqlite"}


def alembic_config(url: str) -> Config:
    """An Alembic config for this repository, pointed at ``url``."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    # The config is a ConfigParser: a literal "%" (URL-encoded passwords) must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _engine_config(engine: AsyncEngine) -> Config:
    return alembic_config(engine.url.render_as_string(hide_password=False))


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Upgrade the database behind ``engine`` to ``revision``, in one transaction."""
    config = _engine_config(engine)

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        alembic.command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    """Downgrade the database behind ``engine`` to ``revision``, in one transaction."""
    config = _engine_config(engine)

    def run(connection: Connection) -> None:
        config.attributes["connection"] = connection
        alembic.command.downgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def pending_differences(engine: AsyncEngine) -> list[Any]:
    """What autogenerate would still put in a new migration: empty when models and DB agree."""

    def compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(
            connection, opts=context_options(connection.dialect.name)
        )
        return list(compare_metadata(context, SQLModel.metadata))

    async with engine.connect() as connection:
        return await connection.run_sync(compare)
