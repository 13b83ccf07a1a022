"""The ``viewas`` command: serve, migrate, seed, mint local tokens, export the schema."""

import asyncio
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.progress import Progress
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlmodel import col

from db.engine import create_engine, session_factory
from db.enums import EmployeeStatus
from db.migrations import upgrade
from db.models import Employee
from schema.build import build_schema
from viewas.app import create_app
from viewas.auth import TokenService
from viewas.logs import configure_logging
from viewas.settings import Settings

cli = typer.Typer(
    help="viewas: a people-platform GraphQL API with safe impersonation.",
    # Tracebacks must not print local variables: settings hold secrets.
    pretty_exceptions_show_locals=False,
)
console = Console(stderr=True)


def _settings() -> Settings:
    return Settings()


async def _migrate(settings: Settings) -> None:
    engine = create_engine(settings.resolved_database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def _seed_demo(settings: Settings) -> bool:
    from db.seed_demo import seed_demo

    engine = create_engine(settings.resolved_database_url)
    try:
        async with session_factory(engine)() as session:
            return await seed_demo(session)
    finally:
        await engine.dispose()


async def _demo_people(settings: Settings) -> list[tuple[str, str, str, str | None]]:
    """(email, who, employee id, token or None for people who cannot sign in)."""
    from db.seed_demo import DEMO_PEOPLE

    tokens = TokenService(settings)
    engine = create_engine(settings.resolved_database_url)
    try:
        async with session_factory(engine)() as session:
            emails = [email for email, _ in DEMO_PEOPLE]
            found = {
                e.email: e
                for e in (
                    await session.scalars(select(Employee).where(col(Employee.email).in_(emails)))
                )
            }
    finally:
        await engine.dispose()
    rows: list[tuple[str, str, str, str | None]] = []
    for email, about in DEMO_PEOPLE:
        employee = found.get(email)
        if employee is not None:
            active = employee.status is EmployeeStatus.ACTIVE
            rows.append((email, about, employee.id, tokens.issue(employee.id) if active else None))
    return rows


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    demo: Annotated[bool, typer.Option(help="Seed the demo company on an empty database.")] = True,
) -> None:
    """Migrate, seed the demo company if the database is empty, print tokens, and serve."""
    settings = _settings()
    configure_logging(settings.log_level, json=settings.log_json)
    asyncio.run(_migrate(settings))
    if demo and asyncio.run(_seed_demo(settings)):
        console.print("[green]Seeded the demo companies Acme and Globex.[/green]")
    host, port = host or settings.host, port or settings.port
    if demo and settings.jwks_url is None:
        people = asyncio.run(_demo_people(settings))
        # Plain, unwrapped lines: ids and tokens must copy from the terminal in one piece.
        console.print("Demo people (X-Impersonate-Employee takes the id):")
        for email, about, employee_id, _ in people:
            console.print(f"  {employee_id}  {email}  ({about})", soft_wrap=True)
        console.print("Tokens (Authorization: Bearer <token>):")
        for email, _, _, token in people:
            if token is not None:
                console.print(f"  {email}\n    {token}", soft_wrap=True)
    console.print(f"GraphiQL: [bold]http://{host}:{port}/graphql[/bold]")
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None)


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    settings = _settings()
    asyncio.run(_migrate(settings))
    shown = make_url(settings.resolved_database_url).render_as_string(hide_password=True)
    console.print(f"Migrated {shown}", soft_wrap=True)


async def _seed_synthetic(settings: Settings, employees: int, company: str) -> str:
    from db.seed_synthetic import seed_synthetic

    engine = create_engine(settings.resolved_database_url)
    try:
        with Progress(console=console) as progress:
            bar = progress.add_task(f"Seeding {company}", total=employees)
            async with session_factory(engine)() as session:
                return await seed_synthetic(
                    session,
                    employees,
                    company_name=company,
                    on_progress=lambda done: progress.update(bar, completed=done),
                )
    finally:
        await engine.dispose()


@cli.command()
def seed(
    demo: Annotated[bool, typer.Option("--demo", help="Seed Acme and Globex.")] = False,
    employees: Annotated[
        int | None, typer.Option("--employees", min=1, help="Seed a synthetic company this big.")
    ] = None,
    company: Annotated[str, typer.Option(help="Name of the synthetic company.")] = "Initech",
) -> None:
    """Seed the demo companies, or a large synthetic one for benchmarks."""
    if not demo and employees is None:
        raise typer.BadParameter("say --demo or --employees N")
    settings = _settings()
    asyncio.run(_migrate(settings))
    if demo:
        wrote = asyncio.run(_seed_demo(settings))
        console.print("Seeded the demo companies." if wrote else "The demo is already there.")
    if employees is not None:
        company_id = asyncio.run(_seed_synthetic(settings, employees, company))
        console.print(f"Seeded {company} ({employees} employees), company id {company_id}.")


async def _token_for(settings: Settings, email: str) -> str:
    engine = create_engine(settings.resolved_database_url)
    try:
        async with session_factory(engine)() as session:
            employee = await session.scalar(
                select(Employee).where(col(Employee.email) == email.strip().lower())
            )
    finally:
        await engine.dispose()
    if employee is None:
        raise typer.BadParameter(f"no employee with email {email}")
    if employee.status.value != "ACTIVE":
        raise typer.BadParameter(f"{email} is {employee.status.value}: only ACTIVE people sign in")
    return TokenService(settings).issue(employee.id)


@cli.command()
def token(email: Annotated[str, typer.Argument(help="The employee's email.")]) -> None:
    """Print a bearer token for an ACTIVE employee (local signing key)."""
    settings = _settings()
    if settings.jwks_url is not None:
        raise typer.BadParameter("tokens come from the identity provider when a JWKS URL is set")
    typer.echo(asyncio.run(_token_for(settings, email)))


@cli.command("export-schema")
def export_schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Print the GraphQL schema (SDL)."""
    sdl = build_schema().as_str() + "\n"
    if output is None:
        typer.echo(sdl, nl=False)
    else:
        output.write_text(sdl)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
