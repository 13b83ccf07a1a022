"""CI helper: ping a PostgreSQL server, create or drop a database on it."""

import asyncio
import sys

from sqlalchemy.ext.asyncio import create_async_engine


async def main(action: str, server: str, database: str | None = None) -> int:
    engine = create_async_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            if action == "create":
                await connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
            elif action == "drop":
                await connection.exec_driver_sql(
                    f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'
                )
            else:
                await connection.exec_driver_sql("SELECT 1")
    except Exception as error:  # any failure is reported as an exit status
        print(f"postgres {action}: {error}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:])))
