"""The GraphQL endpoint: builds each operation's context and closes what it opened."""

import contextvars
from importlib import resources
from typing import Any

from cross_web import HTTPException
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLSyntaxError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import col
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.async_base_view import AsyncHTTPRequestAdapter
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from db.engine import open_read_only_session
from db.enums import EmployeeStatus, ImpersonationOutcome
from db.models import Employee
from db.types import utcnow
from permissions.viewer import Viewer
from resolvers.context import Context
from resolvers.database import RequestDatabase
from schema.build import ViewasSchema
from schema.error_codes import PARSE_FAILED
from viewas import impersonation
from viewas.audit import AuditLog
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
        engine: AsyncEngine,
        sessions: async_sessionmaker[AsyncSession],
        tokens: TokenService,
        consent_max_hours: int,
        graphiql: bool,
    ) -> None:
        # No subscriptions in this product: the WebSocket protocols stay off.
        super().__init__(
            schema, graphql_ide="graphiql" if graphiql else None, subscription_protocols=()
        )
        self._engine = engine
        self._sessions = sessions
        self._tokens = tokens
        self._audit = AuditLog(sessions)
        self._consent_max_hours = consent_max_hours
        self._graphiql_page = resources.files("viewas").joinpath("static/graphiql.html").read_text()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as error:
            # Refusals of the request itself (a body that does not parse, an unknown
            # operationName, a mutation over GET) answer in GraphQL's shape too.
            response = JSONResponse(
                {"errors": [{"message": error.reason, "extensions": {"code": "BAD_REQUEST"}}]},
                status_code=error.status_code,
            )
        await response(scope, receive, send)

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        for error in result.errors or []:
            # A syntax error raised by the parser cache escapes the operation's extensions,
            # so ErrorCodes never sees it; it is named here, on its way out.
            if isinstance(error, GraphQLSyntaxError) and not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": PARSE_FAILED}
        return await super().process_result(request, result)

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(self._graphiql_page)

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        token = _opened.set([])
        try:
            return await super().run(request, context, root_value)
        finally:
            for opened in _opened.get():
                await opened.db.close()
                if opened.audit is not None:
                    # Refused before any operation ran (a body that does not parse, too
                    # many batched operations): the attempt is still recorded.
                    opened.audit.outcome = ImpersonationOutcome.DENIED
                    await self._write_audit(opened, query=None, operation_name=None)
            _opened.reset(token)

    async def _write_audit(
        self, context: Context, *, query: str | None, operation_name: str | None
    ) -> None:
        """Record the operation once, after its session gave its connection back: holding
        one connection while waiting for another would deadlock a busy pool."""
        record, context.audit = context.audit, None
        if record is None:
            return
        await context.db.close()
        await self._audit.write(record, query=query, operation_name=operation_name, at=utcnow())

    async def get_context(self, request: Any, response: Any) -> Context:
        context = Context(
            db=RequestDatabase(self._sessions()),
            now=utcnow(),
            request=request,
            response=response,
            consent_max_hours=self._consent_max_hours,
        )
        _opened.get().append(context)
        actor = await self._authenticate(context, request.headers.get("authorization"))
        header = request.headers.getlist(impersonation.HEADER)
        context.impersonation_requested = bool(header)
        if actor is not None and header:
            await impersonation.decide(context, actor, header)
            if context.actor is not None:
                # From here on the operation reads through a session that cannot write.
                await context.db.close()
                context.db = RequestDatabase(*await open_read_only_session(self._engine))
        return context

    async def _authenticate(self, context: Context, authorization: str | None) -> Employee | None:
        if authorization is None or not authorization.strip():
            return None  # no credentials (GraphiQL sends an empty header before one is set)
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            context.auth_error = "Use `Authorization: Bearer <token>`."
            return None
        try:
            claims = await self._tokens.verify(token.strip())
        except InvalidToken as error:
            context.auth_error = str(error)
            return None
        employee = await context.db.first(
            select(Employee).where(col(Employee.id) == claims.employee_id)
        )
        if employee is None or employee.status is not EmployeeStatus.ACTIVE:
            context.auth_error = "This account cannot sign in."
            return None
        context.viewer = Viewer.of(employee)
        return employee

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
        context.audit = None  # the request's own context runs no operation of a batch
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

    async def execute_single(
        self,
        request: Any,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Any,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        context.requested_operation = request_data.operation_name
        if context.audit is None:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        try:
            if context.denial is not None:
                # A refused header never reaches the executor.
                context.audit.outcome = ImpersonationOutcome.DENIED
                if context.single_operation:
                    sub_response.status_code = context.denial.http_status
                denied = GraphQLExecutionResult(data=None, errors=[context.denial])
                return ExecutionResult(data=None, errors=denied.errors)
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        finally:
            await self._write_audit(
                context, query=request_data.query, operation_name=request_data.operation_name
            )
