"""Fixtures: a fresh seeded database per test and the real app in front of it."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, settings

from tests.client import Api
from tests.databases import TemplateDatabases, build_template, configured_url
from viewas.app import create_app
from viewas.settings import Settings

# Hundreds of examples per property in CI (a property over several subjects shares them out,
# never fewer than 15 each), a quick pass locally.
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "dev",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

JWT_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"


@pytest.fixture(scope="session")
async def template(tmp_path_factory: pytest.TempPathFactory) -> TemplateDatabases:
    workdir = tmp_path_factory.mktemp("databases")
    url = configured_url() or f"sqlite+aiosqlite:///{workdir / 'template.db'}"
    await build_template(url)
    return TemplateDatabases(url, workdir)


@pytest.fixture
async def database_url(template: TemplateDatabases) -> AsyncIterator[str]:
    url = await template.copy()
    yield url
    await template.drop(url)


@pytest.fixture
def app_settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        jwt_secret=JWT_SECRET,  # type: ignore[arg-type]
        cors_origins=["http://app.example"],
    )


@pytest.fixture
async def api(app_settings: Settings) -> AsyncIterator[Api]:
    app = create_app(app_settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(app, client)
    await app.state.engine.dispose()
