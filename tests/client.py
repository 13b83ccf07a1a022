"""Talking to the real ASGI app the way the single-page app and GraphiQL do."""

from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from db.engine import session_factory
from db.models import Employee

IMPERSONATE = "X-Impersonate-Employee"


@dataclass
class Reply:
    """One HTTP answer to a GraphQL request."""

    status: int
    body: Any
    headers: httpx.Headers

    @property
    def data(self) -> Any:
        return self.body.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.body.get("errors") or []

    @property
    def codes(self) -> list[str | None]:
        return [(e.get("extensions") or {}).get("code") for e in self.errors]

    @property
    def extensions(self) -> dict[str, Any]:
        return self.body.get("extensions") or {}

    def ok(self) -> Any:
        """The data, after asserting there were no errors."""
        assert self.status == 200, (self.status, self.body)
        assert not self.errors, self.errors
        return self.data


@dataclass
class StatementCounter:
    """Counts the SQL statements the app sends, to prove lists load in constant queries."""

    count: int = 0
    statements: list[str] = field(default_factory=list)

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.count += 1
        self.statements.append(statement)


class Api:
    """The app under test, with helpers to sign in as anyone by email."""

    def __init__(self, app: Starlette, client: httpx.AsyncClient) -> None:
        self.app = app
        self.http = client
        self.engine: AsyncEngine = app.state.engine
        self._ids: dict[str, str] = {}

    async def id_of(self, email: str) -> str:
        if email not in self._ids:
            async with session_factory(self.engine)() as session:
                found = await session.scalar(select(Employee.id).where(Employee.email == email))
            assert found is not None, f"no employee {email}"
            self._ids[email] = found
        return self._ids[email]

    async def token(self, email: str) -> str:
        return str(self.app.state.tokens.issue(await self.id_of(email)))

    async def headers(self, as_: str | None, impersonate: str | None = None) -> dict[str, str]:
        headers: dict[str, str] = {}
        if as_ is not None:
            headers["Authorization"] = f"Bearer {await self.token(as_)}"
        if impersonate is not None:
            headers[IMPERSONATE] = await self.id_of(impersonate)
        return headers

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        as_: str | None = None,
        impersonate: str | None = None,
        headers: dict[str, str] | None = None,
        operation_name: str | None = None,
    ) -> Reply:
        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        if operation_name is not None:
            payload["operationName"] = operation_name
        sent = {**(await self.headers(as_, impersonate)), **(headers or {})}
        response = await self.http.post("/graphql", json=payload, headers=sent)
        return Reply(response.status_code, response.json(), response.headers)

    def count_statements(self) -> StatementCounter:
        counter = StatementCounter()
        event.listen(self.engine.sync_engine, "before_cursor_execute", counter)
        return counter

    def stop_counting(self, counter: StatementCounter) -> None:
        event.remove(self.engine.sync_engine, "before_cursor_execute", counter)
