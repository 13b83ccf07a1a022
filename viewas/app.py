"""The ASGI application, wired explicitly from settings in one factory."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from db.engine import create_engine, session_factory
from schema.build import build_schema
from viewas.auth import TokenService
from viewas.http import ViewasGraphQL
from viewas.settings import Settings

IMPERSONATION_HEADER = "X-Impersonate-Employee"


def graphiql_assets() -> str:
    """GraphiQL and React, installed as a package and served by this service."""
    package = resources.files("graphene_django_graphiql_static")
    return str(package.joinpath("static/graphene_django_graphiql_static"))


def create_app(settings: Settings) -> Starlette:
    engine = create_engine(settings.resolved_database_url)
    tokens = TokenService(settings)
    graphql = ViewasGraphQL(
        build_schema(max_batch_operations=settings.max_batch_operations),
        engine=engine,
        sessions=session_factory(engine),
        tokens=tokens,
        consent_max_hours=settings.consent_max_hours,
        graphiql=settings.graphiql,
    )

    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def home(_request: Request) -> Response:
        return RedirectResponse("/graphql")

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/healthz", health),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Mount("/graphiql/static", StaticFiles(directory=graphiql_assets()), name="graphiql"),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type", IMPERSONATION_HEADER],
                max_age=600,
            )
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.tokens = tokens
    return app
