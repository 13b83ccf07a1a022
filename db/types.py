"""Column types that behave the same on SQLite and PostgreSQL."""

from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, whatever the backend keeps.

    SQLite has no time zones and hands back naive values; storing naive UTC everywhere keeps
    comparisons and ordering identical on both databases.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def enum_type(enum: type[Enum]) -> SAEnum:
    """A portable enum column: VARCHAR holding the member's name, no native type to migrate."""
    return SAEnum(enum, native_enum=False, length=20, validate_strings=True)


def id_type() -> String:
    return String(36)


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_any(value: Any) -> Any:
    """Hand a column to SQLModel's loosely typed ``sa_column`` helpers."""
    return value
