"""The `viewas` command, as an operator uses it: on a fresh data directory."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from viewas.cli import cli

SECRET = "cli-test-secret-cli-test-secret-0123456789"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {"VIEWAS_DATA_DIR": str(tmp_path), "VIEWAS_JWT_SECRET": SECRET}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("VIEWAS_DATABASE_URL", raising=False)
    return values


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_seed_is_idempotent_and_tokens_work_only_for_active_people(env: dict[str, str]) -> None:
    assert "Seeded the demo companies." in run("seed", "--demo")
    assert "already there" in run("seed", "--demo")
    token = run("token", "erin.employee@acme.test").strip()
    assert re.fullmatch(r"[\w-]+\.[\w-]+\.[\w-]+", token)
    refused = CliRunner().invoke(cli, ["token", "ivy.invited@acme.test"])
    assert refused.exit_code != 0
    assert "INVITED" in refused.output
    unknown = CliRunner().invoke(cli, ["token", "nobody@acme.test"])
    assert unknown.exit_code != 0


def test_seed_needs_something_to_seed(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["seed"])
    assert result.exit_code != 0


def test_a_synthetic_company_is_seeded_with_a_progress_bar(env: dict[str, str]) -> None:
    output = run("seed", "--employees", "60", "--company", "Hooli")
    assert "Seeded Hooli (60 employees)" in output


def test_migrate_reports_the_database(env: dict[str, str]) -> None:
    assert run("migrate").startswith("Migrated sqlite+aiosqlite:///")
    assert (Path(env["VIEWAS_DATA_DIR"]) / "viewas.db").exists()


def test_migrate_never_prints_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+asyncpg://viewas:s3cret@127.0.0.1:1/viewas"
    monkeypatch.setenv("VIEWAS_DATABASE_URL", url)
    result = CliRunner().invoke(cli, ["migrate"])
    assert result.exit_code != 0  # nothing listens on port 1
    assert "s3cret" not in result.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_prints_tokens_and_serves_graphiql_without_a_cdn(env: dict[str, str]) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "viewas.cli", "serve", "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        page = httpx.get(f"{base}/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert "GraphiQL" in page.text
        assert "https://" not in page.text  # every asset is served from here
        for asset in re.findall(r'(?:src|href)="(/graphiql/static/[^"]+)"', page.text):
            assert httpx.get(base + asset).status_code == 200, asset
        answer = httpx.post(f"{base}/graphql", json={"query": "{ me { email } }"})
        assert answer.status_code == 401
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=15)
    assert "GraphiQL: " in output
    people, tokens = output.split("Tokens (Authorization: Bearer <token>):")
    assert "ivy.invited@acme.test" in people  # listed with the id to impersonate her by
    assert re.search(r"sam\.super@acme\.test\n +[\w-]+\.[\w-]+\.[\w-]+\n", tokens)
    assert "ivy.invited@acme.test" not in tokens  # she cannot sign in
