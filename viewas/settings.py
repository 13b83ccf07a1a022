"""Configuration, read from ``VIEWAS_*`` environment variables (or a ``.env`` file)."""

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the service can be told. Built once and passed to ``create_app``."""

    model_config = SettingsConfigDict(env_prefix="VIEWAS_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Where SQLite and the key live.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy async URL; default: SQLite file in data_dir. "
        "PostgreSQL: postgresql+asyncpg://user@host/db",
    )
    jwt_secret: SecretStr | None = Field(
        default=None,
        description="HS256 signing key for local tokens; generated into data_dir when unset.",
    )
    jwt_issuer: str = "viewas"
    jwt_audience: str = "viewas"
    jwks_url: str | None = Field(
        default=None,
        description="Production: verify tokens against this JWKS (with issuer and audience) "
        "instead of the local key.",
    )
    jwks_cache_seconds: int = 300
    token_ttl_minutes: int = 12 * 60
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated origins of the single-page app."
    )
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_json: bool = False
    max_batch_operations: int = 10
    graphiql: bool = True
    consent_max_hours: int = 168

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'viewas.db').resolve()}"
