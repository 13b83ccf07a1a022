"""The GraphQL endpoint: builds each operation's context and closes what it opened."""

import contextvars
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.http.async_base_view import AsyncHTTPRequestAdapter
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from db.enums import EmployeeStatus
from db.models import Employee
from db.types import utcnow
from permissions.viewer import Viewer
from resolvers.context import Context
from resolvers.database import RequestDatabase
from schema.build import ViewasSchema
from viewas.auth import InvalidToken, TokenService

# The contexts one HTTP request opened, so their sessions are closed whatever happens.
_opened: contextvars.ContextVar[list[Context]] = contextvars.ContextVar("viewas_opened")


class ViewasGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with viewas's context: one session and one viewer per
    operation, and for a batch one context per entry so no entry sees another's state."""

    def __init__(
        self,
        schema: ViewasSchema,
        *,
        sessions: async_sessionmaker[AsyncSession],
        tokens: TokenService,
        consent_max_hours: int,
        graphiql: bool,
    ) -> None:
        # No subscriptions in this product: the WebSocket protocols stay off.
        super().__init__(
            schema, graphql_ide="graphiql" if graphiql else None, subscription_protocols=()
        )
        self._sessions = sessions
        self._tokens = tokens
        self._consent_max_hours = consent_max_hours
        self._graphiql_page = resources.files("viewas").joinpath("static/graphiql.html").read_text()

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(self._graphiql_page)

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        token = _opened.set([])
        try:
            return await super().run(request, context, root_value)
        finally:
            for opened in _opened.get():
                await opened.db.session.close()
            _opened.reset(token)

    async def get_context(self, request: Any, response: Any) -> Context:
        session = self._sessions()
        context = Context(
            db=RequestDatabase(session),
            now=utcnow(),
            request=request,
            response=response,
            consent_max_hours=self._consent_max_hours,
        )
        _opened.get().append(context)
        await self._authenticate(context, request.headers.get("authorization"))
        return context

    async def _authenticate(self, context: Context, authorization: str | None) -> None:
        if authorization is None:
            return
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            context.auth_error = "Use `Authorization: Bearer <token>`."
            return
        try:
            claims = await self._tokens.verify(token.strip())
        except InvalidToken as error:
            context.auth_error = str(error)
            return
        employee = await context.db.first(select(Employee).where(Employee.id == claims.employee_id))
        if employee is None or employee.status is not EmployeeStatus.ACTIVE:
            context.auth_error = "This account cannot sign in."
            return
        context.viewer = Viewer.of(employee)

    async def execute_operation(
        self,
        request: Any,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Any,
    ) -> Any:
        if not isinstance(request_data, list):
            return await super().execute_operation(
                request, request_adapter, request_data, context, root_value, sub_response
            )
        # Batched entries run one after another, each with a context of its own: a shared
        # context would share a session, loaders and the impersonation decision.
        results: list[ExecutionResult] = []
        for entry in request_data:
            entry_context = await self.get_context(request, response=sub_response)
            entry_context.single_operation = False
            results.append(
                await self.execute_single(
                    request=request,
                    request_adapter=request_adapter,
                    sub_response=sub_response,
                    context=entry_context,
                    root_value=root_value,
                    request_data=entry,
                )
            )
        return results
