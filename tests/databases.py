"""Test databases: one migrated and seeded template per run, a fresh copy per test.

SQLite by default. Set ``VIEWAS_TEST_DATABASE_URL`` to a PostgreSQL URL to run the whole
suite there instead: that database becomes the template, and each test gets its own
``CREATE DATABASE ... TEMPLATE`` copy, dropped afterwards.
"""

import itertools
import os
import shutil
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from db.engine import create_engine, is_sqlite, session_factory
from db.migrations import upgrade
from db.seed_demo import seed_demo

_counter = itertools.count()


def configured_url() -> str | None:
    return os.environ.get("VIEWAS_TEST_DATABASE_URL") or None


async def build_template(url: str) -> None:
    """Migrate and seed the demo data once."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session:
            await seed_demo(session)
    finally:
        await engine.dispose()


class TemplateDatabases:
    """Hands out fresh copies of the seeded template."""

    def __init__(self, template_url: str, workdir: Path) -> None:
        self.template_url = template_url
        self.workdir = workdir
        self.sqlite = is_sqlite(template_url)

    async def copy(self) -> str:
        n = next(_counter)
        if self.sqlite:
            source = Path(make_url(self.template_url).database or "")
            target = self.workdir / f"test-{n}.db"
            shutil.copyfile(source, target)
            return f"sqlite+aiosqlite:///{target}"
        template = make_url(self.template_url)
        name = f"{template.database}_t{os.getpid()}_{n}"
        await self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"')
        return template.set(database=name).render_as_string(hide_password=False)

    async def drop(self, url: str) -> None:
        if self.sqlite:
            path = Path(make_url(url).database or "")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return
        name = make_url(url).database
        await self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    async def _admin(self, sql: str) -> None:
        server = make_url(self.template_url).set(database="postgres")
        engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.exec_driver_sql(sql)
        finally:
            await engine.dispose()
